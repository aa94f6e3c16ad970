import { type Dec, dec, str, ZERO } from '../engine/core/decimal.ts';
import { conversion, parseUnit } from '../engine/core/units.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { Appraisal, NpvBand, ServiceDelta } from '../engine/finance/eod.ts';
import type { Project } from '../engine/finance/eod-schema.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { CompareLine } from './compare.ts';
import type { ResultRow } from './rows.ts';
import type { AccountRun, RunMeta } from './run.ts';

/** An appraised EOD project (runs/kinds/eod): what its files, rows and report read. */
export interface EodRun {
  meta: {
    id: string;
    kind: 'eod';
    project: { id: string; hash: string; illustrative: boolean };
    /** The id of the scenario comparison the ΔGEP is read from (gep compare of the same scenarios names it so). */
    compare: string;
    reference: RunMeta;
    scenario: RunMeta;
    draws: number;
    seed: number;
  };
  project: Project;
  appraisal: Appraisal;
  band?: NpvBand;
  /** The project scenario's GEP account, and the baseline's. */
  account: AccountRun;
  reference: AccountRun;
  rows: ResultRow[];
}

/**
 * The project's ΔGEP by service and account year, from the scenario comparison's lines: the service rows at
 * constant (base-year) prices of the project's region, Δ = project − baseline. The same numbers as the
 * comparison's delta_service rows (test/finance/eod.test.ts holds them equal).
 */
export function projectDeltas(lines: CompareLine[], region: string): ServiceDelta[] {
  const out = new Map<string, ServiceDelta>();
  for (const l of lines) {
    const r = l.row;
    if (r.level !== 'service' || r.price_basis !== 'constant' || r.region !== region || l.money.delta === '') continue;
    let d = out.get(r.indicator);
    if (!d) out.set(r.indicator, (d = { service: r.indicator, category: r.category, byYear: new Map() }));
    d.byYear.set(Number(r.year), dec(l.money.delta));
  }
  return [...out.values()];
}

/** CNY per one of the project's money unit (10^4 CNY → 10000), refused when the unit is not money. */
export function projectUnitFactor(p: Project, file: string): Dec {
  try {
    const c = conversion(parseUnit(p.unit), parseUnit('CNY'));
    return c.num.div(c.den);
  } catch (e) {
    throw new IssuesError('run', [
      {
        code: 'unit_mismatch',
        file,
        path: 'unit',
        message: `unit "${p.unit}" is not an amount of CNY: ${e instanceof Error ? e.message : e}`,
      },
    ]);
  }
}

/** Land the scenario converts up to a year (ha): the "better environment" link. */
export function areaConverted(s: Scenario | undefined, upTo: number): Dec {
  return (s?.overrides.conversions ?? []).filter((c) => c.from <= upTo).reduce((a, c) => a.plus(dec(c.area_ha)), ZERO);
}

const opt = (d: Dec | undefined) => (d === undefined ? '' : str(d));

