// Carbon benchmark (part of `npm run bench`): an inventory of 3,000 regions × 17 fuels × 47 sectors × 10 years,
// a projection of 3 scenarios × 40 years (with peak detection) for each region, a STIRPAT fit and an LMDI
// decomposition per region. Figures are printed, not asserted. BENCH_CARBON_REGIONS shrinks it for a quick check.
import { Dec, dec, ZERO } from '../engine/core/decimal.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import { inventoryRegionYear, type Activity } from '../engine/carbon/inventory.ts';
import { lmdi } from '../engine/carbon/lmdi.ts';
import { DEFAULT_PATHS, detectPeak, projectKaya } from '../engine/carbon/projection.ts';
import { fitStirpat } from '../engine/carbon/stirpat.ts';
import { loadFactorSet } from '../models/carbon-factors.ts';

const REGIONS = Number(process.env.BENCH_CARBON_REGIONS ?? 3000);
const YEARS = Array.from({ length: 10 }, (_, n) => 2013 + n);
const GRID = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);

// The China factor set as shipped (cn-carbon-factors@1.2.0): the 17 fuels of the energy balance and its 47 sectors
// (the sectors with a row number; the summary sectors they add up to are not reported under).
const factors: FactorSet = loadFactorSet('cn-carbon-factors@1.2.0');
const fuels = [...factors.fuels.keys()],
  sectors = Object.entries(factors.sectors)
    .filter(([, s]) => s.row !== undefined)
    .sort(([, a], [, b]) => a.row! - b.row!)
    .map(([id]) => id);
if (fuels.length !== 17 || sectors.length !== 47) throw new Error(`${fuels.length} fuels, ${sectors.length} sectors`);

// Activity of a region-year: 17 × 47 fuel lines, 47 electricity lines, heat, a process and sinks, drawn from 20
// prebuilt templates (building the decimals is data loading, not accounting).
const templates: Activity[][] = Array.from({ length: 20 }, (_, t) => [
  ...fuels.flatMap((f, i) =>
    sectors.map((s, j) => ({
      kind: 'fuel' as const,
      item: f,
      sector: s,
      amount: dec(String((((t + 1) * 97 + i * 31 + j * 7) % 5000) + 10)),
    })),
  ),
  ...sectors.map((s, j) => ({
    kind: 'electricity' as const,
    item: 'grid',
    sector: s,
    amount: dec(String(1000 + ((t * 13 + j * 17) % 9000))),
  })),
  { kind: 'heat', item: 'purchased', sector: 'chemicals', amount: dec(String(20000 + t)) },
  { kind: 'process', item: 'cement_clinker', sector: 'nonmetal_minerals', amount: dec(String(50000 + t * 100)) },
  { kind: 'sink', item: 'forest', sector: '', amount: dec('30000') },
]);
const linesPerRY = templates[0]!.length;

const rows: [string, string, string][] = [];
let lastSeconds = 0;
function time<T>(label: string, units: number, unitName: string, f: () => T): T {
  const t0 = process.hrtime.bigint();
  const out = f();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  sample();
  lastSeconds = s;
  rows.push([label, `${(units / s).toFixed(0)} ${unitName}/s`, `${s.toFixed(2)} s for ${units}`]);
  return out;
}

// 1. Inventory: every region-year, totals kept (by scope, sector, source, gas, GPC, energy), lines not traced.
const ry = REGIONS * YEARS.length;
const history = time(
  `inventory, ${fuels.length} fuels × ${sectors.length} sectors (${linesPerRY} lines per region-year)`,
  ry,
  'region-years',
  () => {
    const kept: { gross: Dec; energy: Dec; combustion: Dec; scope2: Dec }[][] = [];
    for (let r = 0; r < REGIONS; r++) {
      const byYear = [];
      for (const y of YEARS) {
        const inv = inventoryRegionYear(factors, `r${r}`, y, templates[(r * 7 + y) % 20]!, { grid: GRID });
        if (inv.issues.length) throw new Error(inv.issues[0]!.message);
        let combustion = ZERO;
        for (const f of fuels) combustion = combustion.plus(inv.bySource.get(f) ?? ZERO);
        byYear.push({ gross: inv.gross, energy: inv.energy.calorific, combustion, scope2: inv.scope2 });
      }
      kept.push(byYear);
    }
    return kept;
  },
);
rows.push(['  = fuel and electricity lines', `${((ry * linesPerRY) / lastSeconds).toFixed(0)} lines/s`, `${ry * linesPerRY} lines`]);

// 2. Projection: 3 scenarios × 40 years per region, with peak detection.
const pop = (r: number, n: number) => new Dec(1_000_000 + r * 10 + n * 5000);
const gdp = (r: number, n: number) => new Dec(50_000_000_000 + r * 1000).mul(new Dec('1.06').pow(n));
time(`projection, ${DEFAULT_PATHS.length} scenarios × 40 years + peak`, REGIONS * DEFAULT_PATHS.length, 'region-scenarios', () => {
  let peaks = 0;
  for (let r = 0; r < REGIONS; r++) {
    const h = history[r]!.at(-1)!;
    const base = {
      year: 2022,
      population: pop(r, 9),
      gdp: gdp(r, 9),
      energy: h.energy,
      combustion: h.combustion,
      purchased: h.scope2,
      nonEnergy: h.gross.minus(h.combustion).minus(h.scope2),
    };
    for (const path of DEFAULT_PATHS) {
      const years = projectKaya(base, path, 2062);
      if (detectPeak(years.map((y) => ({ year: y.year, value: y.co2 }))).peaked) peaks++;
    }
  }
  return peaks;
});

// 3. STIRPAT ridge fit and LMDI (first → last year) per region.
time('STIRPAT ridge fit on 10 years', REGIONS, 'regions', () => {
  for (let r = 0; r < REGIONS; r++) {
    fitStirpat(
      history[r]!.map((h, n) => ({
        year: YEARS[n]!,
        co2: h.gross,
        population: pop(r, n),
        gdpPerCapita: gdp(r, n).div(pop(r, n)),
        energyIntensity: h.energy.div(gdp(r, n)),
      })),
    );
  }
});
time('LMDI 2013→2022, 2 categories', REGIONS, 'regions', () => {
  for (let r = 0; r < REGIONS; r++) {
    const y = (n: number) => ({
      year: YEARS[n]!,
      population: pop(r, n),
      gdp: gdp(r, n),
      categories: new Map([
        ['fuels', { energy: history[r]![n]!.energy.mul('0.7'), co2: history[r]![n]!.combustion }],
        ['electricity', { energy: history[r]![n]!.energy.mul('0.3'), co2: history[r]![n]!.scope2 }],
      ]),
    });
    lmdi(y(0), y(9));
  }
});

clearInterval(timer);
sample();
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `gep-ledger carbon benchmark — ${REGIONS} regions × ${YEARS.length} years, ${fuels.length} fuels × ${sectors.length} sectors; Node ${process.version}, one core`,
);
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0]!)}  ${b.padStart(w[1]!)}  (${c})`);
console.log(`peak memory (max RSS): ${(Math.max(maxRss, peakRss) / 2 ** 20).toFixed(0)} MiB`);
