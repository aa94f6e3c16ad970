import { type Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { type Issue, IssuesError } from '../core/errors.ts';
import { quantile, type Spread, sample } from '../uncertainty/distributions.ts';
import { drawStream } from '../uncertainty/prng.ts';
import { discounted, discountedPaybackYears, irr, npv, paybackYears, signChanges } from './discount.ts';
import { type LineKind, OUTFLOW_KINDS, type Project } from './eod-schema.ts';

/**
 * EOD project appraisal (生态环境导向的开发, MEE–NDRC–PBOC–NFRA 《生态环境导向的开发(EOD)项目实施导则(试行)》, Dec 2023):
 * the project's ΔGEP against its baseline, its cash flows by year, NPV, IRR, payback, the self-balance ratio, the
 * five links of "ecological investment → better environment → higher quality → land-value uplift → value fed
 * back" and the NPV band from a Monte Carlo of the uncertain lines. Pure: ΔGEP comes in from the scenario
 * comparison (lib/eod.ts). Every amount is CNY at the project's constant prices; t = 0 is the start year.
 */

/** The project's ΔGEP (project − baseline) of one service, CNY at constant prices, by account year. */
export interface ServiceDelta {
  service: string;
  category: string;
  byYear: Map<number, Dec>;
}

export interface EodInputs {
  project: Project;
  /** CNY per one of the project's money unit. */
  unitFactor: Dec;
  deltas: ServiceDelta[];
  /** The years the GEP account covers (ΔGEP is measured there, projected after). */
  accountYears: number[];
  /** Land converted by the project scenario up to the account's last year, ha (the "better environment" link). */
  areaConverted: Dec;
}

export interface LineFlows {
  id: string;
  kind: LineKind;
  /** −1 for outflows (investment, operating costs), 1 for inflows. */
  sign: 1 | -1;
  /** CNY by horizon year, index t = year − start. */
  amounts: Dec[];
  pv: Dec;
  total: Dec;
}

export interface DeltaRow {
  service: string;
  category: string;
  /** Marketable share and where it comes from ('project' or the finance sheet's 'default'). */
  share: Dec;
  shareFrom: 'project' | 'default';
  /** ΔGEP by horizon year (measured in account years, projected after), and its monetisable part. */
  delta: Dec[];
  monetisable: Dec[];
  pv: Dec;
  pvMonetisable: Dec;
}

export interface LinkMeasure {
  id: string;
  value: Dec | undefined;
  unit: string;
}
export interface Link {
  id: 'investment' | 'environment' | 'quality' | 'land_value' | 'feedback';
  measures: LinkMeasure[];
}

export interface Appraisal {
  years: number[];
  rate: Dec;
  deltas: DeltaRow[];
  lines: LineFlows[];
  net: Dec[];
  cumulative: Dec[];
  discountedNet: Dec[];
  cumulativeDiscounted: Dec[];
  npv: Dec;
  /** undefined with the reason when the net flows have no IRR. */
  irr: Dec | undefined;
  irrNote: string;
  signChanges: number;
  payback: Dec | undefined;
  discountedPayback: Dec | undefined;
  pvInvestment: Dec;
  pvOperating: Dec;
  pvRevenue: Dec;
  /** (PV of revenues − PV of operating costs) / PV of the ecological investment: ≥ 1 is self-balanced (资金自平衡). */
  selfBalance: Dec | undefined;
  /** The same undiscounted (sums over the horizon). */
  selfBalanceSimple: Dec | undefined;
  links: Link[];
}

const sum = (xs: readonly Dec[]) => xs.reduce((a, b) => a.plus(b), ZERO);
const ratio = (a: Dec, b: Dec) => (b.isZero() ? undefined : a.div(b));

/** The finance sheet's rule (reports/finance.ts): provisioning services are marketable, the rest are not. */
export const defaultShare = (category: string): Dec => (category === 'provisioning' ? ONE : ZERO);

/**
 * ΔGEP of a service in a horizon year: the latest account year's at or before it (hold_last: after the account's
 * last year, and in a year the account skips), 0 before the account's first. Account years are ascending.
 */
function projected(d: ServiceDelta, year: number, accountYears: number[]): Dec {
  const at = accountYears.filter((y) => y <= year).at(-1);
  return at === undefined ? ZERO : (d.byYear.get(at) ?? ZERO);
}

/** Each line's CNY by horizon year; every misfit (a year outside the horizon, an unknown service) reported at once. */
export function lineFlows(x: EodInputs, issues: Issue[] = []): LineFlows[] {
  const { project: p } = x;
  const n = p.end - p.start + 1;
  const rate = dec(p.discount_rate.value);
  const deltas = new Map(x.deltas.map((d) => [d.service, d]));
  const out: LineFlows[] = [];
  p.lines.forEach((l, i) => {
    const at = `lines.${i}`;
    const amounts: Dec[] = Array.from({ length: n }, () => ZERO);
    const inHorizon = (y: number, field: string) => {
      if (y >= p.start && y <= p.end) return true;
      issues.push({
        code: 'project_invalid',
        path: `${at}.${field}`,
        message: `line ${l.id}: ${y} is outside the horizon ${p.start}–${p.end}`,
      });
      return false;
    };
    if (l.amounts)
      for (const [y, v] of Object.entries(l.amounts)) {
        if (inHorizon(Number(y), `amounts.${y}`)) amounts[Number(y) - p.start] = dec(v).mul(x.unitFactor);
      }
    else {
      const from = l.from ?? p.start,
        to = l.to ?? p.end;
      const ok = inHorizon(from, 'from') && inHorizon(to, 'to');
      if (ok && to < from) issues.push({ code: 'years_order', path: `${at}.to`, message: `line ${l.id}: to ${to} is before from ${from}` });
      const d = l.gep ? deltas.get(l.gep.service) : undefined;
      if (l.gep && !d)
        issues.push({
          code: 'service_unknown',
          path: `${at}.gep.service`,
          message: `line ${l.id}: service "${l.gep.service}" has no ΔGEP in the comparison (${[...deltas.keys()].join(', ')})`,
        });
      if (ok && to >= from && (!l.gep || d)) {
        const g = ONE.plus(dec(l.growth ?? '0'));
        for (let y = from; y <= to; y++)
          amounts[y - p.start] = l.gep
            ? dec(l.gep.share).mul(projected(d!, y, x.accountYears))
            : dec(l.amount!)
                .mul(x.unitFactor)
                .mul(g.pow(y - from));
      }
    }
    out.push({
      id: l.id,
      kind: l.kind,
      sign: OUTFLOW_KINDS.includes(l.kind) ? -1 : 1,
      amounts,
      pv: npv(rate, amounts),
      total: sum(amounts),
    });
  });
  return out;
}

/** The whole appraisal of a project on its ΔGEP (refused with every problem at once). */
export function appraise(x: EodInputs): Appraisal {
  const { project: p } = x;
  const issues: Issue[] = [];
  const known = new Set(x.deltas.map((d) => d.service));
  p.marketable.forEach((m, i) => {
    if (!known.has(m.service))
      issues.push({
        code: 'service_unknown',
        path: `marketable.${i}.service`,
        message: `service "${m.service}" has no ΔGEP in the comparison`,
      });
    if (dec(m.share).lt(0) || dec(m.share).gt(1))
      issues.push({ code: 'not_a_fraction', path: `marketable.${i}.share`, message: `share ${m.share} is not between 0 and 1` });
  });
  const lines = lineFlows(x, issues);
  if (issues.length) throw new IssuesError('run', issues);

  const years = Array.from({ length: p.end - p.start + 1 }, (_, t) => p.start + t);
  const rate = dec(p.discount_rate.value);
  const net = years.map((_, t) => sum(lines.map((l) => (l.sign === 1 ? l.amounts[t]! : l.amounts[t]!.neg()))));
  const running = (xs: Dec[]) => {
    let c = ZERO;
    return xs.map((v) => (c = c.plus(v)));
  };
  const discountedNet = discounted(rate, net);
  const of = (kinds: LineKind[], pick: (l: LineFlows) => Dec) => sum(lines.filter((l) => kinds.includes(l.kind)).map(pick));
  const inflows: LineKind[] = ['related_industry', 'land_value_uplift', 'rights', 'carbon'];
  const pvInvestment = of(['investment'], (l) => l.pv);
  const pvOperating = of(['operating_cost'], (l) => l.pv);
  const pvRevenue = of(inflows, (l) => l.pv);
  let irrValue: Dec | undefined;
  let irrNote = '';
  try {
    irrValue = irr(net);
  } catch (e) {
    if (!(e instanceof IssuesError)) throw e;
    irrNote = e.issues[0]!.message;
  }
  const changes = signChanges(net);
  if (irrValue && changes > 1) irrNote = `the net flows change sign ${changes} times: the IRR may not be unique`;

  const shares = new Map(p.marketable.map((m) => [m.service, dec(m.share)]));
  const deltas: DeltaRow[] = x.deltas.map((d) => {
    const share = shares.get(d.service) ?? defaultShare(d.category);
    const delta = years.map((y) => projected(d, y, x.accountYears));
    const monetisable = delta.map((v) => v.mul(share));
    return {
      service: d.service,
      category: d.category,
      share,
      shareFrom: shares.has(d.service) ? 'project' : 'default',
      delta,
      monetisable,
      pv: npv(rate, delta),
      pvMonetisable: npv(rate, monetisable),
    };
  });
  const last = x.accountYears.at(-1)!;
  const lastDelta = (cat?: string) => sum(x.deltas.filter((d) => !cat || d.category === cat).map((d) => d.byYear.get(last) ?? ZERO));
  const links: Link[] = [
    {
      id: 'investment',
      measures: [
        { id: 'pv_investment', value: pvInvestment, unit: 'CNY' },
        { id: 'total_investment', value: of(['investment'], (l) => l.total), unit: 'CNY' },
      ],
    },
    {
      id: 'environment',
      measures: [
        { id: 'area_converted', value: x.areaConverted, unit: 'ha' },
        { id: 'delta_regulating', value: lastDelta('regulating'), unit: 'CNY/a' },
      ],
    },
    {
      id: 'quality',
      measures: [
        { id: 'delta_gep', value: lastDelta(), unit: 'CNY/a' },
        { id: 'delta_cultural', value: lastDelta('cultural'), unit: 'CNY/a' },
        { id: 'pv_delta_gep', value: sum(deltas.map((d) => d.pv)), unit: 'CNY' },
        { id: 'pv_monetisable', value: sum(deltas.map((d) => d.pvMonetisable)), unit: 'CNY' },
      ],
    },
    { id: 'land_value', measures: [{ id: 'pv_land_value', value: of(['land_value_uplift'], (l) => l.pv), unit: 'CNY' }] },
    {
      id: 'feedback',
      measures: [
        { id: 'pv_net_revenue', value: pvRevenue.minus(pvOperating), unit: 'CNY' },
        { id: 'self_balance', value: ratio(pvRevenue.minus(pvOperating), pvInvestment), unit: '1' },
      ],
    },
  ];
  return {
    years,
    rate,
    deltas,
    lines,
    net,
    cumulative: running(net),
    discountedNet,
    cumulativeDiscounted: running(discountedNet),
    npv: npv(rate, net),
    irr: irrValue,
    irrNote,
    signChanges: changes,
    payback: paybackYears(net),
    discountedPayback: discountedPaybackYears(rate, net),
    pvInvestment,
    pvOperating,
    pvRevenue,
    selfBalance: ratio(pvRevenue.minus(pvOperating), pvInvestment),
    selfBalanceSimple: ratio(
      of(inflows, (l) => l.total).minus(of(['operating_cost'], (l) => l.total)),
      of(['investment'], (l) => l.total),
    ),
    links,
  };
}

/** One uncertain input of the NPV: the discount rate itself, or a multiplier on one line. */
export interface NpvParam {
  id: string;
  spread: Spread;
}
/** What the draws of the NPV need: the lines' flows (as appraised), the rate and the parameters, in the file's order. */
export interface NpvSetup {
  lines: Pick<LineFlows, 'id' | 'sign' | 'amounts'>[];
  rate: Dec;
  params: NpvParam[];
}

const spreadOf = (r: { low: string; high: string; mode?: string | undefined; distribution: Spread['distribution'] }): Spread => {
  const low = dec(r.low),
    high = dec(r.high);
  return { distribution: r.distribution, low, high, mode: r.mode ? dec(r.mode) : low.plus(high).div(2) };
};

/** The Monte Carlo setup of a project: the discount rate's range first (when it has one), then each line's, in file order. */
export function npvSetup(project: Project, a: Appraisal): NpvSetup {
  const params: NpvParam[] = [];
  if (project.discount_rate.range) params.push({ id: 'discount_rate', spread: spreadOf(project.discount_rate.range) });
  for (const l of project.lines) if (l.range) params.push({ id: `line:${l.id}`, spread: spreadOf(l.range) });
  return { lines: a.lines, rate: a.rate, params };
}

/**
 * The NPVs of draws [from, to): draw i reads its own stream drawStream(seed, i), one uniform number per parameter
 * in setup order, so any split of the draws (threads, workers) gives the same values (the shared contract).
 */
export function npvDrawRange(setup: NpvSetup, seed: number, from: number, to: number): Dec[] {
  const out: Dec[] = [];
  const lineIndex = new Map(setup.lines.map((l, n) => [`line:${l.id}`, n]));
  for (let i = from; i < to; i++) {
    const rng = drawStream(seed, i);
    let rate = setup.rate;
    const mult = setup.lines.map(() => ONE);
    for (const p of setup.params) {
      const v = sample(p.spread, rng());
      if (p.id === 'discount_rate') rate = v;
      else mult[lineIndex.get(p.id)!] = v;
    }
    const n = setup.lines[0]?.amounts.length ?? 0;
    const flows = Array.from({ length: n }, (_, t) => sum(setup.lines.map((l, k) => l.amounts[t]!.mul(mult[k]!).mul(l.sign))));
    out.push(npv(rate, flows));
  }
  return out;
}

export interface NpvBand {
  draws: number;
  seed: number;
  p5: Dec;
  p50: Dec;
  p95: Dec;
  mean: Dec;
  /** Share of draws with NPV < 0. */
  negative: Dec;
}

/** P5 / P50 / P95 (Hyndman–Fan type 7), mean and the share below zero, from the draws in index order. */
export function npvBand(values: Dec[], seed: number): NpvBand {
  const sorted = [...values].sort((a, b) => a.cmp(b));
  const n = values.length;
  return {
    draws: n,
    seed,
    p5: quantile(sorted, dec('0.05')),
    p50: quantile(sorted, dec('0.5')),
    p95: quantile(sorted, dec('0.95')),
    mean: sum(values).div(n),
    negative: dec(String(values.filter((v) => v.lt(0)).length)).div(n),
  };
}