/** The appraisal as long rows: ΔGEP by service and year, each line's flows, the net flows, the metrics, the NPV band. */
export function eodRows(p: Project, a: Appraisal, band: NpvBand | undefined, model: string): ResultRow[] {
  const rows: ResultRow[] = [];
  const base = {
    region: p.region,
    scenario: p.id,
    physical_value: '',
    physical_unit: '',
    currency: 'CNY',
    price_year: String(p.price_year),
    price_basis: 'constant',
    model,
  };
  const row = (
    indicator: string,
    level: string,
    category: string,
    year: string,
    key: string,
    value: string,
    method: string,
    unit = 'CNY',
  ) =>
    rows.push({
      ...base,
      indicator,
      level,
      category,
      year,
      key,
      money_value: unit === 'CNY' ? value : '',
      ...(unit === 'CNY' ? {} : { physical_value: value, physical_unit: unit, currency: '', price_basis: '', price_year: '' }),
      method,
    });
  for (const d of a.deltas)
    a.years.forEach((y, t) => {
      row(d.service, 'eod_delta', d.category, String(y), '', str(d.delta[t]!), 'Δ project − baseline');
      row(
        d.service,
        'eod_monetisable',
        d.category,
        String(y),
        `share=${str(d.share)}`,
        str(d.monetisable[t]!),
        `marketable share (${d.shareFrom})`,
      );
    });
  for (const l of a.lines)
    for (const [t, y] of a.years.entries())
      row(`eod.line.${l.id}`, 'eod_flow', l.kind, String(y), `sign=${l.sign}`, str(l.amounts[t]!), 'cash flow');
  a.years.forEach((y, t) => {
    row('eod.net', 'eod_net', '', String(y), '', str(a.net[t]!), 'net cash flow');
    row('eod.net_discounted', 'eod_net', '', String(y), `rate=${str(a.rate)}`, str(a.discountedNet[t]!), 'discounted net cash flow');
  });
  const span = `${p.start}-${p.end}`;
  row('eod.npv', 'eod_metric', '', span, `rate=${str(a.rate)}`, str(a.npv), 'Σ CF_t/(1+r)^t');
  row('eod.irr', 'eod_metric', '', span, '', opt(a.irr), a.irrNote || 'NPV(IRR) = 0, bisection', '1');
  row('eod.payback', 'eod_metric', '', span, '', opt(a.payback), 'years to cumulative CF ≥ 0', 'a');
  row(
    'eod.discounted_payback',
    'eod_metric',
    '',
    span,
    `rate=${str(a.rate)}`,
    opt(a.discountedPayback),
    'years to cumulative discounted CF ≥ 0',
    'a',
  );
  row(
    'eod.self_balance',
    'eod_metric',
    '',
    span,
    '',
    opt(a.selfBalance),
    '(PV revenues − PV operating costs) / PV ecological investment',
    '1',
  );
  for (const k of a.links)
    for (const m of k.measures)
      row(`eod.link.${k.id}.${m.id}`, 'eod_link', '', span, '', opt(m.value), 'EOD chain', m.unit.startsWith('CNY') ? 'CNY' : m.unit);
  if (band)
    for (const [q, v] of [
      ['p5', band.p5],
      ['p50', band.p50],
      ['p95', band.p95],
      ['mean', band.mean],
    ] as const)
      row(`eod.npv.${q}`, 'eod_band', '', span, `draws=${band.draws};seed=${band.seed}`, str(v), 'Monte Carlo of the uncertain lines');
  return rows;
}

/** The appraisal as JSON (exact decimal strings). */
export function eodJson(p: Project, a: Appraisal, band: NpvBand | undefined) {
  return {
    project: {
      id: p.id,
      label: p.label,
      illustrative: p.illustrative,
      region: p.region,
      start: p.start,
      end: p.end,
      price_year: p.price_year,
    },
    discount_rate: { value: str(a.rate), source: p.discount_rate.source },
    years: a.years,
    delta_gep: a.deltas.map((d) => ({
      service: d.service,
      category: d.category,
      share: str(d.share),
      share_from: d.shareFrom,
      delta: d.delta.map(str),
      monetisable: d.monetisable.map(str),
      pv: str(d.pv),
      pv_monetisable: str(d.pvMonetisable),
    })),
    lines: a.lines.map((l) => ({ id: l.id, kind: l.kind, sign: l.sign, amounts: l.amounts.map(str), pv: str(l.pv), total: str(l.total) })),
    net: a.net.map(str),
    cumulative: a.cumulative.map(str),
    discounted_net: a.discountedNet.map(str),
    cumulative_discounted: a.cumulativeDiscounted.map(str),
    npv: str(a.npv),
    irr: opt(a.irr),
    irr_note: a.irrNote,
    payback_years: opt(a.payback),
    discounted_payback_years: opt(a.discountedPayback),
    pv_investment: str(a.pvInvestment),
    pv_operating: str(a.pvOperating),
    pv_revenue: str(a.pvRevenue),
    self_balance: opt(a.selfBalance),
    self_balance_undiscounted: opt(a.selfBalanceSimple),
    links: a.links.map((k) => ({ id: k.id, measures: k.measures.map((m) => ({ id: m.id, value: opt(m.value), unit: m.unit })) })),
    npv_band: band
      ? {
          draws: band.draws,
          seed: band.seed,
          p5: str(band.p5),
          p50: str(band.p50),
          p95: str(band.p95),
          mean: str(band.mean),
          negative_share: str(band.negative),
        }
      : null,
  };
}
