import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS, statusFor, toProblem } from '../../api/problem.ts';
import { EXIT_CODES, exitCodeFor } from '../../cli/exit-codes.ts';
import { ISSUES_SHOWN, IssuesError } from '../../engine/core/errors.ts';
import { DIAGNOSTIC_CODES, ISSUE_CODES, type IssueClass, type IssueCode, messageOf } from '../../engine/core/issue-codes.ts';

const ROOT = join(import.meta.dirname, '../..');
const CODES = Object.keys(ISSUE_CODES) as IssueCode[];
const refused = (code: IssueCode) => new IssuesError('run', [{ code, message: 'x' }]);

/** What each class must become, as the README's "Exit codes" and "Errors" sections say. */
const EXPECTED: Record<IssueClass, { exit: 0 | 1 | 2; status: number[] }> = {
  input: { exit: 2, status: [422] },
  request: { exit: 2, status: [400, 405, 408] },
  unauthorized: { exit: 2, status: [401] },
  not_found: { exit: 2, status: [404] },
  conflict: { exit: 2, status: [409] },
  too_large: { exit: 2, status: [413, 414, 431] },
  unsupported: { exit: 2, status: [415] },
  unavailable: { exit: 1, status: [503] },
  internal: { exit: 1, status: [500] },
};

describe('the issue-code registry', () => {
  it('every class has an exit code and an HTTP status, and nothing else does', () => {
    expect(Object.keys(EXIT_CODES).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(HTTP_STATUS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(CODES)('%s: its class decides the exit code and the HTTP status of a refusal carrying it', (code) => {
    const spec = ISSUE_CODES[code];
    const want = EXPECTED[spec.class];
    expect(spec.meaning.length).toBeGreaterThan(10);
    expect(messageOf(code)).not.toBe('');
    // through the real mappings: an IssuesError as the CLI and the API see it
    expect(exitCodeFor(refused(code))).toBe(want.exit);
    const p = toProblem(refused(code));
    expect(want.status).toContain(p.status);
    expect(p.status).toBe(statusFor(code));
    expect(p.code).toBe(code);
    expect(p.errors).toEqual([expect.objectContaining({ code, message: 'x' })]);
    // a refusal of what the user gave: exit 2 and a 4xx; a fault: exit 1 and a 5xx
    if (want.exit === 2) expect(p.status).toBeGreaterThanOrEqual(400);
    expect(p.status < 500).toBe(want.exit === 2);
  });

  it('one fault among refusals makes the whole error a fault (exit 1, 500)', () => {
    const mixed = new IssuesError('run', [
      { code: 'region_unknown', message: 'a' },
      { code: 'internal', message: 'b' },
    ]);
    expect(exitCodeFor(mixed)).toBe(1);
    expect(toProblem(mixed).status).toBe(500);
    // a not-found among input problems answers 404 (the first class in precedence), and every issue is listed
    const nf = toProblem(
      new IssuesError('run', [
        { code: 'region_unknown', message: 'a' },
        { code: 'not_found', message: 'b' },
      ]),
    );
    expect([nf.status, nf.errors.length]).toEqual([404, 2]);
  });

  it('exit codes of what is not an IssuesError: none 0, commander refusals 2, help 0, anything else 1', () => {
    expect(exitCodeFor(undefined)).toBe(0);
    expect(exitCodeFor(Object.assign(new Error('unknown option'), { code: 'commander.unknownOption' }))).toBe(2);
    expect(exitCodeFor(Object.assign(new Error('(outputHelp)'), { code: 'commander.helpDisplayed' }))).toBe(0);
    expect(exitCodeFor(new Error('EACCES'))).toBe(1);
    expect(toProblem(new Error('secret')).status).toBe(500);
  });

  it(`an error lists at most ${ISSUES_SHOWN} issues and counts the rest`, () => {
    const e = new IssuesError(
      'dataset',
      Array.from({ length: ISSUES_SHOWN + 5 }, (_, n) => ({ code: 'not_a_number' as const, message: `cell ${n}` })),
    );
    expect(e.issues).toHaveLength(ISSUES_SHOWN + 5); // all kept for the caller
    const lines = e.message.split('\n');
    expect(lines[0]).toBe(`${ISSUES_SHOWN + 5} problems in the dataset:`);
    expect(lines).toHaveLength(ISSUES_SHOWN + 2);
    expect(lines.at(-1)).toBe('  … and 5 more');
  });
});

/** Source files that may name codes (everything but the tests). */
const sources = ['engine', 'lib', 'datasets', 'models', 'api', 'cli', 'reports'].flatMap((dir) =>
  (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, dir, f)),
);
const REGISTRY = join(ROOT, 'engine/core/issue-codes.ts');

describe('codes in the source', () => {
  // `code: 'x'`, `new Problem('x'`, and the code argument of the site helpers (at, fail, cell, cellIssue): the literal
  // just before the message (a template, or a string with a space in it; a column name is followed by the code)
  const literal =
    /\bcode: '([a-z0-9_]+)'|\b(?:at|fail|cell|cellIssue)\([^;]*?'([a-z0-9_]+)',\s*(?:`|'[^']*[^a-z0-9_'][^']*')|new Problem\(\s*'([a-z0-9_]+)'/g;
  const used = new Map<string, string>();
  for (const f of sources.filter((f) => f !== REGISTRY)) {
    // zod's own issue codes (ctx.addIssue({ code: 'custom' … })) are zod's, not ours
    const text = readFileSync(f, 'utf8').replace(/addIssue\(\{ code: '[a-z_]+'/g, '');
    for (const m of text.matchAll(literal)) used.set(m[1] ?? m[2] ?? m[3]!, relative(ROOT, f));
  }

  it('every code literal in the source is registered (as an issue code, or a diagnostic of a run)', () => {
    expect(used.size).toBeGreaterThan(60);
    const unknown = [...used].filter(([c]) => !(c in ISSUE_CODES) && !(c in DIAGNOSTIC_CODES)).map(([c, f]) => `${c} (${f})`);
    expect(unknown).toEqual([]);
  });

  it('every registered code is used somewhere outside the registry (no dead entries)', () => {
    const text = sources
      .filter((f) => f !== REGISTRY)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(CODES.filter((c) => !text.includes(`'${c}'`))).toEqual([]);
  });

  it('an unregistered code does not compile (Issue.code is the union of the registry keys)', () => {
    const check = (snippet: string) => {
      const file = join(ROOT, 'test/core/__issue-code-probe.ts');
      const source = `import type { Issue } from '../../engine/core/errors.ts';\n${snippet}\n`;
      const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        allowImportingTsExtensions: true,
        types: [],
        lib: ['lib.es2022.d.ts'],
      };
      const host = ts.createCompilerHost(options);
      const read = host.readFile.bind(host);
      host.readFile = (f) => (f === file ? source : read(f));
      host.fileExists = (
        (exists) => (f: string) =>
          f === file || exists(f)
      )(host.fileExists.bind(host));
      const program = ts.createProgram([file], options, host);
      return ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    };
    expect(check(`export const ok: Issue = { code: 'region_unknown', message: 'x' };`)).toEqual([]);
    const bad = check(`export const bad: Issue = { code: 'region_not_there', message: 'x' };`);
    expect(bad.join('\n')).toMatch(/"region_not_there"' is not assignable to type/);
  }, 30_000);
});
