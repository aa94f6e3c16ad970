// Preloaded into a measured process (bench/batch.ts): at exit, one JSON line on stderr with its peak RSS and CPU time.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ maxRss: u.maxRSS * 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 })}\n`);
});
