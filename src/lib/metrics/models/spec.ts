/** What a scorecard is developed on: the bad outcome and the development / validation split. */
export type OutcomeSpec =
  | { kind: 'default' }
  /** Bad = DPD above `threshold` within `months` of origination; loans not yet observed that long are left out. */
  | { kind: 'dpd'; threshold: number; months: number };

export type SplitSpec =
  /** Development = hash(loan_id, seed) in the first `devShare` of [0, 1). */
  | { kind: 'random'; seed: number; devShare: number }
  /** Development = originated before `cutoff` (ISO date); validation = on or after it (out of time). */
  | { kind: 'date'; cutoff: string }
  /** The export's own split: development = the column holds one of `devValues`, validation = any other value; loans without a value are left out. */
  | { kind: 'column'; column: string; devValues: string[] };

export type BinningChoice =
  /** One bin per value; the values of each group share one bin (merged in the bin editor). */
  | { kind: 'categorical'; groups?: string[][] }
  | { kind: 'quantile'; bins: number }
  /** Quantile bins merged until the bad rate moves one way only. */
  | { kind: 'monotonic'; bins: number }
  | { kind: 'cuts'; cuts: number[] };

export const DEFAULT_OUTCOME: OutcomeSpec = { kind: 'default' };
export const DEFAULT_SPLIT: SplitSpec = { kind: 'random', seed: 42, devShare: 0.7 };
/** A bin with fewer loans than this in the development sample is flagged. */
export const MIN_BIN_LOANS = 50;

/** Number of rating bands a score is cut into (A best … H worst). */
export const BAND_COUNT = 8;
export const BAND_LABELS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
