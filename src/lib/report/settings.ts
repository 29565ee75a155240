/** The rules the report applies; every one is stated in the report itself. */
export interface ReportSettings {
  /** A rate or lift measured on fewer loans (flagged or in the segment) is marked weak. */
  minLoans: number;
  /** A count of rule breaches (e.g. classification exceptions) below this is marked weak. */
  minBreaches: number;
  /** A lift is tested only when the flagged loans hold at least this many defaults. */
  minFlaggedDefaults: number;
  /** Family-wise confidence of the rate-ratio intervals (Bonferroni over the rules tested). */
  confidence: number;
  /** Classification exceptions become a finding above this share of past-due loans. */
  maxExceptionShare: number;
  /** Representative cases per problem and per cause. */
  casesPerProblem: number;
  /** Segments listed in the current state. */
  topSegments: number;
  /** Borrowers in the CR-N of the current state. */
  topBorrowers: number;
}

export const DEFAULT_REPORT_SETTINGS: Readonly<ReportSettings> = {
  minLoans: 30,
  minBreaches: 10,
  minFlaggedDefaults: 5,
  confidence: 0.95,
  maxExceptionShare: 0.01,
  casesPerProblem: 3,
  topSegments: 5,
  topBorrowers: 10,
};

/**
 * Rules whose condition reads the outcome itself: the default date, a class or balance that the
 * default changes, or the NPL ratio of the loan's industry (chosen because its loans went bad).
 * Their lift is high by construction, so it is no evidence and is not tested.
 */
export const OUTCOME_DEPENDENT_RULES: ReadonlySet<string> = new Set(['early_default', 'stale_inspection', 'classification_exception', 'stressed_industry']);
