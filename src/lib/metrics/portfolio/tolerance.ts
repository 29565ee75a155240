/** DOMAIN.md: an inclusive-SME NPL ratio may exceed the bank's overall NPL ratio by up to 3 pp. */
export const INCLUSIVE_NPL_TOLERANCE_POINTS = 3;

/** Ratios are compared in percentage points; this slack keeps 5 % − 2 % from reading as 3.0000000000000004 pp. */
const EPSILON_POINTS = 1e-9;

export interface InclusiveTolerance {
  /** NPL ratio (by balance) of inclusive-SME loans. */
  inclusiveNplRatio: number | null;
  /** NPL ratio (by balance) of the whole population. */
  bankNplRatio: number | null;
  /** (inclusive − bank) × 100, in percentage points. */
  gapPoints: number | null;
  tolerancePoints: number;
  /** True when the gap exceeds the tolerance; null when either ratio is unknown. */
  breach: boolean | null;
}

export function inclusiveTolerance(inclusive: number | null, bank: number | null, tolerancePoints = INCLUSIVE_NPL_TOLERANCE_POINTS): InclusiveTolerance {
  const gapPoints = inclusive === null || bank === null ? null : (inclusive - bank) * 100;
  return {
    inclusiveNplRatio: inclusive,
    bankNplRatio: bank,
    gapPoints,
    tolerancePoints,
    breach: gapPoints === null ? null : gapPoints > tolerancePoints + EPSILON_POINTS,
  };
}
