/**
 * The syntax tree of a formula, and its parser. Formulas are written in mathjs syntax; this parser reads the
 * part of it that formulas can use — numbers, quoted keys, names, + - * / ^ (and implicit multiplication),
 * unary minus and plus, "%" as a percentage, parentheses, calls f(a, b), keys a["k"] and properties a.b —
 * and builds the same tree mathjs's parser builds, by the same rules (precedence, implicit multiplication and
 * its "rule 2", the percentage rule, line breaks). test/model/formula-syntax.test.ts holds it to mathjs on
 * generated formulas. Loading mathjs took seconds per process and worker; this takes none, and numbers keep
 * their digits as written.
 *
 * Everything else mathjs parses (matrices, ranges, comparisons, assignments, several expressions, "mod", unit
 * conversions, x!, x', hexadecimal numbers, true/false/null/NaN/Infinity, calls through a property such as
 * a.b(x)) is refused here, with the character where it starts; the compiler refused all of it anyway, or
 * could not give it a meaning.
 */
export type FormulaNode = Span &
  (
    | { type: 'number'; text: string }
    | { type: 'string'; value: string }
    | { type: 'symbol'; name: string }
    | { type: 'paren'; content: FormulaNode }
    | { type: 'unary'; op: '-' | '+'; arg: FormulaNode }
    | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: FormulaNode; right: FormulaNode; implicit?: true }
    | { type: 'call'; name: string; args: FormulaNode[] }
    | { type: 'index'; object: FormulaNode; keys: FormulaNode[] }
    | { type: 'property'; object: FormulaNode; name: string }
  );
/** The formula text a node was read from (for messages). */
interface Span {
  src: string;
}

export class FormulaSyntaxError extends Error {
  override name = 'FormulaSyntaxError';
}

type TokenKind = 'number' | 'symbol' | 'string' | 'delimiter' | 'end';
interface Token {
  kind: TokenKind;
  /** the token as written; for a string, its value */
  text: string;
  /** 0-based offset in the formula */
  at: number;
  end: number;
}

// mathjs's delimiters, longest first; "." on its own is found by the number rule, as mathjs does.
const DELIMITERS = [
  ['>>>'],
  ['.*', './', '.^', '^|', '?.', '??', '==', '!=', '<=', '>=', '<<', '>>'],
  [',', '(', ')', '[', ']', '{', '}', '"', "'", ';', '+', '-', '*', '/', '%', '^', '~', '!', '&', '|', '=', ':', '?', '<', '>'],
].map((l) => new Set(l));
const NAMED_DELIMITERS = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not']);
const REFUSED_NAMES = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => /^[a-zA-Z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]$/.test(c);
/** A dot that is a decimal mark, not the start of .* ./ .^ */
const isDecimalMark = (c: string, next: string) => c === '.' && next !== '/' && next !== '*' && next !== '^';

