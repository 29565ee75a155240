import type { BinKey } from './binning';
import type { WoeTable } from './woe';

/**
 * Why a candidate restates the outcome instead of predicting it:
 * - outcome: it is the outcome (the default flag, or when the default happened);
 * - after_default: it exists only for defaulted loans (charge-off, recovery);
 * - later_state: it records the loan's state after lending (delinquency, class, stage,
 *   restructuring, reserve, balance), from which the outcome is read or derived;
 * - pure_bins: its bins where nearly every loan is bad hold most of the bads;
 * - separation: its information value is beyond any genuine predictor's.
 */
export type Leakage =
  | { kind: 'outcome' }
  | { kind: 'after_default' }
  | { kind: 'later_state' }
  | { kind: 'pure_bins'; bins: BinKey[]; badShare: number }
  | { kind: 'separation'; iv: number };

const BY_DEFINITION: Record<string, Leakage['kind']> = {
  default_flag: 'outcome',
  default_date: 'outcome',
  months_to_default: 'outcome',
  is_defaulted: 'outcome',
  default_on: 'outcome',
  exposure: 'later_state',
  chargeoff_amount: 'after_default',
  chargeoff_date: 'after_default',
  recovery_amount: 'after_default',
  dpd: 'later_state',
  dpd_bucket: 'later_state',
  five_class: 'later_state',
  is_npl: 'later_state',
  ifrs9_stage: 'later_state',
  is_restructured: 'later_state',
  reserve: 'later_state',
  lgd: 'later_state',
  balance: 'later_state',
  ltv: 'later_state',
};

/** A bin counts as pure when at least this share of its loans is bad… */
export const PURE_BIN_BAD_RATE = 0.95;
/** …and the pure bins together hold at least this share of all bads. */
export const PURE_BINS_BAD_SHARE = 0.5;
/** Fewer bads than this say nothing about separation. */
export const MIN_LEAKAGE_BADS = 10;
/** IV at or above this is leakage: genuine credit drivers stay well below 1 (above 0.5 is already "suspicious" in the usual reading). */
export const LEAKAGE_IV = 1;

/** Leakage known from the column's name alone: canonical fields recorded at or after the outcome. */
export function leakageByDefinition(column: string): Leakage | null {
  const kind = BY_DEFINITION[column];
  return kind ? ({ kind } as Leakage) : null;
}

/**
 * Leakage read from an attribute's bins (counted on the sample the ranking uses):
 * the bins with a bad rate ≥ PURE_BIN_BAD_RATE hold ≥ PURE_BINS_BAD_SHARE of the bads, or
 * IV ≥ LEAKAGE_IV. Needs at least MIN_LEAKAGE_BADS bads.
 */
export function leakageBySeparation(table: WoeTable): Leakage | null {
  if (table.bads < MIN_LEAKAGE_BADS) return null;
  const pure = table.bins.filter((b) => b.count > 0 && b.bads / b.count >= PURE_BIN_BAD_RATE);
  const pureBads = pure.reduce((s, b) => s + b.bads, 0);
  if (pureBads / table.bads >= PURE_BINS_BAD_SHARE) return { kind: 'pure_bins', bins: pure.map((b) => b.key), badShare: pureBads / table.bads };
  if (table.iv >= LEAKAGE_IV) return { kind: 'separation', iv: table.iv };
  return null;
}
