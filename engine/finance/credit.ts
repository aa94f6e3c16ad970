import type { Dec } from '../core/decimal.ts';
import { type Band, mapBand } from './rights-band.ts';

// GEP-linked credit as a band. No loan-to-GEP ratio is built in: observed ratios run from about 5 % to 50 %
// (shared/research/green-finance-users.md §1.1, derived from reported loans) and no published formula exists,
// so the lender's ratio is an input of the run, and the band comes from the figure it is applied to.

export type CreditBasis = 'gep' | 'marketable';

/** The credit line a lender's ratio gives on a basis band (GEP P5 / P50 / P95, or the marketable part of GEP). */
export const creditBand = (ratio: Dec, basis: Band): Band => mapBand(basis, (v) => v.mul(ratio));
