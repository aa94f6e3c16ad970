import { createRequire } from 'node:module';
import type * as ECharts from 'echarts';
import type { Dec } from '../engine/core/decimal.ts';

// ECharts is required (its one-file CommonJS build, the same version) when the first chart is drawn, not imported
// when the CLI starts: importing its ES modules cost 0.74–1.1 s of CPU on every command, requiring it 0.15–0.18 s.
let loaded: typeof ECharts | undefined;
const echarts = () => (loaded ??= createRequire(import.meta.url)('echarts') as typeof ECharts);

/**
 * Charts rendered on the server as SVG with ECharts' SSR renderer: no script runs in the report, the
 * file is self-contained, and the same data gives the same SVG. Chart heights are drawn from numbers
 * converted from the exact decimals (display only; tables and files keep the exact values).
 */
const FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const COLOURS = ['#4e79a7', '#59a14f', '#f28e2b', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

/** The drawing width: the report's text column (the SVG scales to it: a viewBox, width 100 %). */
const WIDTH = 1000;

/** A value label: 2 decimals, grouped, as the tables show it. */
// a value that rounds to zero to 2 places is "0.00", never "-0.00" (num() of a tiny negative change gives -0)
const round2 = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? 0 : r;
};
const label = (v: number) => round2(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (v: number) => `${round2(v) > 0 ? '+' : round2(v) < 0 ? '−' : ''}${label(Math.abs(v))}`;
/** ECharts passes a label formatter the item; its value may be a number or an object with one. */
const pointValue = (p: { value?: unknown }) => (typeof p.value === 'number' ? p.value : Number(p.value));

function render(id: string, option: ECharts.EChartsCoreOption, width = WIDTH, height = 400): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, color: COLOURS, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // zrender numbers its class and clip ids with process-wide counters; renumber them per chart so that
  // the same data gives the same bytes and two charts in one page never share an id.
  const ids = new Map<string, string>();
  return (
    svg
      .replace(/zr\d+-([a-z]+)-(\d+)/g, (m, kind: string) => {
        if (!ids.has(m)) ids.set(m, `${id}-${kind}-${ids.size}`);
        return ids.get(m)!;
      })
      // responsive: the full width of the text column, the height by the aspect ratio of the viewBox
      .replace(/^<svg width="\d+" height="\d+"/, '<svg class="chart" width="100%" preserveAspectRatio="xMidYMid meet"')
  );
}

/** Display number from an exact decimal (rounded to 2 places in the unit shown). */
export const num = (d: Dec, scale = '1') => Number(d.div(scale).toFixed(2));

/**
 * Stacked bars: one bar per x value, one stack part per series (side by side with `stacked: false`). `totals` (the
 * exact total of each stack, rounded like the parts with `num`) labels each stack; without it the label is the sum
 * of the rounded parts, which can differ from the total in the table by a cent (58.32 + 121.01 + 33.44 = 212.77
 * beside GEP 212.78).
 */
export function stackedBars(
  id: string,
  title: string,
  x: string[],
  series: { name: string; values: number[] }[],
  unit: string,
  stacked = true,
  totals?: number[],
): string {
  return render(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { bottom: 0, textStyle: { fontSize: 13 } },
    grid: { left: 80, right: 30, top: 60, bottom: 60 },
    xAxis: { type: 'category', data: x, axisLabel: { fontSize: 13 } },
    yAxis: { type: 'value', name: unit, nameTextStyle: { fontSize: 13 }, axisLabel: { fontSize: 12 } },
    labelLayout: { hideOverlap: true },
    series: [
      ...series.map((s) => ({
        type: 'bar',
        ...(stacked ? { stack: 'total' } : {}),
        name: s.name,
        data: s.values,
        label: {
          show: true,
          position: stacked ? 'inside' : 'top',
          fontSize: 12,
          ...(stacked ? { color: '#fff' } : {}),
          formatter: (p: { value?: unknown }) => label(pointValue(p)),
        },
      })),
      // the stack's total above each bar (an invisible series carrying only its label)
      ...(stacked && series.length > 1
        ? [
            {
              type: 'bar',
              stack: 'total',
              name: '',
              data: x.map(() => 0),
              silent: true,
              itemStyle: { color: 'transparent' },
              label: {
                show: true,
                position: 'top',
                fontSize: 12,
                fontWeight: 'bold',
                color: '#222',
                formatter: (p: { dataIndex: number }) =>
                  label(totals?.[p.dataIndex] ?? series.reduce((a, s) => a + (s.values[p.dataIndex] ?? 0), 0)),
              },
            },
          ]
        : []),
    ],
  });
}

