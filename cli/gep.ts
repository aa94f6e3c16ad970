#!/usr/bin/env -S npx tsx
import { ENGINE_VERSION } from '../engine/version.ts';
import { bundledListingCache, cachedListing } from './models-listing.ts';

// `gep … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
// `gep models` answers from the listing the bundled bin kept, when the models' files are those it was made from
// (cli/models-listing.ts: 2.4 s → 0.1 s), before the commands are loaded
const listing = argv.length === 1 && argv[0] === 'models' ? cachedListing(bundledListingCache()) : undefined;
// `gep --version` answers before the commands (and the packages they import) are loaded: it starts at once.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) process.stdout.write(`${ENGINE_VERSION}\n`);
else if (listing !== undefined) process.stdout.write(listing);
else {
  const { main, terminalLang } = await import('./main.ts');
  process.exitCode = await main(argv, {
    lang: terminalLang(process.env),
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    outBytes: (b) => process.stdout.write(b),
  });
}
