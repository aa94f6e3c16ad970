import { Dec, fixed, grouped, str } from '../engine/core/decimal.ts';
import { factorSetJson } from '../engine/carbon/factors.ts';
import { LMDI_FACTORS, LMDI_FORMULAS } from '../engine/carbon/lmdi.ts';
import { KAYA_FORMULA } from '../engine/carbon/projection.ts';
import { describe } from '../engine/eval/explain.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { suggest } from '../engine/core/suggest.ts';

/** Plain JSON data: decimals as exact strings, maps as objects (keys sorted by canonicalJson). */
function plain(v: unknown): unknown {
  if (v instanceof Dec) return str(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (v instanceof Set) return [...v].map(plain);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, plain(x)]),
    );
  return v;
}

/** carbon.json: every result of the run, exact; traces go to trace.json. */
export function carbonJson(run: CarbonRun): string {
  const { meta, factors } = run;
  return (
    canonicalJson(
      plain({
        run: meta,
        // The whole factor set as used (each factor a dated parameter: values in the engine's units, entries with from/until, source, status): the provenance sheet.
        factor_set: factorSetJson(factors),
        inventory: run.inventory.map((e) => ({
          gdp_constant: e.gdpConstant,
          population: e.population,
          intensities: e.intensities,
          ...withoutTraces(e.inventory),
        })),
        dual_control: run.dual,
        projection: run.projection.map((p) => ({ ...p, formula: KAYA_FORMULA })),
        decomposition: run.decomposition.map((d) => ({ ...d, formulas: LMDI_FORMULAS })),
        footprints: run.footprints,
      }),
    ) + '\n'
  );
}

export function carbonTraceJson(run: CarbonRun): string {
  return canonicalJson(plain(run.inventory.map((e) => ({ region: e.region, year: e.year, traces: e.inventory.traces })))) + '\n';
}

function withoutTraces<T extends { traces: unknown }>(inv: T): Omit<T, 'traces'> {
  const { traces: _, ...rest } = inv;
  return rest;
}

/** The long rows of a carbon run live in lib (the store and the API read them too); re-exported for the reports. */
export { carbonRows } from '../lib/carbon-rows.ts';

// ---- summaries ---------------------------------------------------------------------------------------
type Table = { head: string[]; rows: string[][] };
/**
 * Thousand t with precision that follows magnitude: one decimal from 100 kt up, else three significant digits
 * (a 3.19 t case prints 0.00319, not 0.0), at most nine decimals.
 */
export function kt(v: Dec): string {
  const x = v.div(1000);
  return grouped(x, x.isZero() ? 1 : Math.min(9, Math.max(1, 2 - x.abs().e)));
}
const pct = (v: Dec) => `${fixed(v.mul(100), 2)}%`;

