/**
 * Exact binomial tails and the Clopper–Pearson bounds of a proportion. The segment finder tests
 * thousands of cells at α ÷ m (a few in a million); there the normal approximation behind the
 * Wilson interval puts the lower bound too high for cells of a few dozen defaults (the binomial's
 * right tail is longer than the normal's), and a shuffled, clean book shows "segments". The exact
 * tail does not.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, relative error below 1e-14). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function logTerm(j: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(j + 1) - logGamma(n - j + 1) + j * Math.log(p) + (n - j) * Math.log(1 - p);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function upperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let term = Math.exp(logTerm(k, n, p));
  let sum = term;
  const odds = p / (1 - p);
  for (let j = k; j < n; j++) {
    term *= ((n - j) / (j + 1)) * odds;
    sum += term;
    if (term < sum * 1e-17 && j > n * p) break;
  }
  return Math.min(1, sum);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function lowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let term = Math.exp(logTerm(k, n, p));
  let sum = term;
  const odds = (1 - p) / p;
  for (let j = k; j > 0; j--) {
    term *= (j / (n - j + 1)) * odds;
    sum += term;
    if (term < sum * 1e-17 && j < n * p) break;
  }
  return Math.min(1, sum);
}

/**
 * Clopper–Pearson bounds of k/n, each one-sided at `tail`: `low` is the p at which seeing k or
 * more defaults has chance `tail`, `high` the p at which k or fewer has. By bisection.
 */
export function clopperPearson(k: number, n: number, tail: number): { low: number; high: number } {
  const solve = (lo: number, hi: number, tooLow: (p: number) => boolean) => {
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (tooLow(mid)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const p = n > 0 ? k / n : 0;
  const low = k <= 0 ? 0 : solve(0, p, (x) => upperTail(k, n, x) < tail);
  const high = k >= n ? 1 : solve(p, 1, (x) => lowerTail(k, n, x) > tail);
  return { low, high };
}
