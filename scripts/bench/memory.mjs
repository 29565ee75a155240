import { readFileSync, readdirSync } from 'node:fs';

/** Marks the benchmark's own browser (a switch Chromium ignores), so that other Chromiums on the machine are not counted. */
export const BROWSER_MARK = `--lbl-bench=${process.pid}`;

/**
 * Samples the resident memory of Chromium's renderer and worker processes (the tab and its
 * DuckDB worker live there) and keeps the peak: only those descended from the browser launched
 * with BROWSER_MARK. Linux /proc only; elsewhere it reports null.
 */
export function startMemorySampler(intervalMs = 200) {
  let peak = 0;
  const read = (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const parentOf = (pid) => {
    const stat = read(`/proc/${pid}/stat`);
    return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] : null;
  };
  const sample = () => {
    let total = 0;
    try {
      const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
      const cmds = new Map(pids.map((pid) => [pid, read(`/proc/${pid}/cmdline`) ?? '']));
      const root = pids.find((pid) => cmds.get(pid).includes(BROWSER_MARK));
      const ours = (pid) => {
        for (let p = pid, hops = 0; p && p !== '0' && hops < 10; p = parentOf(p), hops++) if (p === root) return true;
        return false;
      };
      for (const pid of pids) {
        const cmd = cmds.get(pid);
        if (!root || !cmd.includes('--type=renderer') || !ours(pid)) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
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
