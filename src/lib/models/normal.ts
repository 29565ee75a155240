/** erfc(x) for x ≥ 0: a positive-term series below 3, a continued fraction (Lentz) above. */
function erfcNonNegative(x: number): number {
  if (x < 3) {
    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? tiny : d;
    c = x + an / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Two-sided p-value of a standard-normal statistic: P(|Z| ≥ |z|) = erfc(|z| ÷ √2). */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfcNonNegative(Math.abs(z) / Math.SQRT2);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  const tail = erfcNonNegative(Math.abs(z) / Math.SQRT2) / 2;
  return z >= 0 ? 1 - tail : tail;
}
