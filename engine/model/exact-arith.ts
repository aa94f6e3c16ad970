import { Dec } from '../core/decimal.ts';

/**
 * Exact +, − and × of the engine's Decimal, faster than decimal.js's own for the common case, and the same bytes.
 *
 * decimal.js copies its argument on every operation (`new Ctor(y)`, a digit array sliced) and rounds every result
 * (`finalise`): on the exact path that was about half the time. Most accounting products and sums are exact at 34
 * significant digits (inputs and coefficients have a few digits each), and an exact result needs no rounding. So
 * these functions compute the exact result on decimal.js's own representation (base 1e7 words, `e` the base-10
 * exponent of the first digit, no trailing zero words: one representation per value), and hand every other case
 * to decimal.js itself: a result of more than PRECISION digits (it must be rounded), a zero, an infinity or NaN,
 * an exponent near decimal.js's limits. The answer is therefore decimal.js's answer, digit array and all
 * (test/model/exact-arith.test.ts and exact-arith-edges.test.ts hold them together on random operands).
 */

const BASE = 1e7;
const LOG_BASE = 7;
/** The engine's precision (engine/core/decimal.ts): a longer result is rounded, by decimal.js. */
const PRECISION = Dec.precision;
/** Far inside decimal.js's exponent limits (±9e15): a result near them is decimal.js's to clamp. */
const SAFE_EXPONENT = 1e15;
/** 34 digits fit in 6 words (1 + 4 × 7 + 5); a 7th word holds a carry. Longer operands go to decimal.js. */
const MAX_WORDS = 7;

interface Raw {
  constructor: typeof Dec;
  s: number;
  e: number;
  d: number[];
}

/**
 * Builds a Decimal without the constructor's checks and copy: an object with decimal.js's prototype and the same
 * own fields (`constructor`, `s`, `e`, `d`), so that decimal.js's methods treat it as one of theirs.
 */
const Made = function (this: Raw, s: number, e: number, d: number[]) {
  this.constructor = Dec;
  this.s = s;
  this.e = e;
  this.d = d;
} as unknown as new (
  s: number,
  e: number,
  d: number[],
) => Dec;
Made.prototype = Dec.prototype;

/** A packed array of n zeros (push keeps small-integer arrays packed, as decimal.js's are). */
function zeros(n: number): number[] {
  const r: number[] = [];
  for (let i = 0; i < n; i++) r.push(0);
  return r;
}

function digitsOf(w: number): number {
  let n = 1;
  for (; w >= 10; w /= 10) n++;
  return n;
}

/** Significant digits of a normalised word array (first word non-zero, last word non-zero). */
function significant(d: number[]): number {
  let last = d[d.length - 1]!;
  let tz = 0;
  while (last % 10 === 0) {
    last /= 10;
    tz++;
  }
  return digitsOf(d[0]!) + LOG_BASE * (d.length - 1) - tz;
}

/** Finite and non-zero, in decimal.js's terms. */
function plain(x: Dec): boolean {
  const d = (x as unknown as Raw).d;
  return d !== null && d[0] !== 0;
}

/** x × y, exactly as decimal.js gives it. */
export function mul(x: Dec, y: Dec): Dec {
  return exactProduct(x, y) ?? x.mul(y);
}

/**
 * A multiplication by num/den (a unit conversion), as `x.mul(num).div(den)` gives it. When den is a power of ten
 * and x × num is exact, the quotient is x × num with its exponent moved, an exact product too.
 */
export function scaler(num: Dec, den: Dec): (x: Dec) => Dec {
  const slow = (x: Dec) => x.mul(num).div(den);
  if (den.eq(1)) return (x) => exactProduct(x, num) ?? slow(x);
  if (!isPowerOfTen(den)) return slow;
  const tenth = new Dec(1).div(den);
  return (x) => {
    const p = exactProduct(x, num);
    return (p && exactProduct(p, tenth)) ?? slow(x);
  };
}

function isPowerOfTen(d: Dec): boolean {
  const r = d as unknown as Raw;
  return (
    r.s === 1 && r.d !== null && r.d.length === 1 && r.d[0] === 10 ** (r.e % LOG_BASE < 0 ? (r.e % LOG_BASE) + LOG_BASE : r.e % LOG_BASE)
  );
}

