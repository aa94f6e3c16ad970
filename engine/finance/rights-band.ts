import type { Dec } from '../core/decimal.ts';

/** A low / central / high range of one figure (a price, a value, a credit line). */
export interface Band {
  low: Dec;
  central: Dec;
  high: Dec;
}

/** The same figure three times: a point shown as a band when no range is known. */
export const pointBand = (v: Dec): Band => ({ low: v, central: v, high: v });

/** Each end of a band through the same function (× quantity, × ratio …). */
export const mapBand = (b: Band, f: (v: Dec) => Dec): Band => ({ low: f(b.low), central: f(b.central), high: f(b.high) });

/** Two bands added end by end (low with low …): for figures of one kind only (rights with rights, never with GEP). */
export const addBands = (a: Band, b: Band): Band => ({
  low: a.low.plus(b.low),
  central: a.central.plus(b.central),
  high: a.high.plus(b.high),
});
