/** Median and 95th percentile (nearest rank) of a list of numbers. */
export function median(xs) {
  return percentile(xs, 0.5);
}

export function p95(xs) {
  return percentile(xs, 0.95);
}

function percentile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  if (q === 0.5) {
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}
