import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Dataset } from '../datasets/load.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import type { LocalCoefficientRow } from '../engine/eval/local-coefficients.ts';
import type { Diagnostic } from '../engine/eval/trace.ts';
import type { GepAccount } from '../engine/gep/account.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { decompositionJson, diagnosticJson, extentJson, modelJson, regionYearJson } from './result-json.ts';
import {
  decompositionTable,
  diagnosticCounts,
  givenLegend,
  markdownHead,
  markdownRow,
  servicesTable,
  summaryHead,
  summaryRegion,
  summaryTail,
  textTable,
  totalsTable,
} from './summary.ts';
import {
  JsonArraySection,
  JsonObjectSection,
  joinPieces,
  jsonAt,
  type Piece,
  type SectionPiece,
  plain,
  Section,
  wrapped,
} from '../lib/account-stream-sections.ts';
import { resultRowsCsv } from '../lib/account-stream-csv.ts';
import { resultRows } from '../lib/gep-rows.ts';
import { RESULT_COLUMNS } from '../lib/rows.ts';
import { type AccountRun, accountMeta, accountRun, type RunMeta, type RunOptions, type RunOverlay } from '../lib/run.ts';
import { gepIdentity } from '../lib/run-id.ts';
import { scenarioOverlay } from '../lib/scenario.ts';

/**
 * Regions accounted at once. An account's regions are independent but for what is gathered at the end (the order
 * of the diagnostics, the local coefficients used, the diagnostic counts), so a chunk's region-years, traces,
 * extent and decompositions are written and let go before the next chunk is accounted. A chunk of 10 regions × 10
 * years with traces swung the heap between ~100 and ~230 MiB (generated folder, 100 regions); 5 halves that.
 */
export const ACCOUNT_CHUNK = 5;
/** Accounts of up to this many regions are printed whole on the terminal; larger ones by their first and last. */
export const TERMINAL_REGIONS = 10;
/** How many of the first and of the last regions a larger account prints. */
export const TERMINAL_EDGE = 3;

export interface StreamOptions extends RunOptions {
  trace: boolean;
  /** Regions per chunk (ACCOUNT_CHUNK by default). */
  chunk?: number;
}

/** What the terminal prints of a streamed account (the files hold the rest). */
export interface StreamedAccount {
  meta: RunMeta;
  model: CompiledModel;
  dataset: Dataset;
  /** The account's regions, and the terminal's block of each region it prints (first and last of a large account). */
  regions: string[];
  printed: { region: string; lines: string[] }[];
  /** The totals table's rows of the printed regions, and how many rows the whole table has. */
  totals: { head: string[]; rows: string[][]; all: number };
  capped: number;
  fallbacks: number;
}

/**
 * `gep account` of a dataset folder with memory flat in the number of regions: the account computed a chunk of
 * regions at a time, result.json, results.csv, summary.md and trace.json written piece by piece into temporary
 * section files and joined in order at the end. The bytes are those of reports/result-json.ts, reports/results-csv.ts
 * and reports/summary.ts on the whole account (test/account-stream.test.ts). All or nothing, as accountGep: when a
 * region-year cannot be accounted, every chunk's problems are thrown together and no folder is written.
 */
