/**
 * Decimal CLI options go through the one bounded reader and their own range (cli/number-options.ts): a refusal
 * is an IssuesError naming the option, which the CLI turns into exit code 2.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCarbonCommands } from '../cli/commands/carbon.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { BAD_NUMBERS } from './fixtures/bad-numbers.ts';
import { gep } from './helpers/gep-cli.ts';

/** Parse `gep carbon …` in this process; the option parsers run before any action, so a refused option never runs. */
async function refusal(...args: string[]) {
  const program = new Command('gep').exitOverride();
  registerCarbonCommands(program);
  const action = program.commands.find((c) => c.name() === 'carbon')!.commands.find((c) => c.name() === args[0])!;
  action.action(() => {
    throw new Error('the action ran: the option was accepted');
  });
  try {
    await program.parseAsync(['carbon', ...args], { from: 'user' });
  } catch (e) {
    if (e instanceof IssuesError) return e.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }));
    throw e;
  }
  throw new Error('not refused');
}

describe('decimal CLI options are bounded and range-checked, naming the option', () => {
  it.each([...BAD_NUMBERS, { label: '0x1F', text: '0x1F', code: 'not_a_number' }])(
    '--energy-target $label → $code',
    async ({ text, code }) => {
      const [issue, ...rest] = await refusal('dualcontrol', '--energy-target', text);
      expect(rest).toEqual([]);
      expect(issue).toMatchObject({ code, path: '--energy-target' });
      expect(issue!.message.startsWith('"')).toBe(true); // the value, truncated; the option is the path
      expect(issue!.message.length).toBeLessThan(200);
    },
  );

  it('each decimal option of the carbon commands, with its range', async () => {
    expect(await refusal('dualcontrol', '--co2-target', '1')).toEqual([
      { code: 'option_invalid', path: '--co2-target', message: '"1" is not a fraction from 0 up to (not including) 1, e.g. 0.135' },
    ]);
    expect(await refusal('dualcontrol', '--energy-cap', '-7')).toMatchObject([{ code: 'option_invalid', path: '--energy-cap' }]);
    expect(await refusal('dualcontrol', '--co2-cap', '1e400')).toMatchObject([{ code: 'number_out_of_range', path: '--co2-cap' }]);
    expect(await refusal('dualcontrol', '--ladder', 'city4:1,0.9,-7')).toMatchObject([{ code: 'option_invalid', path: '--ladder' }]);
    expect(await refusal('dualcontrol', '--ladder', 'city4:1,1e-400,0.5')).toMatchObject([
      { code: 'number_out_of_range', path: '--ladder' },
    ]);
    expect(await refusal('project', '--plateau', '1e9999999999:3')).toMatchObject([{ code: 'number_out_of_range', path: '--plateau' }]);
    expect(await refusal('project', '--plateau', '0.01:99999999999')).toMatchObject([{ code: 'option_invalid', path: '--plateau' }]);
  });

  it('the gep CLI exits 2 on one, printing the option and the rule', () => {
    const r = gep('carbon', 'dualcontrol', '--energy-target', '1e9999999999');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--energy-target: "1e9999999999" is out of range');
    expect(r.stderr).toContain('[number_out_of_range]');
  });
});
