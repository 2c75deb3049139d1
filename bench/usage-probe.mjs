// Preloaded into each benchmarked tool's process (node --import): on exit, writes the
// process's own CPU time and peak RSS to $LPTF_USAGE_OUT. Every tool is measured the same way,
// from inside, including its start-up.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  const out = process.env.LPTF_USAGE_OUT;
  if (out)
    writeFileSync(
      out,
      JSON.stringify({
        cpuUserMs: u.userCPUTime / 1000,
        cpuSystemMs: u.systemCPUTime / 1000,
        maxRssMB: u.maxRSS / 1024,
      }),
    );
});
