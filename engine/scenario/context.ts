import type { Dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { IssueCode } from '../core/issue-codes.ts';
import type { AccountingData, GivenValue, RegionYearGiven, RegionYearValues } from '../eval/data.ts';
import type { CompiledModel } from '../model/types.ts';
import type { Scenario } from './schema.ts';

/**
 * What every step of an overlay shares: the base it lays over, where it reports problems (all of them,
 * each naming its field), and the edited data cells (copy on write; the dataset itself is never changed).
 */
export interface OverlayContext {
  model: CompiledModel;
  data: AccountingData;
  scenario: Scenario;
  issues: Issue[];
  /** What was read otherwise than written (a key named by an alias), for the run's scenario notes. */
  notes: string[];
  at(path: string, code: IssueCode, message: string): void;
  /** True when `y` is a year of the dataset; else an issue at `path`. */
  yearOk(y: number, path: string): boolean;
  /** The regions an override applies to: the one named (if it exists) or every region. */
  regionsOf(region: string | undefined, path: string): string[];
  /** A region-year's values with the edits made so far. */
  current(region: string, year: number): RegionYearValues | undefined;
  set(region: string, year: number, input: string, key: string, value: Dec): void;
  /** A region-year's given values with the edits made so far. */
  currentGiven(region: string, year: number): RegionYearGiven | undefined;
  /** Give an indicator's value (total: key "") for a region-year; the scenario's value wins over the formula. */
  setGiven(region: string, year: number, indicator: string, key: string, value: GivenValue): void;
  /** The dataset with every edit laid over it (the dataset itself when nothing was edited). */
  overlaid(): AccountingData;
}

export function overlayContext(model: CompiledModel, data: AccountingData, scenario: Scenario): OverlayContext {
  const issues: Issue[] = [];
  const edits = new Map<string, RegionYearValues>();
  const givenEdits = new Map<string, RegionYearGiven>();
  const ry = (r: string, y: number) => `${r}\0${y}`;
  const ctx: OverlayContext = {
    model,
    data,
    scenario,
    issues,
    notes: [],
    at: (path, code, message) => issues.push({ code, message, path, file: `scenario ${scenario.id}` }),
    yearOk(y, path) {
      if (data.years.includes(y)) return true;
      ctx.at(path, 'year_unknown', `${y} is outside the dataset's years (${data.years.join(', ')})`);
      return false;
    },
    regionsOf(region, path) {
      if (region === undefined) return data.regions;
      if (data.regions.includes(region)) return [region];
      ctx.at(path, 'region_unknown', `region "${region}" is not in the dataset (${data.regions.join(', ')})`);
      return [];
    },
    current: (r, y) => edits.get(ry(r, y)) ?? data.values(r, y),
    set(r, y, input, key, v) {
      let vals = edits.get(ry(r, y));
      if (!vals) {
        vals = new Map([...(data.values(r, y) ?? new Map())].map(([k, m]) => [k, m]));
        edits.set(ry(r, y), vals);
      }
      const byKey = new Map(vals.get(input) ?? []);
      byKey.set(key, v);
      vals.set(input, byKey);
    },
    currentGiven: (r, y) => givenEdits.get(ry(r, y)) ?? data.given?.(r, y),
    setGiven(r, y, indicator, key, v) {
      let vals = givenEdits.get(ry(r, y));
      if (!vals) givenEdits.set(ry(r, y), (vals = new Map(data.given?.(r, y) ?? [])));
      // a total replaces a breakdown and the reverse; a key joins the keys given
      const byKey = key === '' ? new Map() : new Map([...(vals.get(indicator) ?? [])].filter(([k]) => k !== ''));
      byKey.set(key, v);
      vals.set(indicator, byKey);
    },
    overlaid() {
      if (!edits.size && !givenEdits.size) return data;
      return {
        ...data,
        ...(edits.size ? { values: (r: string, y: number) => edits.get(ry(r, y)) ?? data.values(r, y) } : {}),
        ...(givenEdits.size ? { given: (r: string, y: number) => givenEdits.get(ry(r, y)) ?? data.given?.(r, y) } : {}),
      };
    },
  };
  return ctx;
}
