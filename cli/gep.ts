#!/usr/bin/env -S npx tsx
import { ENGINE_VERSION } from '../engine/version.ts';

// `gep … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
// `gep --version` answers before the commands (and the packages they import) are loaded: it starts at once.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) process.stdout.write(`${ENGINE_VERSION}\n`);
else {
  const { main } = await import('./main.ts');
  process.exitCode = await main(argv, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    outBytes: (b) => process.stdout.write(b),
  });
}
