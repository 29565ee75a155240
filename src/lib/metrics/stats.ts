/**
 * Standard-normal quantile (Acklam's rational approximation, relative error < 1.2e-9), enough for
 * confidence bounds.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`Quantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Two-sided z for a family-wise confidence level spread over `tests` intervals (Bonferroni). */
export function bonferroniZ(confidence: number, tests: number): number {
  const alpha = (1 - confidence) / Math.max(1, tests);
  return normalQuantile(1 - alpha / 2);
}

export interface RiskRatio {
  ratio: number;
  low: number;
  high: number;
}

/**
 * Rate ratio (a/n1) ÷ (c/n0) with the Katz log interval: ln RR ± z·√(1/a − 1/n1 + 1/c − 1/n0).
 * Null when either group has no events or no loans (the log ratio is undefined).
 */
export function riskRatioCi(a: number, n1: number, c: number, n0: number, z: number): RiskRatio | null {
  if (a <= 0 || c <= 0 || n1 <= 0 || n0 <= 0 || a > n1 || c > n0) return null;
  const ratio = a / n1 / (c / n0);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0);
  return { ratio, low: Math.exp(Math.log(ratio) - z * se), high: Math.exp(Math.log(ratio) + z * se) };
}
