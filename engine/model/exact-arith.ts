import { Dec, ZERO } from '../core/decimal.ts';

/**
 * Exact +, − and × of the engine's Decimal, faster than decimal.js's own for the common case, and the same bytes.
 *
 * decimal.js copies its argument on every operation (`new Ctor(y)`, a digit array sliced) and rounds every result
 * (`finalise`): on the exact path that was about half the time. Most accounting products and sums are exact at 34
 * significant digits (inputs and coefficients have a few digits each), and an exact result needs no rounding. So
 * these functions compute the exact result on decimal.js's own representation (base 1e7 words, `e` the base-10
 * exponent of the first digit, no trailing zero words: one representation per value). A product of more than
 * PRECISION digits (operands of up to MAX_PRODUCT_WORDS words together) is rounded here, half-even, as decimal.js's
 * finalise rounds the same exact product; so is the 12-place rounding of toPlacesHalfEven. A product with a zero
 * factor and a sum with one zero operand are answered here too. Every other case is decimal.js's own: a sum of more
 * than PRECISION digits or whose result is zero, longer operands, an infinity or NaN, an exponent near decimal.js's
 * limits. The answer is therefore decimal.js's answer, digit array and all (test/model/exact-arith.test.ts and
 * exact-arith-edges.test.ts hold them together on random operands).
 */

const BASE = 1e7;
const LOG_BASE = 7;
/** The engine's precision (engine/core/decimal.ts): a longer result is rounded, by decimal.js. */
const PRECISION = Dec.precision;
/** Far inside decimal.js's exponent limits (±9e15): a result near them is decimal.js's to clamp. */
const SAFE_EXPONENT = 1e15;
/** 34 digits fit in 6 words (1 + 4 × 7 + 5); a 7th word holds a carry. Longer sums go to decimal.js. */
const MAX_WORDS = 7;
/** Products of up to two 34-digit operands (and some longer: the constructor does not round) are computed here. */
const MAX_PRODUCT_WORDS = 16;
/** Words that hold at most 28 digits, fewer than PRECISION: no count of significant digits is needed. */
const SHORT_WORDS = 4;

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

function digitsOf(w: number): number {
  if (w < 1e4) return w < 10 ? 1 : w < 100 ? 2 : w < 1000 ? 3 : 4;
  if (w < 1e7) return w < 1e5 ? 5 : w < 1e6 ? 6 : 7;
  let n = 8;
  for (w /= 1e8; w >= 1; w /= 10) n++;
  return n;
}

/** The row long multiplication works in (MAX_PRODUCT_WORDS words), reused: no array grows per product. */
const scratch: number[] = [];
for (let i = 0; i < MAX_PRODUCT_WORDS; i++) scratch.push(0);

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
  return exactProduct(x, y) ?? zeroProduct(x, y) ?? x.mul(y);
}

/**
 * x rounded to `places` decimal places, half-even, as `x.toDecimalPlaces(places, ROUND_HALF_EVEN)` gives it: the
 * rounding done here on the value's own words, with no copy first. A result of more than PRECISION digits, a value
 * that rounds to less than one unit of the last place, zeros, NaN and infinities are decimal.js's.
 */
export function toPlacesHalfEven(x: Dec, places: number): Dec {
  const xr = x as unknown as Raw;
  const sd = places + xr.e + 1;
  if (plain(x) && sd >= 1 && sd <= PRECISION) {
    const r = roundedWords(xr.d.slice(), sd);
    const out = made(xr.s, Math.floor(xr.e / LOG_BASE) + r.carry, r.words);
    if (out) return out;
  }
  return x.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];

/**
 * Words `w` (base 1e7, first word non-zero; the array is the caller's, changed in place) rounded half-even to `sd`
 * significant digits, trailing zero words dropped. `carry` is 1 when rounding up added a word in front
 * (9999999 → 1 0000000). The value is exact: `decimal.js`'s finalise on the same digits gives the same words.
 */
