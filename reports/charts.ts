import * as echarts from 'echarts';
import type { Dec } from '../engine/core/decimal.ts';

/**
 * Charts rendered on the server as SVG with ECharts' SSR renderer: no script runs in the report, the
 * file is self-contained, and the same data gives the same SVG. Chart heights are drawn from numbers
 * converted from the exact decimals (display only; tables and files keep the exact values).
 */
const FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const COLOURS = ['#4e79a7', '#59a14f', '#f28e2b', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

function render(id: string, option: echarts.EChartsCoreOption, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, color: COLOURS, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // zrender numbers its class and clip ids with process-wide counters; renumber them per chart so that
  // the same data gives the same bytes and two charts in one page never share an id.
  const ids = new Map<string, string>();
  return svg.replace(/zr\d+-([a-z]+)-(\d+)/g, (m, kind: string) => {
    if (!ids.has(m)) ids.set(m, `${id}-${kind}-${ids.size}`);
    return ids.get(m)!;
  });
}

/** Display number from an exact decimal (rounded to 2 places in the unit shown). */
export const num = (d: Dec, scale = '1') => Number(d.div(scale).toFixed(2));

/** Stacked bars: one bar per x value, one stack part per series (side by side with `stacked: false`). */
export function stackedBars(
  id: string,
  title: string,
  x: string[],
  series: { name: string; values: number[] }[],
  unit: string,
  stacked = true,
): string {
  return render(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 50, bottom: 50 },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value', name: unit },
    series: series.map((s) => ({
      type: 'bar',
      ...(stacked ? { stack: 'total' } : {}),
      name: s.name,
      data: s.values,
      label: { show: false },
    })),
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
  return render(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 70, right: 20, top: 50, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: unit },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, silent: true },
      { type: 'bar', stack: 'w', name: '+', data: up, itemStyle: { color: '#59a14f' } },
      { type: 'bar', stack: 'w', name: '−', data: down, itemStyle: { color: '#e15759' } },
    ],
  });
}

/** Horizontal bars (e.g. emissions by sector). */
export function hbars(id: string, title: string, items: { name: string; value: number }[], unit: string): string {
  return render(
    id,
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 160, right: 40, top: 50, bottom: 30 },
      xAxis: { type: 'value', name: unit },
      yAxis: { type: 'category', data: items.map((i) => i.name), inverse: true },
      series: [{ type: 'bar', data: items.map((i) => i.value) }],
    },
    720,
    Math.max(200, 60 + items.length * 28),
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
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 70, right: 30, top: 50, bottom: 50 },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value', name: unit },
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