export function carbonTables(run: CarbonRun): { title: string; table: Table }[] {
  const out: { title: string; table: Table }[] = [];
  if (run.inventory.length) {
    out.push({
      title: `Inventory, ktCO2e (grid ${run.meta.grid.geography} ${run.meta.grid.kind}, GWP ${run.meta.gwp}); energy in ktce; intensity per 10⁴ CNY at ${run.meta.price_year} prices`,
      table: {
        head: [
          'region',
          'year',
          'scope 1',
          'scope 2',
          'gross',
          'sinks (apart)',
          'BASIC',
          'BASIC+',
          'plant fuel (apart)',
          'energy',
          'tCO2/10⁴ CNY',
          'tce/10⁴ CNY',
          'tCO2/person',
        ],
        rows: run.inventory.map((e) => [
          e.region,
          `${e.year}${e.inventory.factors.gridBackcast ? '*' : ''}`,
          kt(e.inventory.scope1),
          kt(e.inventory.scope2),
          kt(e.inventory.gross),
          kt(e.inventory.sinks),
          kt(e.inventory.gpc.basic),
          kt(e.inventory.gpc.basicPlus),
          kt(e.inventory.gpc.energyGeneration),
          kt(e.inventory.energy.calorific),
          e.intensities.co2PerGdp ? fixed(e.intensities.co2PerGdp, 4) : '',
          e.intensities.energyPerGdp ? fixed(e.intensities.energyPerGdp, 4) : '',
          e.intensities.co2PerCapita ? fixed(e.intensities.co2PerCapita, 2) : '',
        ]),
      },
    });
  }
  if (run.inventory.length) {
    out.push({
      title:
        'Territorial and consumption views, ktCO2e: consumption = scope 1 + scope 2 (electricity and heat where used, the plants’ fuel apart); territorial = scope 1 + the plants’ fuel (every emission inside the boundary, no scope 2, as provincial inventories report); territorial − consumption = plant fuel − scope 2',
      table: {
        head: ['region', 'year', 'consumption', 'territorial', 'plant fuel', 'scope 2', 'territorial − consumption'],
        rows: run.inventory.map((e) => [
          e.region,
          String(e.year),
          kt(e.inventory.views.consumption),
          kt(e.inventory.views.territorial),
          kt(e.inventory.gpc.energyGeneration),
          kt(e.inventory.scope2),
          kt(e.inventory.views.difference),
        ]),
      },
    });
  }
  for (const d of run.dual) {
    out.push({
      title: `Dual control, ${d.region}: base ${d.targets.baseYear}, targets −${pct(d.targets.energyIntensity)} energy / −${pct(d.targets.co2Intensity)} CO2 intensity, ${d.targets.ladder.kind} ladder, energy on the ${d.targets.basis ?? 'calorific'} basis${d.targets.basis === 'equivalent' ? ' (等价值: purchased electricity at the year’s coal_rate row)' : ' (当量值)'}`,
      table: {
        head: ['indicator', 'year', 'value', 'unit', 'decline', 'required', 'light'],
        rows: d.lines
          .filter(
            (l) =>
              l.indicator.includes('intensity') ||
              l.indicator.includes('deduction') ||
              l.indicator.endsWith('_total') ||
              /_(cap|increment)$|elasticity|gdp_path/.test(l.indicator),
          )
          .map((l) => [
            l.indicator,
            String(l.year),
            /_(cap|increment)$/.test(l.indicator)
              ? grouped(l.value, 2)
              : l.unit === 'tce' || l.unit === 'tCO2' || l.unit === 'CNY'
                ? grouped(l.value, 0)
                : fixed(l.value, 4),
            l.unit,
            l.decline ? pct(l.decline) : '',
            l.required
              ? l.indicator.includes('intensity') || l.indicator.endsWith('_cap')
                ? pct(l.required)
                : grouped(l.required, 0)
              : '',
            l.light ?? '',
          ]),
      },
    });
  }
  // the target year and the horizon the run used (options, else the defaults file), never literals
  const targetYear = run.options.projection?.targetYear ?? DEFAULTS.carbon.projection.target_year;
  for (const p of run.projection) {
    const o = p.observed;
    out.push({
      title: `Peak status of the observed emissions, ${p.region} ${o.firstYear}–${o.lastYear} (ktCO2e, gross)${run.options.projection?.plateau ? `; plateau: |growth| ≤ ${run.options.projection.plateau.maxGrowth} for ${run.options.projection.plateau.years} years (a convention, --plateau)` : ''}`,
      table: {
        head: [
          'region',
          'peak year',
          'peak',
          'peaked',
          'rebound',
          'plateau from',
          'last year',
          'last',
          'below peak',
          'years since peak',
          'target year',
          'years to target',
          'peaked by target',
        ],
        rows: [
          [
            p.region,
            String(o.year),
            kt(o.value),
            o.peaked ? 'yes' : 'no (maximum is the last year)',
            o.rebound ? `fell after ${o.rebound.firstPeakYear}, up in ${o.rebound.reboundYear}` : 'no',
            o.plateauFrom ? String(o.plateauFrom) : '',
            String(o.lastYear),
            kt(o.lastValue),
            pct(o.belowPeak),
            String(o.yearsSincePeak),
            o.targetYear !== undefined ? String(o.targetYear) : '',
            o.yearsToTarget !== undefined ? String(o.yearsToTarget) : '',
            o.metTarget === undefined ? '' : o.metTarget ? 'yes' : 'not yet',
          ],
        ],
      },
    });
    if (!p.base) {
      out.push({
        title: `Projection, ${p.region}: none (${p.projectionError ?? ''})`,
        table: { head: ['note'], rows: [[p.projectionError ?? '']] },
      });
      continue;
    }
    const horizon = p.scenarios[0]?.years.at(-1)?.year ?? DEFAULTS.carbon.projection.to_year;
    out.push({
      title: `Projection from ${p.base.year}, ${p.region} (ktCO2e)${p.stirpat ? `; STIRPAT ridge k=${p.stirpat.k}, R²=${p.stirpat.r2.toFixed(3)}, elasticities P ${str(p.stirpat.elasticities.population)}, A ${str(p.stirpat.elasticities.affluence)}, T ${str(p.stirpat.elasticities.technology)}${p.stirpat.warnings ? ` — WARNING: ${p.stirpat.warnings.join('; ')}` : ''}` : ''}${p.stirpatError ? `; no STIRPAT path: ${p.stirpatError}` : ''}`,
      table: {
        head: [
          'scenario',
          'peak year',
          'peak',
          'peaked',
          'rebound',
          'vs target',
          `${targetYear}${targetYear > horizon ? ' (after the horizon)' : ''}`,
          String(horizon),
          `energy ${horizon} (ktce)`,
          `GDP ${horizon} (10⁸ CNY)`,
          'STIRPAT peak year',
        ],
        rows: p.scenarios.map((s) => [
          s.path.id,
          String(s.peak.year),
          kt(s.peak.value),
          `${s.peak.peaked ? 'yes' : 'no (max at horizon)'}${s.peak.plateauFrom ? `, plateau from ${s.peak.plateauFrom}` : ''}`,
          s.peak.rebound ? `after ${s.peak.rebound.firstPeakYear}, up in ${s.peak.rebound.reboundYear}` : 'no',
          s.peak.vsTarget !== undefined ? `${s.peak.vsTarget > 0 ? '+' : ''}${s.peak.vsTarget} yr` : '',
          // a target year outside the projected years has no value: blank, not 0
          ((v) => (v ? kt(v) : ''))(s.years.find((y) => y.year === targetYear)?.co2),
          kt(s.years.at(-1)!.co2),
          kt(s.years.at(-1)!.energy),
          grouped(s.years.at(-1)!.gdp.div('1e8'), 1),
          s.stirpatPeak ? String(s.stirpatPeak.year) : '',
        ]),
      },
    });
  }
  for (const d of run.decomposition) {
    out.push({
      title: `LMDI decomposition of energy CO2, ${d.region} ${d.lmdi.from}→${d.lmdi.to} (ktCO2e; effects add up to ΔC exactly)`,
      table: {
        head: ['effect', 'ktCO2e'],
        rows: [
          ...LMDI_FACTORS.map((k) => [k, kt(d.lmdi.effects[k])]),
          ['= Δ energy CO2', kt(d.lmdi.delta)],
          ['non-energy (processes, CH4, N2O)', kt(d.nonEnergy.delta)],
        ],
      },
    });
  }
  if (run.footprints) {
    out.push({
      title: 'Entity footprints (tCO2e; intensity per tce, per 10⁴ CNY, per resident; progress on own target)',
      table: {
        head: [
          'entity',
          'kind',
          'year',
          'scope 1',
          'scope 2',
          'tCO2/tce',
          'per output',
          'per resident',
          'clean share',
          'progress',
          'park criteria',
        ],
        rows: run.footprints.footprints.flatMap((f) =>
          f.years.map((y) => [
            f.entity.id,
            f.entity.kind,
            String(y.year),
            grouped(y.scope1, 0),
            grouped(y.scope2, 0),
            y.co2PerTce ? fixed(y.co2PerTce, 3) : '',
            y.co2PerOutput ? fixed(y.co2PerOutput, 4) : '',
            y.co2PerResident ? fixed(y.co2PerResident, 3) : '',
            y.cleanShare ? pct(y.cleanShare) : '',
            y.progress ? `${pct(y.progress.reduction)} of ${pct(y.progress.required)} ${y.progress.onTrack ? 'on track' : 'behind'}` : '',
            y.criteria ? y.criteria.map((c) => (c.met ? 'met' : 'not met')).join(' / ') : y.criteriaNotApplicable ? 'not applicable' : '',
          ]),
        ),
      },
    });
    out.push({
      title: `Roll-up into the district (${run.footprints.rollUps[0]?.rule ?? ''})`,
      table: {
        head: ['region', 'year', 'entities', 'tCO2e', 'share of district'],
        rows: run.footprints.rollUps.map((r) => [
          r.region ?? '',
          String(r.year),
          r.entities.join(' + '),
          grouped(r.total, 0),
          r.share ? pct(r.share) : '',
        ]),
      },
    });
  }
  return out;
}

