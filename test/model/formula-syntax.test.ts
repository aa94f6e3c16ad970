import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { create, type MathNode, parseDependencies } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { type FormulaNode, FormulaSyntaxError, parseFormulaSyntax } from '../../engine/model/formula-syntax.ts';

/**
 * The formula parser (engine/model/formula-syntax.ts) replaced mathjs's parser, which formulas were parsed with
 * before (in BigNumber mode). Here mathjs — still installed — is the oracle: on shipped-style and generated
 * formulas, and on random token sequences, our parser gives the same tree whenever mathjs gives one that the
 * compiler can use, and refuses everything else.
 */
const math = create({ parseDependencies: parseDependencies! }, { number: 'BigNumber', precision: 64 });

type Tree = string | number | boolean | null | Tree[] | { [k: string]: Tree };
const UNSUPPORTED = 'unsupported';

/** mathjs's tree in our node types, or UNSUPPORTED where the compiler refused it. */
function fromMathjs(node: MathNode): Tree {
  const n = node as MathNode & Record<string, any>;
  const all = (xs: MathNode[]) => xs.map(fromMathjs);
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value === 'string') return { type: 'string', value: n.value };
      if (Decimal.isDecimal(n.value) || (typeof n.value === 'number' && Number.isFinite(n.value)))
        return { type: 'number', value: String(n.value) };
      return UNSUPPORTED;
    case 'SymbolNode':
      return { type: 'symbol', name: n.name };
    case 'ParenthesisNode':
      return { type: 'paren', content: fromMathjs(n.content) };
    case 'OperatorNode':
      if (n.args.length === 1 && (n.op === '-' || n.op === '+')) return { type: 'unary', op: n.op, arg: fromMathjs(n.args[0]) };
      if (n.args.length === 2 && ['+', '-', '*', '/', '^'].includes(n.op))
        return { type: 'binary', op: n.op, left: fromMathjs(n.args[0]), right: fromMathjs(n.args[1]), implicit: !!n.implicit };
      return UNSUPPORTED;
    case 'FunctionNode':
      return n.fn.type === 'SymbolNode' && !n.optional ? { type: 'call', name: n.fn.name, args: all(n.args) } : UNSUPPORTED;
    case 'AccessorNode':
      if (n.optionalChaining) return UNSUPPORTED;
      return n.index.dotNotation
        ? { type: 'property', object: fromMathjs(n.object), name: n.index.dimensions[0].value }
        : { type: 'index', object: fromMathjs(n.object), keys: all(n.index.dimensions) };
    default:
      return UNSUPPORTED;
  }
}

function fromOurs(n: FormulaNode): Tree {
  switch (n.type) {
    case 'number':
      return { type: 'number', value: new Decimal(n.text).toString() };
    case 'string':
      return { type: 'string', value: n.value };
    case 'symbol':
      return { type: 'symbol', name: n.name };
    case 'paren':
      return { type: 'paren', content: fromOurs(n.content) };
    case 'unary':
      return { type: 'unary', op: n.op, arg: fromOurs(n.arg) };
    case 'binary':
      return { type: 'binary', op: n.op, left: fromOurs(n.left), right: fromOurs(n.right), implicit: !!n.implicit };
    case 'call':
      return { type: 'call', name: n.name, args: n.args.map(fromOurs) };
    case 'index':
      return { type: 'index', object: fromOurs(n.object), keys: n.keys.map(fromOurs) };
    case 'property':
      return { type: 'property', object: fromOurs(n.object), name: n.name };
  }
}

const usable = (t: Tree): boolean =>
  t !== UNSUPPORTED && (typeof t !== 'object' || t === null || Object.values(t as object).every((v) => usable(v as Tree)));

function mathjsTree(text: string): Tree {
  try {
    const t = fromMathjs(math.parse(text));
    return usable(t) ? t : 'refused';
  } catch {
    return 'refused';
  }
}

/**
 * mathjs reads "x %" as a percentage when no term follows, but does not step back after trying one, so it
 * swallows a dangling sign: "a%+" is a/100. We refuse that; such a text is refused by mathjs too once the
 * percentage is written out as "/100".
 */
const swallowedAfterPercent = (text: string) => text.includes('%') && mathjsTree(text.replaceAll('%', '/100')) === 'refused';

/** Both parsers on one text: our tree, and mathjs's when the compiler could have used it (else 'refused'). */
function both(text: string): { ours: Tree; theirs: Tree } {
  let theirs = mathjsTree(text);
  let ours: Tree;
  try {
    ours = fromOurs(parseFormulaSyntax(text));
  } catch (e) {
    if (!(e instanceof FormulaSyntaxError)) throw e;
    ours = 'refused';
  }
  // Refused on purpose: hexadecimal, binary and octal literals (0x2a), and what mathjs swallows after "%".
  if (ours === 'refused' && theirs !== 'refused' && (/0[box]/.test(text) || swallowedAfterPercent(text))) theirs = 'refused';
  return { ours, theirs };
}