function roundedWords(w: number[], sd: number): { words: number[]; carry: number } {
  const k0 = digitsOf(w[0]!);
  // the word holding the last digit kept, and how many of its digits (counted as 7 wide, after the first) go
  let wi: number;
  let drop: number;
  if (sd <= k0) {
    wi = 0;
    drop = k0 - sd;
  } else {
    wi = Math.ceil((sd - k0) / LOG_BASE);
    drop = wi * LOG_BASE + k0 - sd;
  }
  if (wi >= w.length) return { words: w, carry: 0 }; // no digit beyond sd: nothing to round
  let up: boolean;
  let step: number;
  if (drop > 0) {
    const p = POW10[drop]!;
    const word = w[wi]!;
    const rem = word % p;
    const half = p / 2;
    w[wi] = word - rem;
    step = p;
    if (rem !== half) up = rem > half;
    else up = anyAfter(w, wi) || ((word - rem) / p) % 2 === 1;
  } else {
    if (wi + 1 >= w.length) return { words: w, carry: 0 };
    const next = w[wi + 1]!;
    const half = BASE / 2;
    step = 1;
    if (next !== half) up = next > half;
    else up = anyAfter(w, wi + 1) || w[wi]! % 2 === 1;
  }
  while (w.length > wi + 1) w.pop();
  let carry = 0;
  if (up) {
    w[wi]! += step;
    for (let j = wi; j > 0 && w[j]! >= BASE; j--) {
      w[j]! -= BASE;
      w[j - 1]!++;
    }
    if (w[0]! >= BASE) {
      w[0]! -= BASE;
      w.unshift(1);
      carry = 1;
    }
  }
  while (w[w.length - 1] === 0) w.pop();
  return { words: w, carry };
}

function anyAfter(w: number[], i: number): boolean {
  for (let j = i + 1; j < w.length; j++) if (w[j] !== 0) return true;
  return false;
}

/**
 * A finite product with a zero factor: decimal.js's `new Ctor(s * 0)`, the zero signed by both signs (a zero area
 * times a rate is common: a type a region lacks). Anything else (NaN, an infinity) is decimal.js's.
 */
function zeroProduct(x: Dec, y: Dec): Dec | undefined {
  const xd = (x as unknown as Raw).d;
  const yd = (y as unknown as Raw).d;
  if (xd === null || yd === null || (xd[0] !== 0 && yd[0] !== 0)) return undefined;
  return new Made((x as unknown as Raw).s * (y as unknown as Raw).s, 0, [0]);
}

/**
 * x.cmp(y) without decimal.js's copy of y (`new Ctor(y)`, a digit array sliced, for a comparison): the same
 * steps on the operands themselves. NaN and infinities are decimal.js's.
 */
export function cmp(x: Dec, y: Dec): number {
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  const xd = xr.d;
  const yd = yr.d;
  if (xd === null || yd === null) return x.cmp(y);
  const xs = xr.s;
  const ys = yr.s;
  if (xd[0] === 0 || yd[0] === 0) return xd[0] !== 0 ? xs : yd[0] !== 0 ? -ys : 0;
  if (xs !== ys) return xs;
  if (xr.e !== yr.e) return xr.e > yr.e !== xs < 0 ? 1 : -1;
  const xdL = xd.length;
  const ydL = yd.length;
  for (let i = 0, j = xdL < ydL ? xdL : ydL; i < j; ++i) if (xd[i] !== yd[i]) return xd[i]! > yd[i]! !== xs < 0 ? 1 : -1;
  return xdL === ydL ? 0 : xdL > ydL !== xs < 0 ? 1 : -1;
}

/**
 * A multiplication by num/den (a unit conversion), as `x.mul(num).div(den)` gives it. When den is a power of ten,
 * the quotient is x × num (rounded to PRECISION digits as mul rounds it) with its exponent moved: a product by
 * 1/den, exact.
 */
