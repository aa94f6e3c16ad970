import { Dec, ONE } from './decimal.ts';
import { suggest } from './suggest.ts';
import { CJK_WORDS, MAX_MULTIPLIER_EXPONENT, MULTIPLIER_WORDS, PER_WORD, UNIT_WORDS } from './unit-words.ts';

/**
 * A small exact unit algebra. mathjs has units, but its conversions pass through binary floats
 * (kJ/m2/d × ha × d → 9.999…96 MJ); an accounting engine needs kJ → kWh to be exactly 1/3600.
 * A unit is a product of base dimensions with integer exponents and a factor to those base units,
 * kept as an exact ratio num/den of finite decimals.
 */
export interface Unit {
  readonly dims: Readonly<Record<string, number>>;
  readonly num: Dec;
  readonly den: Dec;
  /** The text it was written as (for messages and reports). */
  readonly text: string;
}

export class UnitError extends Error {
  override name = 'UnitError';
}

interface Atom {
  dims: Record<string, number>;
  num: string;
  den?: string;
}
const L = { m: 1 },
  M = { kg: 1 },
  T = { s: 1 },
  E = { kg: 1, m: 2, s: -2 };
const ATOMS: Record<string, Atom> = {
  '1': { dims: {}, num: '1' },
  '%': { dims: {}, num: '0.01' },
  m: { dims: L, num: '1' },
  mm: { dims: L, num: '0.001' },
  cm: { dims: L, num: '0.01' },
  km: { dims: L, num: '1000' },
  hm: { dims: L, num: '100' }, // hectometre: hm2 (hm²) is the hectare of Chinese statistics
  ha: { dims: { m: 2 }, num: '10000' },
  mu: { dims: { m: 2 }, num: '10000', den: '15' }, // 亩 = 10000/15 m²
  L: { dims: { m: 3 }, num: '0.001' },
  g: { dims: M, num: '0.001' },
  kg: { dims: M, num: '1' },
  t: { dims: M, num: '1000' },
  // Carbon and CO2 are their own dimensions: a tonne of C is not a tonne of CO2 (×44/12), and mixing
  // them is one of the commonest errors in carbon accounting, so the unit check refuses it.
  kgC: { dims: { C: 1 }, num: '1' },
  tC: { dims: { C: 1 }, num: '1000' },
  kgCO2: { dims: { CO2: 1 }, num: '1' },
  tCO2: { dims: { CO2: 1 }, num: '1000' },
  // CO2-equivalent is counted in the CO2 dimension (a tonne of CO2 is a tonne of CO2e); the other gases are
  // their own dimensions and become CO2e only through a GWP (tCO2e/tCH4), so the choice of GWP set is explicit.
  kgCO2e: { dims: { CO2: 1 }, num: '1' },
  tCO2e: { dims: { CO2: 1 }, num: '1000' },
  GgCO2: { dims: { CO2: 1 }, num: '1000000' },
  kgCH4: { dims: { CH4: 1 }, num: '1' },
  tCH4: { dims: { CH4: 1 }, num: '1000' },
  kgN2O: { dims: { N2O: 1 }, num: '1' },
  tN2O: { dims: { N2O: 1 }, num: '1000' },
  Gg: { dims: M, num: '1000000' },
  // Standard coal equivalent (GB/T 2589: 1 kgce = 29,307 kJ) is its own dimension, not mass and not energy:
  // the calorific (当量) and generation-equivalent (等价) bases give different tce for the same kWh, so an
  // energy amount becomes tce only through a stated conversion factor.
  gce: { dims: { ce: 1 }, num: '0.001' },
  kgce: { dims: { ce: 1 }, num: '1' },
  tce: { dims: { ce: 1 }, num: '1000' },
  s: { dims: T, num: '1' },
  min: { dims: T, num: '60' },
  h: { dims: T, num: '3600' },
  d: { dims: T, num: '86400' },
  // The year of a yearly flow (万m³/a, t/(ha·a)): its own dimension, never seconds (a year has no exact length). An
  // annual account's flows are totals of the year, so a dataset's "per year" is read as the account year by
  // annualConversion below; a formula never mixes it with time.
  a: { dims: { a: 1 }, num: '1' },
  yr: { dims: { a: 1 }, num: '1' },
  J: { dims: E, num: '1' },
  kJ: { dims: E, num: '1000' },
  MJ: { dims: E, num: '1000000' },
  GJ: { dims: E, num: '1000000000' },
  TJ: { dims: E, num: '1000000000000' },
  Wh: { dims: E, num: '3600' },
  kWh: { dims: E, num: '3600000' },
  MWh: { dims: E, num: '3600000000' },
  GWh: { dims: E, num: '3600000000000' },
  W: { dims: { kg: 1, m: 2, s: -3 }, num: '1' },
  kW: { dims: { kg: 1, m: 2, s: -3 }, num: '1000' },
  CNY: { dims: { CNY: 1 }, num: '1' },
  visit: { dims: { visit: 1 }, num: '1' },
  person: { dims: { person: 1 }, num: '1' },
  head: { dims: { head: 1 }, num: '1' },
  // A-weighted noise attenuation summed over green belts and the year (dB(A)·a, as the urban GEP literature counts
  // it): its own dimension, so that it is never added to anything else.
  dBA: { dims: { dBA: 1 }, num: '1' },
};

