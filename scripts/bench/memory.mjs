import { readFileSync, readdirSync } from 'node:fs';

/**
 * Samples the resident memory of Chromium's renderer and worker processes (the tab and its
 * DuckDB worker live there) and keeps the peak. Linux /proc only; elsewhere it reports null.
 */
export function startMemorySampler(intervalMs = 200) {
  let peak = 0;
  const sample = () => {
    let total = 0;
    try {
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        let cmd;
        try {
          cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          continue;
        }
        if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const rss = /VmRSS:\s+(\d+) kB/.exec(status);
        if (rss) total += Number(rss[1]) * 1024;
      }
    } catch {
      return;
    }
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    reset() {
      peak = 0;
    },
    stop() {
      clearInterval(timer);
      sample();
      return peak || null;
    },
    peek() {
      sample();
      return peak || null;
    },
  };
}