// Formulas as models write them (the shipped models' own, and the syntax their README documents).
const WRITTEN = [
  'area * max(precipitation - precipitation * runoff_coefficient - evapotranspiration, 0)',
  'cap(sum(ecosystem_type["forest", "urban_green"], area * pollutant_absorption), air_pollutant_emission)',
  'exp(lake_flood_a) * magnitude(lake_area, "km2") ^ lake_flood_b * lake_turnover * lake_flood_volume_unit',
  'area * rainfall_erosivity * soil_erodibility * slope_length_factor * (1 - cover_factor * practice_factor)',
  'physical / (sand_bulk_density * sand_cover_depth) * sand_control_cost',
  'siltation_ratio * physical / soil_bulk_density * dredging_cost',
  'carbon_sequestration.physical * o2_per_co2',
  "area['wetland'] * 0.3",
  '-2 ^ 2',
  '2 ^ -3 ^ 2',
  '1/2 x',
  '1 / 2 x / 3 y',
  'a / 2 x',
  '-1/2(x + 1)',
  '2 x ^ 2',
  '(a + b)(c - d)',
  '(a)2',
  'x * 5%',
  'a + 5%',
  'a - 5% * 2',
  'a +\n b',
  '(a\n + b)',
  'max(\n a,\n b\n)',
  'a * b # a comment',
  '2.5e-3 * x + .5 - 3. * y',
  'f(x)(y)',
  '"k"(2)',
  '0.1000000000000000000000000000000000000000000000000000000000000000000001 * x',
  'area["forest"].physical',
  'a.b.c',
  'mod(a, b)',
  '2 in x',
];
// Syntax the compiler never took: refused by both (this parser at once).
const REFUSED = [
  'a mod b',
  'a % b',
  '5% x',
  'a%+',
  '0x2a * a',
  'x in y',
  'a .* b',
  'a == b',
  'a ? b : c',
  'a = 2',
  'a; b',
  'a\n',
  'a\nb',
  '[1, 2]',
  'a[1:2]',
  'x!',
  "x'",
  'not a',
  'a to b',
  '',
  '   ',
  '(a',
  'a)',
  'max(a, b',
  'area["forest"',
  '"unterminated',
  'a.b(x)',
  'a?.b',
  '面积 * 2',
  'true * x',
  'NaN',
];

describe('formula parser against mathjs', () => {
  it.each(WRITTEN)('gives mathjs’s tree for %j', (text) => {
    const { ours, theirs } = both(text);
    expect(theirs).not.toBe('refused');
    expect(ours).toEqual(theirs);
  });

  it.each(REFUSED)('refuses %j, as mathjs or the compiler did', (text) => {
    expect(both(text)).toEqual({ ours: 'refused', theirs: 'refused' });
  });

  it('gives the same tree on generated formulas (implicit products, rule 2, percentages, signs, accessors)', () => {
    const name = fc.constantFrom('a', 'b', 'area', 'x1', '_k', 'nep', 'max', 'sum', 'e');
    const number = fc.constantFrom('0', '2', '12', '3.50', '.5', '2.', '1e3', '1.5E-2', '7e+1', '100');
    const key = fc.constantFrom('"forest"', "'wetland'", '"a\\"b"', '"k"');
    const space = fc.constantFrom('', ' ', '  ', '\t');
    const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
      atom: fc.oneof(
        { depthSize: 'small' },
        name,
        number,
        key,
        fc.tuple(name, key).map(([n, k]) => `${n}[${k}]`),
        fc.tuple(name, name).map(([n, p]) => `${n}.${p}`),
        fc.tuple(name, fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
        tie('expr').map((e) => `(${e})`),
      ),
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        tie('atom'),
        fc
          .tuple(tie('atom'), fc.constantFrom('+', '-', '*', '/', '^', ' ', ''), space, tie('expr'))
          .map(([l, op, s, r]) => `${l}${s}${op}${s}${r}`),
        fc.tuple(fc.constantFrom('-', '+'), tie('expr')).map(([op, e]) => `${op}${e}`),
        tie('atom').map((a) => `${a}%`),
      ),
    }));
    fc.assert(
      fc.property(expr, (text) => {
        const { ours, theirs } = both(text);
        expect(ours, text).toEqual(theirs);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on random token sequences: the same tree, or both refuse', () => {
    const token = fc.constantFrom(
      'a',
      'b',
      '2',
      '0.5',
      '"k"',
      '(',
      ')',
      '[',
      ']',
      ',',
      '.',
      '+',
      '-',
      '*',
      '/',
      '^',
      '%',
      ' ',
      '\n',
      'max',
      'in',
      'mod',
      '1e2',
      'e',
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 9 }), (tokens) => {
        const text = tokens.join('');
        const { ours, theirs } = both(text);
        expect(ours, JSON.stringify(text)).toEqual(theirs);
      }),
      { numRuns: 5000 },
    );
  });
});