export function carbonSummaryMarkdown(run: CarbonRun): string {
  const m = run.meta;
  const head = [
    `# Carbon accounts — ${run.data.manifest.name.en}${m.dataset.illustrative ? ' (ILLUSTRATIVE DATA)' : ''}`,
    '',
    `Run ${m.id}; factor set ${m.model} (${run.factors.title.en})${run.factors.combines ? `, combined in this order of precedence (each fuel, grid series, process … whole from the first set that has it)` : ''}; dataset ${m.dataset.id} ${m.dataset.hash.slice(0, 12)}; engine ${m.engine_version}.`,
    `Grid factor: ${m.grid.geography}, ${m.grid.kind}, vintage ${m.grid.vintage}${run.inventory.some((e) => e.inventory.factors.gridBackcast) ? ' (* years before the first vintage use the first one)' : ''}. GWP ${m.gwp}. Sinks are reported apart, never netted.`,
    '',
  ];
  const md = (t: Table) =>
    [
      `| ${t.head.join(' | ')} |`,
      `|${t.head.map((_, n) => (n === 0 ? '---' : '---:')).join('|')}|`,
      ...t.rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  return (
    head.join('\n') +
    carbonTables(run)
      .map((t) => `\n## ${t.title}\n\n${md(t.table)}\n`)
      .join('')
  );
}

/**
 * `gep carbon explain`: the trace nodes of one region-year whose id starts with `indicator` (carbon.scope1
 * gives the total and every line under it), largest first, each with its formula, activity and factors.
 */
export function explainCarbon(
  run: CarbonRun,
  o: { region: string; year: number; indicator: string; item?: string; sector?: string; limit?: number },
): string {
  // dual-control lines run to the end of the period (a cap of 2025 from a 2020 inventory): no inventory of that year needed
  if (o.indicator.startsWith('dual.')) return explainDual(run, o);
  const e = run.inventory.find((x) => x.region === o.region && x.year === o.year);
  if (!e) return `no inventory for ${o.region} ${o.year}`;
  const nodes = e.inventory.traces
    .filter((t) => t.id === o.indicator || t.id.startsWith(`${o.indicator}.`))
    .filter((t) => (!o.item || t.by?.item === o.item) && (!o.sector || t.by?.sector === o.sector))
    .sort((a, b) => (a.by ? 1 : 0) - (b.by ? 1 : 0) || new Dec(b.value || '0').cmp(new Dec(a.value || '0')) || a.id.localeCompare(b.id));
  if (!nodes.length) {
    const ids = [...new Set(e.inventory.traces.filter((t) => !t.by).map((t) => t.id))].sort();
    throw new IssuesError('run', [
      {
        code: 'indicator_unknown',
        path: 'indicator',
        message: `nothing traced under "${o.indicator}" for ${o.region} ${o.year}${o.item || o.sector ? ` with${o.item ? ` item ${o.item}` : ''}${o.sector ? ` sector ${o.sector}` : ''}` : ''}${suggest(o.indicator, [...ids, ...DUAL_INDICATORS])} (carbon indicators: ${ids.join(', ')}; dual control: ${DUAL_INDICATORS.join(', ')})`,
      },
    ]);
  }
  const shown = nodes.slice(0, o.limit ?? 20);
  const out: string[] = [];
  for (const t of shown) {
    const by = t.by ? ` ${t.by.item}${t.by.sector ? ` × ${t.by.sector}` : ''}` : '';
    out.push(`${t.id}${by} = ${t.value ? grouped(new Dec(t.value), 4) : ''} ${t.unit}`, `  = ${t.formula}`);
    for (const r of t.reads) {
      // factors are named and shown as GEP coefficients are in `gep explain`: value, unit, entry from/until, source, status
      if (r.kind === 'coefficient') {
        out.push(`  ${describe([r])}`);
        continue;
      }
      const when = [
        r.validFrom !== undefined ? `from ${r.validFrom}` : '',
        r.year !== undefined && r.kind !== 'input' ? `vintage ${r.year}` : r.year !== undefined ? `data of ${r.year}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(
        `  ${r.kind} ${r.name}${r.keys ? ` [${r.keys.filter(Boolean).join(' × ')}]` : ''} = ${r.value}${r.unit && r.unit !== '1' ? ` ${r.unit}` : ''}${when || r.source ? ` (${[when, r.source].filter(Boolean).join('; ')})` : ''}`,
      );
    }
  }
  if (nodes.length > shown.length) out.push(`… ${nodes.length - shown.length} more (use --limit, --item or --sector)`);
  return out.join('\n');
}

const DUAL_INDICATORS = [
  'dual.energy_total_assessed',
  'dual.energy_intensity',
  'dual.co2_intensity',
  'dual.energy_cap',
  'dual.energy_increment',
  'dual.co2_cap',
  'dual.co2_increment',
  'dual.energy_elasticity',
  'dual.energy_elasticity_period',
  'dual.gdp_path',
];

/** `gep carbon explain dual.…`: each dual-control line of the region in that year, with its formula and the figures it reads. */
function explainDual(run: CarbonRun, o: { region: string; year: number; indicator: string }): string {
  const d = run.dual.find((x) => x.region === o.region);
  const lines = (d?.lines ?? []).filter(
    (l) => (l.indicator === o.indicator || l.indicator.startsWith(`${o.indicator}_`)) && l.year === o.year,
  );
  if (!d || !lines.length) {
    const there = [...new Set((d?.lines ?? []).filter((l) => l.indicator === o.indicator).map((l) => l.year))];
    throw new IssuesError('run', [
      {
        code: 'indicator_unknown',
        path: 'indicator',
        message: `no dual-control line "${o.indicator}" for ${o.region} ${o.year}${there.length ? ` (it has years ${there.join(', ')})` : `${suggest(o.indicator, DUAL_INDICATORS)} (${DUAL_INDICATORS.join(', ')}; caps need --gdp-growth or economy.csv GDP of the period)`}`,
      },
    ]);
  }
  const t = d.targets;
  const out = [
    `dual control of ${o.region}: base ${t.baseYear}, energy intensity −${str(t.energyIntensity)}, CO2 intensity −${str(t.co2Intensity)} over ${t.period ?? 5} years, energy on the ${t.basis ?? 'calorific'} basis`,
  ];
  for (const l of lines) {
    out.push(`${l.indicator} ${l.year} = ${str(l.value)} ${l.unit}`, `  = ${l.formula}`);
    if (l.base) out.push(`  base (${t.baseYear}) = ${str(l.base)}`);
    if (l.decline) out.push(`  decline = ${str(l.decline)}`);
    if (l.required) out.push(`  required = ${str(l.required)}`);
    if (l.share) out.push(`  share of the requirement met = ${str(l.share)}`);
    if (l.light) out.push(`  light = ${l.light} (${t.ladder.kind})`);
  }
  return out.join('\n');
}