export function streamAccount(
  loaded: { model: CompiledModel; dataset: Dataset; scenario?: Scenario },
  opts: StreamOptions,
  dir: string,
): StreamedAccount {
  const { trace, chunk: size = ACCOUNT_CHUNK, onProgress, ...runOpts } = opts;
  const laid = loaded.scenario
    ? scenarioOverlay(loaded.scenario, { ...runOpts, trace, loaded: { model: loaded.model, dataset: loaded.dataset } })
    : undefined;
  const model = laid?.model ?? loaded.model;
  const dataset = laid?.dataset ?? loaded.dataset;
  const overlay: RunOverlay | undefined = laid?.overlay;
  const identity = gepIdentity(model, dataset, { ...runOpts, trace, ...(overlay ? { scenarioHash: overlay.scenarioHash } : {}) });
  const regions = identity.regions;
  const years = identity.years;
  const total = regions.length * years.length;
  const printedAt = new Set(
    regions.length <= TERMINAL_REGIONS ? regions.keys() : [...Array(TERMINAL_EDGE).keys()].flatMap((i) => [i, regions.length - 1 - i]),
  );

  const tmp = `${dir}.stream-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const at = (name: string) => join(tmp, name);
    const json = {
      accounts: new JsonArraySection(at('accounts'), 2, 2),
      extent: new JsonArraySection(at('extent'), 2, 2),
      decompositions: new JsonArraySection(at('decompositions'), 2, 2),
      // accountGep lists the diagnostics of every region-year's own evaluations first, then those of the evaluations
      // the ΔGEP split adds (year y1 at year y0's prices), each in region order: two sections keep that order
      diagnostics: new JsonArraySection(at('diagnostics'), 2, 2),
      splitDiagnostics: new JsonArraySection(at('split-diagnostics'), 2, 2),
    };
    const csvRows = new Section(at('rows.csv'));
    const csvExtent = new Section(at('extent.csv'));
    const traces = trace ? new JsonObjectSection(at('traces'), 1, 2) : undefined;
    const mdTotals = new Section(at('totals.md'));
    const mdRegions = new Section(at('regions.md'));
    const counts = new Map<string, number>();
    const splitCounts = new Map<string, number>();
    const local = new Set<LocalCoefficientRow>();
    const issues: Issue[] = [];
    const printed: StreamedAccount['printed'] = [];
    const totalsRows: string[][] = [];
    let capped = 0;
    let fallbacks = 0;
    let first: AccountRun | undefined;

    for (let from = 0; from < regions.length; from += size) {
      const part = regions.slice(from, from + size);
      const doneBefore = from * years.length;
      let run: AccountRun;
      try {
        run = accountRun(
          model,
          dataset,
          {
            ...runOpts,
            regions: part,
            trace,
            ...(onProgress ? { onProgress: (done: number) => onProgress(doneBefore + done, total) } : {}),
          },
          overlay,
        );
      } catch (e) {
        // all or nothing: the other chunks are still accounted, so that every problem is listed at once
        if (!(e instanceof IssuesError) || e.kind !== 'run') throw e;
        issues.push(...e.issues);
        continue;
      }
      first ??= run;
      if (issues.length) continue;
      const { account } = run;
      for (const ry of account.regionYears) {
        json.accounts.push(regionYearJson(run, ry));
        traces?.set(`${ry.region}/${ry.year}/current`, Object.fromEntries(ry.current.traces ?? []));
      }
      for (const e of account.extent) json.extent.push(extentJson(e));
      for (const d of account.decompositions) json.decompositions.push(decompositionJson(d));
      const [own, split] = splitDiagnostics(account);
      for (const d of own) json.diagnostics.push(diagnosticJson(d));
      for (const d of split) json.splitDiagnostics.push(diagnosticJson(d));
      diagnosticCounts(own, counts);
      diagnosticCounts(split, splitCounts);
      for (const d of account.diagnostics) {
        if (d.code === 'cap_bound') capped++;
        else if (d.code === 'fallback') fallbacks++;
      }
      for (const r of account.localCoefficients ?? []) local.add(r);
      csvRows.write(resultRowsCsv(resultRows({ ...run, account: { ...account, extent: [] } })));
      csvExtent.write(resultRowsCsv(resultRows({ ...run, account: { ...account, regionYears: [] } })));
      const totals = totalsTable(run).rows;
      for (const r of totals) mdTotals.write(`${markdownRow(r)}\n`);
      for (const region of part) for (const line of summaryRegion(run, region)) mdRegions.write(`${line}\n`);
      part.forEach((region, i) => {
        if (!printedAt.has(from + i)) return;
        printed.push({ region, lines: terminalLines(run, region) });
        totalsRows.push(...totals.filter((r) => r[0] === region));
      });
    }
    if (issues.length) throw new IssuesError('run', dedupe(issues));
    if (!first) throw new Error('gep account: no region to account');

    // the local coefficients used, in file order, as accountGep lists them
    const localCoefficients = [...local].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const meta = accountMeta(
      model,
      dataset,
      identity,
      { regions, years, ...(localCoefficients.length ? { localCoefficients } : {}) },
      overlay,
    );
    const whole: AccountRun = { ...first, meta };
    writeResultJson(at('result.json'), meta, model, json);
    joinPieces(at('results.csv'), [csvHeader(), plain(csvRows), plain(csvExtent)]);
    const tail = summaryTail(mergeCounts(counts, splitCounts));
    joinPieces(at('summary.md'), [
      lines(summaryHead(whole)),
      lines(markdownHead(totalsTable(whole))),
      plain(mdTotals),
      '\n',
      plain(mdRegions),
      // summaryMarkdown joins its lines with line breaks and ends with '': every line but that last one ends with one
      lines(tail.slice(0, -1)),
    ]);
    if (traces) joinPieces(at('trace.json'), [`{\n "run": ${JSON.stringify(meta.id)},\n "traces": `, wrapped(traces, 1, 2), '\n}\n']);
    // the sections' files are left behind in tmp, which becomes the run folder
    for (const s of [csvRows, csvExtent, mdTotals, mdRegions, ...(traces ? [traces] : []), ...Object.values(json)]) {
      s.close();
      rmSync(s.path, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return {
      meta,
      model,
      dataset,
      regions,
      printed,
      totals: { head: totalsTable(whole).head, rows: totalsRows, all: total },
      capped,
      fallbacks,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** result.json as JSON.stringify(doc, null, 2) writes reports/result-json.ts's document. */
function writeResultJson(
  path: string,
  meta: RunMeta,
  model: CompiledModel,
  s: Record<'accounts' | 'extent' | 'decompositions' | 'diagnostics' | 'splitDiagnostics', JsonArraySection>,
): void {
  joinPieces(path, [
    `{\n  "run": ${jsonAt(meta, 2, 1)},\n  "model": ${jsonAt(modelJson(model), 2, 1)},\n  "accounts": `,
    wrapped(s.accounts, 2, 2),
    ',\n  "extent": ',
    wrapped(s.extent, 2, 2),
    ',\n  "decompositions": ',
    wrapped(s.decompositions, 2, 2),
    ',\n  "diagnostics": ',
    ...oneArray(wrapped(s.diagnostics, 2, 2), wrapped(s.splitDiagnostics, 2, 2)),
    '\n}\n',
  ]);
}

/** Two array sections written as one array: the second's elements follow the first's after a comma. */
function oneArray(a: SectionPiece, b: SectionPiece): Piece[] {
  if (!a.section.count || !b.section.count) return [a.section.count ? a : b];
  return [
    { ...a, close: '' },
    { ...b, open: ',\n' },
  ];
}

/**
 * A chunk's diagnostics split as accountGep lists them: those of each region-year's own evaluations (current, and
 * constant at the base year) first, then those of the ΔGEP split's evaluations, marked with a price year other than
 * the base year.
 */
function splitDiagnostics(account: GepAccount): [Diagnostic[], Diagnostic[]] {
  const own: Diagnostic[] = [];
  const split: Diagnostic[] = [];
  for (const d of account.diagnostics) (d.priceYear !== undefined && d.priceYear !== account.baseYear ? split : own).push(d);
  return [own, split];
}

function mergeCounts(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [code, n] of b) out.set(code, (out.get(code) ?? 0) + n);
  return out;
}

/** The problems of every chunk, each message once (as accountGep dedupes them). */
function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.message) && !!seen.add(i.message));
}

const lines = (ls: string[]) => ls.map((l) => `${l}\n`).join('');
const csvHeader = () => stringify([], { header: true, columns: [...RESULT_COLUMNS], record_delimiter: '\n' });

/** The terminal's block of one region: its services in the last year, the given mark, what changed its GEP. */
function terminalLines(run: AccountRun, region: string): string[] {
  const { account } = run;
  const last = account.years.at(-1)!;
  const out = [`Services, ${region} ${last}, current prices`, `${textTable(servicesTable(run, region, last))}\n`];
  for (const line of givenLegend(run, region, last)) out.push(`${line}\n`);
  if (account.decompositions.length)
    out.push(`Change in ${run.model.kind === 'esv' ? 'ESV' : 'GEP'}, ${region}, 10⁸ CNY\n${textTable(decompositionTable(run, region))}\n`);
  return out;
}
