#!/usr/bin/env -S npx tsx
import { Command, CommanderError } from 'commander';
import { IssuesError } from '../engine/core/errors.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { registerApiCommands } from './commands/api.ts';
import { registerCarbonCommands } from './commands/carbon.ts';
import { registerDualCommands } from './commands/dual.ts';
import { registerGepCommands } from './commands/gep.ts';
import { exitCodeFor } from './exit-codes.ts';

// `gep … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command('gep')
  .description('gep-ledger: exact, explained GEP and carbon accounts over versioned coefficient models')
  .version(ENGINE_VERSION)
  // commander's own refusals (unknown option, missing argument) are thrown (set before the subcommands, which inherit
  // it), printed by commander, and exit as refusals.
  .exitOverride();

// One file per command group under cli/commands/.
registerGepCommands(program);
registerCarbonCommands(program);
registerDualCommands(program);
registerApiCommands(program);

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof IssuesError) console.error(e.message);
  else if (!(e instanceof CommanderError)) console.error(`gep: ${(e as Error).message}`);
  process.exitCode = exitCodeFor(e);
}
