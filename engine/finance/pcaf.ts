import { type Dec, ZERO } from '../core/decimal.ts';

// Financed emissions of a loan and bond book, after PCAF (2022), The Global GHG Accounting and Reporting
// Standard Part A: Financed Emissions, 2nd ed.: §5.1 listed equity and corporate bonds (p. 49 ff.),
// §5.2 business loans and unlisted equity (p. 66 ff.), §5.3 project finance (p. 79 ff.):
//   financed emissions = attribution factor × (borrower's scope 1 + scope 2),
//   attribution factor = outstanding amount / EVIC (listed companies) or / (total equity + debt) (unlisted
//   companies and projects). The data-quality score (1 best … 5) is reported with each figure and, for the
//   book, weighted by outstanding amount (PCAF ch. 6, reporting).

export const INSTRUMENTS = ['business_loan', 'corporate_bond', 'listed_equity', 'unlisted_equity', 'project_finance'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** One exposure of the book (loans.csv), money in CNY and emissions in tCO2e per year. */
export interface Exposure {
  line: number;
  id: string;
  region: string;
  year: number;
  borrower: string;
  borrowerName: string;
  instrument: Instrument;
  listed: boolean;
  outstanding: Dec;
  /** Enterprise value including cash (listed companies). */
  evic?: Dec;
  /** Total equity + debt (unlisted companies, projects). */
  equityDebt?: Dec;
  scope1: Dec;
  scope2: Dec;
  /** PCAF data-quality score, 1 (verified reported emissions) … 5 (estimates from economic averages). */
  quality: number;
  /** Project-level emissions without and with the financed project, tCO2e/a (climate-finance catalogues). */
  baseline?: Dec;
  project?: Dec;
  /** The catalogue entry the project is filed under (e.g. the PBOC green bond catalogue 2021 code). */
  catalogue?: string;
  source: string;
}

export interface Financed {
  exposure: Exposure;
  /** outstanding / EVIC or / (equity + debt). */
  factor: Dec;
  denominator: 'evic' | 'equity_debt';
  scope1: Dec;
  scope2: Dec;
  total: Dec;
}

/** The PCAF attribution factor and the denominator used. */
export function attribution(e: Exposure): { factor: Dec; denominator: 'evic' | 'equity_debt' } {
  if (e.listed) {
    if (!e.evic || e.evic.isZero()) throw new Error(`exposure ${e.id}: a listed borrower needs its EVIC`);
    return { factor: e.outstanding.div(e.evic), denominator: 'evic' };
  }
  if (!e.equityDebt || e.equityDebt.isZero()) throw new Error(`exposure ${e.id}: an unlisted borrower needs its total equity + debt`);
  return { factor: e.outstanding.div(e.equityDebt), denominator: 'equity_debt' };
}

/** Financed scope 1 and 2 emissions of one exposure. */
export function financed(e: Exposure): Financed {
  const { factor, denominator } = attribution(e);
  const scope1 = factor.mul(e.scope1),
    scope2 = factor.mul(e.scope2);
  return { exposure: e, factor, denominator, scope1, scope2, total: scope1.plus(scope2) };
}

/** The book in one region-year: outstanding, financed emissions and the outstanding-weighted data-quality score. */
export interface BookTotal {
  region: string;
  year: number;
  outstanding: Dec;
  scope1: Dec;
  scope2: Dec;
  total: Dec;
  /** Σ(outstanding × score) / Σ outstanding. */
  quality: Dec;
  exposures: number;
}

export function bookTotals(items: readonly Financed[]): BookTotal[] {
  const out = new Map<string, BookTotal & { weighted: Dec }>();
  for (const f of items) {
    const { region, year, outstanding, quality } = f.exposure;
    const id = `${region}\0${year}`;
    const t = out.get(id) ?? {
      region,
      year,
      outstanding: ZERO,
      scope1: ZERO,
      scope2: ZERO,
      total: ZERO,
      quality: ZERO,
      exposures: 0,
      weighted: ZERO,
    };
    t.outstanding = t.outstanding.plus(outstanding);
    t.scope1 = t.scope1.plus(f.scope1);
    t.scope2 = t.scope2.plus(f.scope2);
    t.total = t.total.plus(f.total);
    t.weighted = t.weighted.plus(outstanding.mul(quality));
    t.exposures++;
    out.set(id, t);
  }
  return [...out.values()].map(({ weighted, ...t }) => ({ ...t, quality: t.outstanding.isZero() ? ZERO : weighted.div(t.outstanding) }));
}

/**
 * A financed project's ΔtCO2e for climate-finance catalogues: baseline − project emissions per year (positive:
 * a reduction), kept apart from financed emissions (avoided emissions are never netted from an inventory).
 */
export function projectDelta(e: Exposure): Dec | undefined {
  return e.baseline !== undefined && e.project !== undefined ? e.baseline.minus(e.project) : undefined;
}
