import { Command, CommanderError } from 'commander';
import { IssuesError } from '../engine/core/errors.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { registerApiCommands } from './commands/api.ts';
import { registerCarbonCommands } from './commands/carbon.ts';
import { registerDualCommands } from './commands/dual.ts';
import { registerEodCommands } from './commands/eod.ts';
import { registerFinanceCommands } from './commands/finance.ts';
import { registerGepCommands } from './commands/gep.ts';
import { registerIndexCommands } from './commands/index.ts';
import { exitCodeFor } from './exit-codes.ts';
import { zhIssues } from './problems-zh.ts';
import type { Io } from './io.ts';

export type { Io } from './io.ts';
export { terminalLang } from './problems-zh.ts';

/**
 * Run `gep <argv…>` (the arguments after the program name) and return its exit code. Every call builds its
 * own commander program writing to `io`, so it can be called many times in one process (the tests do): it
 * neither exits the process nor sets process.exitCode.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    printError(e, io);
    return exitCodeFor(e);
  }
}

function buildProgram(io: Io): Command {
  const program = new Command('gep')
    .description('gep-ledger: exact, explained GEP and carbon accounts over versioned coefficient models')
    .version(ENGINE_VERSION)
    // Set before the commands are added: subcommands copy these settings when they are created.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  // One file per command group under cli/commands/.
  registerGepCommands(program, io);
  registerCarbonCommands(program, io);
  registerDualCommands(program, io);
  registerEodCommands(program, io);
  registerIndexCommands(program, io);
  registerFinanceCommands(program, io);
  registerApiCommands(program, io);
  return program;
}

function printError(e: unknown, io: Io): void {
  if (e instanceof CommanderError) return; // commander has printed the usage error (or the help) already
  if (e instanceof IssuesError) io.err(`${io.lang === 'zh' ? zhIssues(e) : e.message}\n`);
  else io.err(`gep: ${e instanceof Error ? e.message : String(e)}\n`);
}