/** x × y when exact at PRECISION digits and neither is zero; else undefined. */
function exactProduct(x: Dec, y: Dec): Dec | undefined {
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  if (!plain(x) || !plain(y)) return undefined;
  let xd = xr.d;
  let yd = yr.d;
  let xdL = xd.length;
  let ydL = yd.length;
  if (xdL + ydL > MAX_WORDS) return undefined;
  if (xdL < ydL) {
    const t = xd;
    xd = yd;
    yd = t;
    xdL = xd.length;
    ydL = yd.length;
  }
  // decimal.js's long multiplication, word by word (carries stay below 2^53: words are below 1e7)
  const rL0 = xdL + ydL;
  const r: number[] = [];
  for (let i = 0; i < rL0; i++) r.push(0);
  let carry = 0;
  for (let i = ydL - 1; i >= 0; i--) {
    carry = 0;
    let k = xdL + i;
    for (; k > i; k--) {
      const t = r[k]! + yd[i]! * xd[k - i - 1]! + carry;
      r[k] = (t % BASE) | 0;
      carry = (t / BASE) | 0;
    }
    r[k] = ((r[k]! + carry) % BASE) | 0;
  }
  let e = Math.floor(xr.e / LOG_BASE) + Math.floor(yr.e / LOG_BASE);
  // (pop, not `length =`: setting an array's length is a runtime call)
  while (r[r.length - 1] === 0) r.pop();
  if (carry) e++;
  else r.shift();
  return made(xr.s * yr.s, e, r);
}

/** x + y, exactly as decimal.js gives it. */
export function add(x: Dec, y: Dec): Dec {
  return addSigned(x, y, 1) ?? x.plus(y);
}

/** x − y, exactly as decimal.js gives it. */
export function sub(x: Dec, y: Dec): Dec {
  return addSigned(x, y, -1) ?? x.minus(y);
}

/** x + sign·y when the sum is exact at PRECISION digits and not zero; else undefined (decimal.js decides). */
function addSigned(x: Dec, y: Dec, sign: number): Dec | undefined {
  if (!plain(x) || !plain(y)) return undefined;
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  const xd = xr.d;
  const yd = yr.d;
  // word exponents: word i of x weighs BASE^(xw - i)
  const xw = Math.floor(xr.e / LOG_BASE);
  const yw = Math.floor(yr.e / LOG_BASE);
  const top = xw > yw ? xw : yw;
  const xb = xw - xd.length + 1;
  const yb = yw - yd.length + 1;
  const bottom = xb < yb ? xb : yb;
  const len = top - bottom + 1;
  if (len > MAX_WORDS - 1) return undefined; // more than 42 digits apart: longer than PRECISION, or rounded
  const ys = yr.s * sign;
  const r = zeros(len);
  // place x, then add or subtract y, word by word from the least significant
  for (let i = 0; i < xd.length; i++) r[top - xw + i] = xd[i]!;
  let s = xr.s;
  if (ys === xr.s) {
    for (let i = 0; i < yd.length; i++) r[top - yw + i]! += yd[i]!;
    let carry = 0;
    for (let i = len - 1; i >= 0; i--) {
      const t = r[i]! + carry;
      carry = t >= BASE ? 1 : 0;
      r[i] = carry ? t - BASE : t;
    }
    if (carry) {
      r.unshift(1);
      return normalised(s, top + 1, r);
    }
    return normalised(s, top, r);
  }
  // opposite signs: subtract the smaller magnitude from the larger
  const c = compareWords(r, yd, top - yw);
  if (c === 0) return undefined; // zero: decimal.js's signed zero
  let big = r;
  let small = zeros(len);
  for (let i = 0; i < yd.length; i++) small[top - yw + i] = yd[i]!;
  if (c < 0) {
    const t = big;
    big = small;
    small = t;
    s = ys;
  }
  let borrow = 0;
  for (let i = len - 1; i >= 0; i--) {
    let t = big[i]! - small[i]! - borrow;
    borrow = t < 0 ? 1 : 0;
    if (borrow) t += BASE;
    big[i] = t;
  }
  let lead = 0;
  while (big[lead] === 0) lead++;
  return normalised(s, top - lead, lead ? big.slice(lead) : big);
}

/** Compare the magnitude in `r` (aligned at 0) with `yd` placed at offset `at`. */
function compareWords(r: number[], yd: number[], at: number): number {
  for (let i = 0; i < r.length; i++) {
    const yv = i >= at && i - at < yd.length ? yd[i - at]! : 0;
    if (r[i] !== yv) return r[i]! < yv ? -1 : 1;
  }
  return 0;
}

/** Trailing zero words dropped; undefined when the result is longer than PRECISION digits. */
function normalised(s: number, topWord: number, r: number[]): Dec | undefined {
  while (r[r.length - 1] === 0) r.pop();
  return made(s, topWord, r);
}

/** The Decimal of words `r` whose first word weighs BASE^topWord, when exact at PRECISION digits. */
function made(s: number, topWord: number, r: number[]): Dec | undefined {
  if (significant(r) > PRECISION) return undefined;
  const e = topWord * LOG_BASE + digitsOf(r[0]!) - 1;
  if (e > SAFE_EXPONENT || e < -SAFE_EXPONENT) return undefined;
  return new Made(s, e, r);
}