/**
 * Waterfall: the opening total, each step (positive or negative), the closing total. Steps float on an
 * invisible base, as in ECharts' waterfall example.
 */
export function waterfall(
  id: string,
  title: string,
  start: { name: string; value: number },
  steps: { name: string; value: number }[],
  end: { name: string; value: number },
  unit: string,
): string {
  const names = [start.name, ...steps.map((s) => s.name), end.name];
  const total = (value: number) => ({ value, itemStyle: { color: '#4e79a7' } });
  const base: (number | string)[] = ['-'],
    up: (number | string | object)[] = [total(start.value)],
    down: (number | string)[] = ['-'];
  let level = start.value;
  for (const s of steps) {
    const next = level + s.value;
    base.push(Math.min(level, next));
    up.push(s.value >= 0 ? s.value : '-');
    down.push(s.value < 0 ? -s.value : '-');
    level = next;
  }
  base.push('-');
  up.push(total(end.value));
  down.push('-');
  // A bridge chart: the value axis starts below the lowest level (by twice the range of the levels, at a round
  // number, never below 0), so that steps of a few percent of the total are bars, not slivers; a step too small
  // to see still gets a minimum bar height, and every step and total carries its value.
  const levels = [start.value, end.value];
  let l = start.value;
  for (const s of steps) levels.push((l += s.value));
  const lo = Math.min(...levels),
    hi = Math.max(...levels);
  const floor = lo - 2 * (hi - lo);
  const step = 10 ** Math.floor(Math.log10(Math.max(Math.abs(lo), 1e-9)));
  const min = floor <= 0 ? 0 : Math.floor(floor / step) * step;
  const stepIndex = new Set(steps.map((_, n) => n + 1));
  const stepLabel = (sign: 1 | -1) => ({
    show: true,
    position: sign > 0 ? 'top' : 'bottom',
    fontSize: 12,
    color: '#222',
    formatter: (p: { dataIndex: number; value?: unknown }) =>
      stepIndex.has(p.dataIndex) ? signed(sign * pointValue(p)) : label(pointValue(p)),
  });
  return render(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { show: false },
    grid: { left: 80, right: 30, top: 60, bottom: 90 },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { interval: 0, fontSize: 12, width: Math.floor((WIDTH - 140) / names.length) - 6, overflow: 'break' },
    },
    yAxis: { type: 'value', name: unit, min, nameTextStyle: { fontSize: 13 }, axisLabel: { fontSize: 12 } },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, silent: true },
      { type: 'bar', stack: 'w', name: '+', data: up, itemStyle: { color: '#59a14f' }, barMinHeight: 4, label: stepLabel(1) },
      { type: 'bar', stack: 'w', name: '−', data: down, itemStyle: { color: '#c0392b' }, barMinHeight: 4, label: stepLabel(-1) },
    ],
  });
}

/** Horizontal bars (e.g. emissions by sector). */
export function hbars(id: string, title: string, items: { name: string; value: number }[], unit: string): string {
  return render(
    id,
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
      grid: { left: 230, right: 90, top: 60, bottom: 40 },
      xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26, nameTextStyle: { fontSize: 13 } },
      yAxis: {
        type: 'category',
        data: items.map((i) => i.name),
        inverse: true,
        axisLabel: { fontSize: 12, width: 220, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: items.map((i) => i.value),
          label: { show: true, position: 'right', fontSize: 12, formatter: (p: { value?: unknown }) => label(pointValue(p)) },
        },
      ],
    },
    WIDTH,
    Math.max(220, 90 + items.length * 26),
  );
}

/** Lines over years, with one point per series marked (e.g. the emissions peak). */
export function lines(
  id: string,
  title: string,
  x: string[],
  series: { name: string; values: (number | null)[]; mark?: { index: number; label: string } }[],
  unit: string,
): string {
  return render(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { bottom: 0, textStyle: { fontSize: 13 } },
    grid: { left: 80, right: 40, top: 60, bottom: 60 },
    xAxis: { type: 'category', data: x, axisLabel: { fontSize: 12 } },
    yAxis: { type: 'value', name: unit, nameTextStyle: { fontSize: 13 }, axisLabel: { fontSize: 12 } },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      ...(s.mark
        ? {
            markPoint: {
              symbol: 'pin',
              data: [{ coord: [s.mark.index, s.values[s.mark.index]], value: s.mark.label }],
              label: { fontSize: 10 },
            },
          }
        : {}),
    })),
  });
}