export const DIMENSIONLESS: Unit = { dims: {}, num: ONE, den: ONE, text: '1' };

function combine(a: Unit, b: Unit, sign: 1 | -1, text: string): Unit {
  const dims: Record<string, number> = { ...a.dims };
  for (const [k, v] of Object.entries(b.dims)) {
    const n = (dims[k] ?? 0) + sign * v;
    if (n === 0) delete dims[k];
    else dims[k] = n;
  }
  return sign === 1
    ? { dims, num: a.num.mul(b.num), den: a.den.mul(b.den), text }
    : { dims, num: a.num.mul(b.den), den: a.den.mul(b.num), text };
}

export function mulUnits(a: Unit, b: Unit): Unit {
  return combine(a, b, 1, isOne(a) ? b.text : isOne(b) ? a.text : `${wrap(a.text)}·${wrap(b.text)}`);
}
export function divUnits(a: Unit, b: Unit): Unit {
  return combine(a, b, -1, isOne(b) ? a.text : `${wrap(a.text)}/${wrap(b.text)}`);
}
export function powUnit(a: Unit, p: number): Unit {
  if (!Number.isInteger(p)) throw new UnitError(`cannot raise ${a.text} to the non-integer power ${p}`);
  const dims: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.dims)) dims[k] = v * p;
  const num = a.num.pow(Math.abs(p)),
    den = a.den.pow(Math.abs(p));
  return p >= 0 ? { dims, num, den, text: `${wrap(a.text)}^${p}` } : { dims, num: den, den: num, text: `${wrap(a.text)}^${p}` };
}
function wrap(t: string): string {
  return /[·/^]/.test(t) ? `(${t})` : t;
}
function isOne(u: Unit): boolean {
  return u.text === '1';
}

export function isDimensionless(u: Unit): boolean {
  return Object.keys(u.dims).length === 0;
}

/** Same physical dimension (possibly different scale): m3 and L, t and kg. */
export function sameDimension(a: Unit, b: Unit): boolean {
  const ka = Object.keys(a.dims),
    kb = Object.keys(b.dims);
  return ka.length === kb.length && ka.every((k) => a.dims[k] === b.dims[k]);
}

/** True when the unit carries currency: the engine treats every such quantity as a price or a value. */
export function hasCurrency(u: Unit): boolean {
  return (u.dims['CNY'] ?? 0) !== 0;
}
/** A pure money amount (CNY), as opposed to a price per something (CNY/m3). */
export function isMoney(u: Unit): boolean {
  return u.dims['CNY'] === 1 && Object.keys(u.dims).length === 1;
}