export function scaler(num: Dec, den: Dec): (x: Dec) => Dec {
  const slow = (x: Dec) => div(mul(x, num), den);
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

/** x × y rounded to PRECISION digits as decimal.js rounds it, when neither is zero; else undefined. */
function exactProduct(x: Dec, y: Dec): Dec | undefined {
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  if (!plain(x) || !plain(y)) return undefined;
  let xd = xr.d;
  let yd = yr.d;
  let xdL = xd.length;
  let ydL = yd.length;
  if (xdL + ydL > MAX_PRODUCT_WORDS) return undefined;
  if (xdL < ydL) {
    const t = xd;
    xd = yd;
    yd = t;
    xdL = xd.length;
    ydL = yd.length;
  }
  let e = Math.floor(xr.e / LOG_BASE) + Math.floor(yr.e / LOG_BASE);
  let r: number[];
  if (ydL === 1 && xdL === 1) {
    // one word each (most coefficients and inputs have a few digits): the product is two words
    const t = xd[0]! * yd[0]!;
    const hi = (t / BASE) | 0;
    const lo = (t - hi * BASE) | 0;
    if (hi !== 0) {
      e++;
      r = lo === 0 ? [hi] : [hi, lo];
    } else r = [lo];
  } else {
    // decimal.js's long multiplication, word by word (carries stay below 2^53: words are below 1e7), in a scratch row
    // of small integers; the result is sliced out at its own length (a pushed array has room for 16 words).
    const w = scratch;
    const rL0 = xdL + ydL;
    for (let i = 0; i < rL0; i++) w[i] = 0;
    let carry = 0;
    for (let i = ydL - 1; i >= 0; i--) {
      carry = 0;
      let k = xdL + i;
      const yi = yd[i]!;
      for (; k > i; k--) {
        const t = w[k]! + yi * xd[k - i - 1]! + carry;
        carry = (t / BASE) | 0;
        w[k] = (t - carry * BASE) | 0;
      }
      w[k] = ((w[k]! + carry) % BASE) | 0;
    }
    // the first word is the last carry: none, and the product starts one word later
    let start = 0;
    if (carry) e++;
    else start = 1;
    let end = rL0 - 1;
    while (w[end] === 0) end--;
    r = w.slice(start, end + 1);
  }
  if (r.length <= SHORT_WORDS || significant(r) <= PRECISION) return made(xr.s * yr.s, e, r);
  // longer than PRECISION digits: rounded half-even, as decimal.js's finalise rounds the same exact product
  const rounded = roundedWords(r, PRECISION);
  return made(xr.s * yr.s, e + rounded.carry, rounded.words);
}

/** x + y, exactly as decimal.js gives it. */
export function add(x: Dec, y: Dec): Dec {
  return addSigned(x, y, 1) ?? plusZero(x, y, 1) ?? x.plus(y);
}

/** x − y, exactly as decimal.js gives it. */
export function sub(x: Dec, y: Dec): Dec {
  return addSigned(x, y, -1) ?? plusZero(x, y, -1) ?? x.minus(y);
}

/**
 * x ± y when exactly one of them is a finite zero (a sum starts at 0): decimal.js answers with the other operand
 * (negated for 0 − y) rounded to PRECISION digits, which is the operand itself when it has no more digits. The
 * operand is returned, or a copy with its sign turned; a longer one, two zeros, NaN or an infinity are decimal.js's.
 */
function plusZero(x: Dec, y: Dec, sign: number): Dec | undefined {
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  const xd = xr.d;
  const yd = yr.d;
  if (xd === null || yd === null) return undefined;
  if (xd[0] === 0) {
    if (yd[0] === 0 || !fits(yr)) return undefined;
    return sign === 1 ? y : new Made(-yr.s, yr.e, yd.slice());
  }
  if (yd[0] === 0 && fits(xr)) return x;
  return undefined;
}

/** At most PRECISION significant digits and an exponent far from decimal.js's limits: its own rounding. */
function fits(r: Raw): boolean {
  return significant(r.d) <= PRECISION && r.e <= SAFE_EXPONENT && r.e >= -SAFE_EXPONENT;
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
  // in the scratch rows (word 0 left free for a carry), the result sliced out at its own length
  const r = rowA;
  const q = rowB;
  for (let i = 0; i <= len; i++) {
    r[i] = 0;
    q[i] = 0;
  }
  const xo = top - xw + 1;
  const yo = top - yw + 1;
  for (let i = 0; i < xd.length; i++) r[xo + i] = xd[i]!;
  for (let i = 0; i < yd.length; i++) q[yo + i] = yd[i]!;
  let s = xr.s;
  let big = r;
  let small = q;
  if (ys === xr.s) {
    let carry = 0;
    for (let i = len; i >= 1; i--) {
      const t = r[i]! + q[i]! + carry;
      carry = t >= BASE ? 1 : 0;
      r[i] = carry ? t - BASE : t;
    }
    r[0] = carry;
  } else {
    // opposite signs: subtract the smaller magnitude from the larger
    let c = 0;
    for (let i = 1; i <= len && c === 0; i++) if (r[i] !== q[i]) c = r[i]! < q[i]! ? -1 : 1;
    if (c === 0) return undefined; // zero: decimal.js's signed zero
    if (c < 0) {
      big = q;
      small = r;
      s = ys;
    }
    let borrow = 0;
    for (let i = len; i >= 1; i--) {
      let t = big[i]! - small[i]! - borrow;
      borrow = t < 0 ? 1 : 0;
      if (borrow) t += BASE;
      big[i] = t;
    }
  }
  let lead = 0;
  while (big[lead] === 0) lead++;
  let end = len;
  while (big[end] === 0) end--;
  // word `lead` weighs BASE^(top + 1 - lead): word 0 is the carry's, one above `top`
  return made(s, top + 1 - lead, big.slice(lead, end + 1));
}

/** The rows addSigned works in (a sum is at most MAX_WORDS words and a carry), reused. */
const rowA: number[] = [];
const rowB: number[] = [];
for (let i = 0; i <= MAX_WORDS; i++) {
  rowA.push(0);
  rowB.push(0);
}

/** The Decimal of words `r` whose first word weighs BASE^topWord, when exact at PRECISION digits. */
function made(s: number, topWord: number, r: number[]): Dec | undefined {
  // 4 words hold at most 28 digits: only longer ones are counted
  if (r.length > SHORT_WORDS && significant(r) > PRECISION) return undefined;
  const e = topWord * LOG_BASE + digitsOf(r[0]!) - 1;
  if (e > SAFE_EXPONENT || e < -SAFE_EXPONENT) return undefined;
  return new Made(s, e, r);
}

/**
 * The largest divisor significand (its digits as an integer, trailing zeros dropped) divided here: a remainder
 * below it times BASE plus a word stays below 2^53, so the short division is exact in doubles.
 */
const MAX_SHORT_DIVISOR = 900_000_000;
/** Quotient words computed past the dividend's own: 34 digits and the rounding digit need at most 6. */
const MAX_QUOTIENT_WORDS = MAX_PRODUCT_WORDS + 8;
const quotientRow: number[] = [];
const dividendRow: number[] = [];
for (let i = 0; i <= MAX_QUOTIENT_WORDS; i++) {
  quotientRow.push(0);
  dividendRow.push(0);
}

/**
 * x ÷ y, exactly as decimal.js gives it. decimal.js's quotient is correctly rounded (it computes at least 35 digits
 * and rounds them half-even with a flag for a non-zero remainder), so the same correctly rounded quotient computed
 * here is the same value, and its words are the same canonical words. Computed here when the divisor's significand
 * is a small integer (3, 3600, 1.3, 0.128, 311040000000: the unit conversions and formula divisors of the models):
 * a short division word by word. A longer divisor, zeros, NaN and infinities are decimal.js's.
 */
export function div(x: Dec, y: Dec): Dec {
  return exactQuotient(x, y) ?? x.div(y);
}

function exactQuotient(x: Dec, y: Dec): Dec | undefined {
  if (!plain(x) || !plain(y)) return undefined;
  const xr = x as unknown as Raw;
  const yr = y as unknown as Raw;
  const xd = xr.d;
  const yd = yr.d;
  const xL = xd.length;
  const yL = yd.length;
  if (xL > MAX_PRODUCT_WORDS || yL > 2) return undefined;
  // y = D × 10^tz × BASE^(yw − yL + 1), D the significand without the last word's trailing zeros
  let last = yd[yL - 1]!;
  let tz = 0;
  while (last % 10 === 0) {
    last /= 10;
    tz++;
  }
  const D = yL === 1 ? last : yd[0]! * POW10[LOG_BASE - tz]! + last;
  if (D >= MAX_SHORT_DIVISOR) return undefined;
  const yw = Math.floor(yr.e / LOG_BASE);
  // x / y = (x × 10^(7 − tz) / D) × BASE^−(yw − yL + 2); with tz = 0 the factor BASE is one word of shift instead
  const m = tz === 0 ? 1 : POW10[LOG_BASE - tz]!;
  const shift = yw - yL + (tz === 0 ? 1 : 2);
  // a: x × m, word 0 free for the carry; word j weighs BASE^(xw + 1 − j)
  const a = dividendRow;
  let carry = 0;
  for (let i = xL - 1; i >= 0; i--) {
    const t = xd[i]! * m + carry;
    carry = Math.floor(t / BASE);
    a[i + 1] = t - carry * BASE;
  }
  a[0] = carry;
  const aL = xL + 1;
  // short division, past the dividend's words until 35 significant digits are known or the remainder is zero
  const q = quotientRow;
  let r = 0;
  let lead = -1;
  let digits = 0;
  let j = 0;
  for (; j < MAX_QUOTIENT_WORDS; j++) {
    if (j >= aL && (r === 0 || digits > PRECISION)) break;
    const t = r * BASE + (j < aL ? a[j]! : 0);
    const qj = Math.floor(t / D);
    r = t - qj * D;
    q[j] = qj;
    if (lead < 0) {
      if (qj !== 0) {
        lead = j;
        digits = digitsOf(qj);
      }
    } else digits += LOG_BASE;
  }
  if (j >= MAX_QUOTIENT_WORDS) return undefined;
  const s = xr.s * yr.s;
  const topWord = Math.floor(xr.e / LOG_BASE) + 1 - lead - shift;
  if (r !== 0) {
    // inexact: at least 35 digits are known; a last word 1 after them stands for the non-zero remainder (a sticky
    // word past the rounding digit: the quotient's trailing zero words are kept before it)
    const words = q.slice(lead, j);
    words.push(1);
    const rounded = roundedWords(words, PRECISION);
    return made(s, topWord + rounded.carry, rounded.words);
  }
  let end = j - 1;
  while (q[end] === 0) end--;
  const words = q.slice(lead, end + 1);
  if (significant(words) <= PRECISION) return made(s, topWord, words);
  // exact but longer than PRECISION digits: rounded half-even
  const rounded = roundedWords(words, PRECISION);
  return made(s, topWord + rounded.carry, rounded.words);
}

/** Terms summed in one pass at most (a word of the row then holds at most this many words: far below 2^53). */
const MAX_SUM_TERMS = 1_000_000;
const sumRow: number[] = [];
for (let i = 0; i <= MAX_WORDS + 2; i++) sumRow.push(0);

/**
 * Σ terms, exactly as adding them one by one from 0 with add() gives it (category totals, GEP, the ΔGEP split), in
 * one pass over their words and one Decimal for the result. When every term is a finite decimal and Σ|term| <
 * 10^m with m plus the most decimal places of a term at most PRECISION digits, every partial sum is exact, so the
 * one-by-one sum is the exact total, and a non-zero total has one representation. A zero total (whose sign depends
 * on the order), NaN, infinities and longer terms are summed one by one.
 */
export function sumOf(terms: readonly Dec[]): Dec {
  return exactSum(terms) ?? sumOneByOne(terms);
}

function sumOneByOne(terms: readonly Dec[]): Dec {
  let acc = ZERO;
  for (let i = 0; i < terms.length; i++) acc = add(acc, terms[i]!);
  return acc;
}

function exactSum(terms: readonly Dec[]): Dec | undefined {
  const n = terms.length;
  if (n === 0 || n > MAX_SUM_TERMS) return undefined;
  let top = -Infinity; // highest word exponent of a term
  let bottom = Infinity; // lowest word exponent
  let maxE = -Infinity; // highest base-10 exponent
  let lowDigit = Infinity; // base-10 exponent of the lowest non-zero digit of any term
  for (let i = 0; i < n; i++) {
    const r = terms[i] as unknown as Raw;
    const d = r.d;
    if (d === null) return undefined;
    if (d[0] === 0) continue;
    const tw = Math.floor(r.e / LOG_BASE);
    const bw = tw - d.length + 1;
    if (tw > top) top = tw;
    if (bw < bottom) bottom = bw;
    if (r.e > maxE) maxE = r.e;
    let last = d[d.length - 1]!;
    let tz = 0;
    while (last % 10 === 0) {
      last /= 10;
      tz++;
    }
    const low = bw * LOG_BASE + tz;
    if (low < lowDigit) lowDigit = low;
  }
  if (top === -Infinity) return undefined; // all zeros: the one-by-one sum's signed zero
  // Σ|term| < n × 10^(maxE + 1) ≤ 10^(maxE + 1 + digits of n): each partial sum has at most that minus lowDigit digits
  if (maxE + 1 + digitsOf(n) - lowDigit > PRECISION || maxE > SAFE_EXPONENT || lowDigit < -SAFE_EXPONENT) return undefined;
  const width = top - bottom + 1;
  if (width > MAX_WORDS) return undefined;
  // word k of the row weighs BASE^(top + 1 − k); word 0 takes the carry. Signed words, carried once at the end.
  const row = sumRow;
  for (let k = 0; k <= width; k++) row[k] = 0;
  for (let i = 0; i < n; i++) {
    const r = terms[i] as unknown as Raw;
    const d = r.d;
    if (d[0] === 0) continue;
    const o = top + 1 - Math.floor(r.e / LOG_BASE);
    if (r.s < 0) for (let j = 0; j < d.length; j++) row[o + j]! -= d[j]!;
    else for (let j = 0; j < d.length; j++) row[o + j]! += d[j]!;
  }
  let s = normalise(row, width);
  if (s === 0) return undefined; // a zero total: the one-by-one sum's signed zero
  if (s < 0) {
    for (let k = 0; k <= width; k++) row[k] = -row[k]!;
    s = -normalise(row, width);
  }
  let lead = 0;
  while (row[lead] === 0) lead++;
  let end = width;
  while (row[end] === 0) end--;
  return made(s, top + 1 - lead, row.slice(lead, end + 1));
}

/**
 * Carries a row of signed words so that words 1…width are in [0, BASE) and word 0 holds the rest; the sign of the
 * value (−1, 0, 1).
 */
function normalise(row: number[], width: number): number {
  let carry = 0;
  for (let k = width; k >= 1; k--) {
    const t = row[k]! + carry;
    carry = Math.floor(t / BASE);
    row[k] = t - carry * BASE;
  }
  row[0]! += carry;
  if (row[0]! !== 0) return row[0]! > 0 ? 1 : -1;
  for (let k = 1; k <= width; k++) if (row[k] !== 0) return 1;
  return 0;
}