/** Split a formula into tokens as mathjs's tokenizer does; a line break counts only outside brackets. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const fail = (at: number, message: string): never => {
    throw new FormulaSyntaxError(`${message} (char ${at + 1})`);
  };
  let i = 0;
  let depth = 0;
  const push = (kind: TokenKind, t: string, at: number) => tokens.push({ kind, text: t, at, end: i });
  while (true) {
    while (true) {
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\u00A0' || (c === '\n' && depth > 0)) i++;
      else break;
    }
    const at = i;
    if (i >= text.length) {
      push('end', '', at);
      return tokens;
    }
    const c = text[i]!;
    if (c === '\n') {
      i++;
      push('delimiter', '\n', at);
      continue;
    }
    const d = [3, 2, 1].map((n) => text.slice(i, i + n)).find((s, k) => DELIMITERS[k]!.has(s));
    if (d && !(d === '?.' && isDigit(text[i + 2] ?? ''))) {
      i += d.length;
      if (d === '"' || d === "'") {
        push('string', readString(d, at), at);
        continue;
      }
      if (d === '(' || d === '[' || d === '{') depth++;
      if (d === ')' || d === ']' || d === '}') depth--;
      push('delimiter', d, at);
      continue;
    }
    if (isDigit(c) || c === '.') {
      if (/^0[box]/.test(text.slice(i, i + 2))) fail(at, 'hexadecimal, binary and octal numbers are not supported');
      if (c === '.') {
        i++;
        if (!isDigit(text[i] ?? '')) {
          push('delimiter', '.', at);
          continue;
        }
      } else {
        while (isDigit(text[i] ?? '')) i++;
        if (isDecimalMark(text[i] ?? '', text[i + 1] ?? '')) i++;
      }
      while (isDigit(text[i] ?? '')) i++;
      if (text[i] === 'e' || text[i] === 'E') {
        const n = text[i + 1] ?? '';
        if (isDigit(n) || n === '-' || n === '+') {
          i++;
          if (text[i] === '+' || text[i] === '-') i++;
          if (!isDigit(text[i] ?? '')) fail(i, `Digit expected, got "${text[i] ?? ''}"`);
          while (isDigit(text[i] ?? '')) i++;
          if (isDecimalMark(text[i] ?? '', text[i + 1] ?? '')) fail(i, `Digit expected, got "${text[i]}"`);
        } else if (isDecimalMark(n, text[i + 2] ?? '')) fail(i + 1, `Digit expected, got "${n}"`);
      }
      push('number', text.slice(at, i), at);
      continue;
    }
    if (isAlpha(c)) {
      while (isAlpha(text[i] ?? '') || isDigit(text[i] ?? '')) i++;
      const word = text.slice(at, i);
      push(NAMED_DELIMITERS.has(word) ? 'delimiter' : 'symbol', word, at);
      continue;
    }
    fail(at, `Syntax error in part "${text.slice(at)}"`);
  }

  function readString(quote: string, at: number): string {
    let s = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        const e = text[i + 1] ?? '';
        if (ESCAPES[e] !== undefined) {
          s += ESCAPES[e];
          i += 2;
        } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          s += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(i + 1, e === 'u' ? `Invalid unicode character \\u${text.slice(i + 2, i + 6)}` : `Bad escape character \\${e}`);
      } else s += text[i++];
    }
    if (i >= text.length) fail(at, `End of string ${quote} expected`);
    i++;
    return s;
  }
}

/** Parse one formula into its tree, or throw a FormulaSyntaxError naming the character where it goes wrong. */
export function parseFormulaSyntax(text: string): FormulaNode {
  const tokens = tokenize(text);
  let k = 0;
  const tok = () => tokens[k]!;
  const is = (t: string) => tok().kind === 'delimiter' && tok().text === t;
  /** Move on; after an operator mathjs also skips line breaks. */
  const advance = (skipNewline = false) => {
    k++;
    while (skipNewline && is('\n')) k++;
  };
  const fail = (message: string, t = tok()): never => {
    throw new FormulaSyntaxError(`${message} (char ${t.at + 1})`);
  };
  const span = (from: number): Span => ({ src: text.slice(tokens[from]!.at, tokens[k - 1]!.end).trim() });
  const refuseOperator = () => fail(`operator "${tok().text === '\n' ? 'line break' : tok().text}" is not supported in formulas`);

  const isConstant = (n: FormulaNode) => n.type === 'number' || n.type === 'string';
  const isOperator = (n: FormulaNode) => n.type === 'unary' || n.type === 'binary';
  /** mathjs's rule2Node: a number, or a number with a sign before it. */
  const rule2Node = (n: FormulaNode) => isConstant(n) || (n.type === 'unary' && isConstant(n.arg));
  // The percentage node of `x%` (x / 100); `a + x%` then means a + a × x / 100, as in mathjs.
  const percentages = new WeakSet<FormulaNode>();

  /** A whole expression (at the top, in brackets, as an argument): mathjs's unit conversions sit above + and −. */
  function expression(): FormulaNode {
    const from = k;
    let node = addSubtract();
    while (is('to') || is('in')) {
      const name = tok().text;
      advance(true);
      // "x in" at the end of an expression is x times the unit inch, in mathjs: here a name like any other
      if (name === 'in' && (is(']') || is(')') || is('}') || is(',') || is(';') || tok().kind === 'end')) {
        const inch: FormulaNode = { type: 'symbol', name: 'in', src: 'in' };
        node = { type: 'binary', op: '*', left: node, right: inch, implicit: true, ...span(from) };
      } else fail('unit conversions ("to", "in") are not supported in formulas');
    }
    return node;
  }

  function addSubtract(): FormulaNode {
    const from = k;
    let node = multiplyDivide();
    while (is('+') || is('-')) {
      const op = tok().text as '+' | '-';
      advance(true);
      const right = multiplyDivide();
      const r: FormulaNode = percentages.has(right) ? { type: 'binary', op: '*', left: node, right, ...span(from) } : right;
      node = { type: 'binary', op, left: node, right: r, ...span(from) };
    }
    return node;
  }

  function multiplyDivide(): FormulaNode {
    const from = k;
    let node = implicitMultiplication();
    while (true) {
      if (is('*') || is('/')) {
        const op = tok().text as '*' | '/';
        advance(true);
        node = { type: 'binary', op, left: node, right: implicitMultiplication(), ...span(from) };
      } else if (is('%') || is('.*') || is('./') || is('mod')) refuseOperator();
      else return node;
    }
  }

  function implicitMultiplication(): FormulaNode {
    const from = k;
    let node = rule2();
    let last = node;
    while (true) {
      const t = tok();
      // after a constant, "in" is a name (2 in = 2 × in, mathjs's inch); elsewhere it would convert units
      const inchName = is('in') && (isConstant(node) || (node.type === 'unary' && node.op === '-' && isConstant(node.arg)));
      if (is('in') && !inchName) return node; // a conversion: expression() refuses it
      if (t.kind === 'symbol' || inchName || (t.kind === 'number' && !isConstant(last) && !isOperator(last)) || is('(')) {
        last = rule2();
        node = { type: 'binary', op: '*', left: node, right: last, implicit: true, ...span(from) };
      } else return node;
    }
  }

  /** mathjs's "rule 2": `1/2 x` is (1/2)·x — a number divided by a number binds before implicit multiplication. */
  function rule2(): FormulaNode {
    const from = k;
    let node = unaryPercentage();
    let last = node;
    while (is('/') && rule2Node(last)) {
      const save = k;
      advance(true);
      if (tok().kind !== 'number') {
        k = save;
        break;
      }
      const afterSlash = k;
      advance(true);
      if (tok().kind === 'symbol' || is('(') || is('in')) {
        k = afterSlash;
        last = unaryPercentage();
        node = { type: 'binary', op: '/', left: node, right: last, ...span(from) };
      } else {
        k = save;
        break;
      }
    }
    return node;
  }

  function unaryPercentage(): FormulaNode {
    const from = k;
    const node = unary();
    if (!is('%')) return node;
    // "%" is a percentage unless a term follows it: then it is mathjs's modulo, which formulas do not support.
    const save = k;
    advance(true);
    let modulo = true;
    try {
      unary();
    } catch (e) {
      if (!(e instanceof FormulaSyntaxError)) throw e;
      modulo = false;
    }
    k = save;
    if (modulo) return node; // multiplyDivide refuses the "%"
    advance(true);
    const pct: FormulaNode = {
      type: 'binary',
      op: '/',
      left: node,
      right: { type: 'number', text: '100', src: '%' },
      ...span(from),
    };
    percentages.add(pct);
    return pct;
  }

  function unary(): FormulaNode {
    const from = k;
    if (is('-') || is('+')) {
      const op = tok().text as '-' | '+';
      advance(true);
      const arg = unary();
      return { type: 'unary', op, arg, ...span(from) };
    }
    if (is('~') || is('not')) refuseOperator();
    return pow();
  }

  function pow(): FormulaNode {
    const from = k;
    const node = leftHand();
    if (is('.^')) refuseOperator();
    if (!is('^')) return node;
    advance(true);
    return { type: 'binary', op: '^', left: node, right: unary(), ...span(from) };
  }

  function leftHand(): FormulaNode {
    const node = operand();
    if (is('??') || is('!') || is("'")) refuseOperator();
    return node;
  }

  function operand(): FormulaNode {
    const from = k;
    const t = tok();
    if (t.kind === 'symbol' || (t.kind === 'delimiter' && NAMED_DELIMITERS.has(t.text))) {
      if (REFUSED_NAMES.has(t.text)) fail(`"${t.text}" is not allowed in formulas`);
      advance();
      return accessors(from, { type: 'symbol', name: t.text, src: t.text });
    }
    if (t.kind === 'string') {
      advance();
      return accessors(from, { type: 'string', value: t.text, src: text.slice(t.at, t.end) });
    }
    if (t.kind === 'number') {
      advance();
      return { type: 'number', text: t.text, src: t.text };
    }
    if (is('(')) {
      advance();
      const content = expression();
      if (!is(')')) closing(')');
      advance();
      return accessors(from, { type: 'paren', content, ...span(from) });
    }
    if (is('[') || is('{')) fail('matrices and objects are not supported in formulas');
    return fail(t.kind === 'end' ? 'Unexpected end of expression' : 'Value expected');
  }

  /** A list of expressions up to `close`, after its opening bracket. */
  function list(close: ')' | ']'): FormulaNode[] {
    const items: FormulaNode[] = [];
    if (!is(close)) {
      items.push(expression());
      while (is(',')) {
        advance();
        items.push(expression());
      }
    }
    if (!is(close)) closing(close);
    advance();
    return items;
  }

  /** Calls f(…), keys a["k"] and properties a.b after a name, a quoted text or a parenthesis. */
  function accessors(from: number, start: FormulaNode): FormulaNode {
    let node = start;
    while (true) {
      if (is('?.')) fail('optional chaining is not supported in formulas');
      if (is('(')) {
        if (node.type === 'index' || node.type === 'property') fail('only functions named directly can be called, e.g. max(a, b)');
        if (node.type !== 'symbol') return node; // (a)(b), "k"(b) and f(a)(b) multiply
        advance();
        const args = list(')');
        node = { type: 'call', name: (node as { name: string }).name, args, ...span(from) };
      } else if (is('[')) {
        advance();
        node = { type: 'index', object: node, keys: list(']'), ...span(from) };
      } else if (is('.')) {
        advance();
        const t = tok();
        if (!(t.kind === 'symbol' || (t.kind === 'delimiter' && NAMED_DELIMITERS.has(t.text)))) fail('Property name expected after dot');
        advance();
        node = { type: 'property', object: node, name: t.text, ...span(from) };
      } else return node;
    }
  }

  function closing(close: string): never {
    // Anything mathjs would read here (a range a:b, a comparison, a condition …) is outside formulas.
    if (tok().kind === 'delimiter' && !is(',') && !is(')') && !is(']') && tok().text !== '') refuseOperator();
    return fail(`Parenthesis ${close} expected`);
  }

  if (tok().kind === 'end') fail('the formula is empty');
  const node = expression();
  if (tok().kind !== 'end') {
    if (is('\n') || is(';')) fail('a formula is one expression (no ";" or line break outside brackets)');
    if (tok().kind === 'delimiter') refuseOperator();
    fail(`Unexpected part "${tok().text}"`);
  }
  return node;
}