/**
 * The exact factor f such that x [from] = x·f [to], as num/den. Throws when the dimensions differ.
 */
export function conversion(from: Unit, to: Unit): { num: Dec; den: Dec; identity: boolean } {
  if (!sameDimension(from, to)) {
    throw new UnitError(`${from.text} [${describeDims(from)}] cannot be converted to ${to.text} [${describeDims(to)}]`);
  }
  const num = from.num.mul(to.den),
    den = from.den.mul(to.num);
  return { num, den, identity: num.eq(den) };
}

/**
 * conversion() for a value of an annual account read from outside: a unit per year (万m³/a, t/(ha·a), 元/(hm²·年))
 * converts to the same unit without the year (m³, t/ha, CNY/ha), the year being the account's, and says so
 * (`perYear`). A unit that is not per year, or a target that is itself per year, converts as conversion() does.
 */
export function annualConversion(from: Unit, to: Unit): { num: Dec; den: Dec; identity: boolean; perYear: boolean } {
  if (from.dims['a'] === -1 && to.dims['a'] === undefined) {
    const { a: _year, ...dims } = from.dims;
    return { ...conversion({ ...from, dims }, to), perYear: true };
  }
  return { ...conversion(from, to), perYear: false };
}

export function describeDims(u: Unit): string {
  const parts = Object.entries(u.dims)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === 1 ? k : `${k}^${v}`));
  return parts.length ? parts.join('·') : 'dimensionless';
}

// ---- parsing: "CNY/m3", "kJ/(m2·d)", "t h/(MJ mm)", "m^-2", "%", "万t", "10^8 m3", "亿元", "tce/万元", "km²" -----
// A multiplier (10^4, 1e4, 万, 亿 …) scales the unit right after it: "tce/万元" is tce per 10^4 CNY.
type Token = { op: string } | { word: string } | { exp: string } | { mult: number; text: string };

const cache = new Map<string, Unit>();

export function parseUnit(text: string): Unit {
  const hit = cache.get(text);
  if (hit) return hit;
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (t: Token | undefined, ...ops: string[]) => t !== undefined && 'op' in t && ops.includes(t.op);
  const fail = (why: string): never => {
    throw new UnitError(`unit "${text}": ${why}`);
  };

  function atom(): Unit {
    const tok = tokens[pos++];
    if (tok === undefined) return fail('ends too early');
    if ('mult' in tok) {
      if (peek() === undefined || isOp(peek(), ')', '/', '*', '·', '^')) return fail(`the multiplier "${tok.text}" needs a unit after it`);
      const u = atom();
      const scale = new Dec(10).pow(Math.abs(tok.mult));
      return tok.mult >= 0 ? { ...u, num: u.num.mul(scale) } : { ...u, den: u.den.mul(scale) };
    }
    if (isOp(tok, '(')) {
      const u = product();
      if (!isOp(tokens[pos++], ')')) fail('missing ")"');
      return exponent(u);
    }
    if (!('word' in tok)) return fail(`unexpected "${'op' in tok ? tok.op : tok.exp}"`);
    const written = UNIT_WORDS[tok.word] ?? tok.word;
    const m = ATOMS[written] ? [written, written, ''] : /^([A-Za-z%]+(?:CO2)?|1)(\d*)$/.exec(written);
    if (!m) return fail(`"${tok.word}" is not a unit`);
    const name = ATOMS[written] ? written : m[1]!;
    const digits = ATOMS[written] ? '' : m[2]!;
    const a = ATOMS[name];
    if (!a) return fail(`unknown unit "${name}"${suggest(name, KNOWN_NAMES) || ` (known: ${Object.keys(ATOMS).join(', ')})`}`);
    let u: Unit = { dims: { ...a.dims }, num: new Dec(a.num), den: new Dec(a.den ?? '1'), text: name };
    if (digits) u = powUnit(u, Number(digits));
    return exponent(u);
  }
  function exponent(u: Unit): Unit {
    if (!isOp(peek(), '^')) return u;
    pos++;
    const e = tokens[pos++];
    if (e === undefined || !('exp' in e)) return fail('"^" needs an integer exponent');
    return powUnit(u, Number(e.exp));
  }
  function product(): Unit {
    let u = atom();
    for (;;) {
      const t = peek();
      if (isOp(t, '/')) {
        pos++;
        u = combine(u, atom(), -1, '');
      } else if (isOp(t, '*', '·')) {
        pos++;
        u = combine(u, atom(), 1, '');
      } else if (t !== undefined && !isOp(t, ')')) {
        u = combine(u, atom(), 1, '');
      } else return u;
    }
  }
  const u = product();
  if (pos !== tokens.length) fail(`unexpected "${describe(tokens[pos]!)}"`);
  const result: Unit = { ...u, text: text.trim() };
  cache.set(text, result);
  return result;
}

/** Names an unknown unit is compared with for a suggestion: the engine's units and the yearbook words. */
const KNOWN_NAMES = [...Object.keys(ATOMS), ...Object.keys(UNIT_WORDS)];

function describe(t: Token): string {
  return 'op' in t ? t.op : 'word' in t ? t.word : 'exp' in t ? t.exp : t.text;
}

const SUPERSCRIPT: Record<string, string> = {
  '⁻': '-',
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
};

/** Superscript powers (m², km², 10⁴) as ^n, then full-width forms (（ ） ／ ｍ) as ASCII. */
function normalise(text: string): string {
  return text
    .trim()
    .replace(/[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (s) => `^${[...s].map((c) => SUPERSCRIPT[c]).join('')}`)
    .normalize('NFKC');
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const t = normalise(text);
  // a multiplier 10^n or 1en (before a unit), an operator, an exponent (after ^), a word of ASCII letters
  const re = /\s*(?:(10\^[+-]?\d+|1[eE][+-]?\d+)(?![\d.])|([()/*·^])|([+-]?\d+)|([A-Za-z%][A-Za-z0-9%]*))\s*/y;
  let i = 0;
  while (i < t.length) {
    const cjk = CJK_WORDS.find((w) => t.startsWith(w, i));
    if (cjk) {
      if (cjk === PER_WORD) out.push({ op: '/' });
      else if (cjk in MULTIPLIER_WORDS) out.push({ mult: MULTIPLIER_WORDS[cjk]!, text: cjk });
      else out.push({ word: cjk });
      i += cjk.length;
      while (t[i] === ' ') i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(t);
    if (!m) {
      const word = /^[^\p{ASCII}]+/u.exec(t.slice(i))?.[0];
      throw new UnitError(
        word ? `unit "${text}": "${word}" is not a unit${suggest(word, KNOWN_NAMES)}` : `unit "${text}": cannot read "${t.slice(i)}"`,
      );
    }
    const prev = out.at(-1);
    if (m[1] !== undefined && !(prev && 'op' in prev && prev.op === '^')) {
      const n = Number(m[1].replace(/^(10\^|1[eE])/, ''));
      if (Math.abs(n) > MAX_MULTIPLIER_EXPONENT)
        throw new UnitError(`unit "${text}": the multiplier ${m[1]} is beyond 10^${MAX_MULTIPLIER_EXPONENT}`);
      out.push({ mult: n, text: m[1] });
    } else if (m[2] !== undefined) out.push({ op: m[2] });
    else if (m[3] !== undefined || m[1] !== undefined) {
      if (!(prev && 'op' in prev && prev.op === '^')) {
        // a lone number is a unit only as "1" (dimensionless)
        if ((m[3] ?? m[1]) !== '1') throw new UnitError(`unit "${text}": cannot read "${t.slice(i).trim()}"`);
        out.push({ word: '1' });
      } else out.push({ exp: (m[3] ?? m[1])! });
    } else out.push({ word: m[4]! });
    i = re.lastIndex;
  }
  if (!out.length) throw new UnitError('empty unit (write "1" for a dimensionless quantity)');
  return out;
}
