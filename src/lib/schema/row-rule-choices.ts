/**
 * What the build does with a loan row that should not enter the book. Each rule has a default
 * (the clean book) and the user's choice on the Data screen; the choices are saved with the mapping.
 */
export interface RowRules {
  /** Several rows with one loan id: keep the first row and reject the later copies, or reject every copy. */
  duplicateId: 'keep_first' | 'reject_all';
  /** A row with an empty loan id (when a column is mapped to it): reject, or give it 'row-<n>'. */
  missingId: 'reject' | 'generate';
  /** An amount of zero or below: reject, or keep. */
  nonPositiveAmount: 'reject' | 'keep';
  /** A value in a mapped date or number field that cannot be read: reject the row, or keep it with the field empty. */
  unreadable: 'reject' | 'keep_empty';
  /** Totals and subtotal rows (合计, 总计, 小计, Total, Subtotal; or an amount equal to the sum of the other rows). */
  totals: 'reject' | 'keep';
}

export type RowRuleKey = keyof RowRules;

export const DEFAULT_ROW_RULES: RowRules = {
  duplicateId: 'keep_first',
  missingId: 'reject',
  nonPositiveAmount: 'reject',
  unreadable: 'reject',
  totals: 'reject',
};

export const ROW_RULE_CHOICES: { [K in RowRuleKey]: readonly RowRules[K][] } = {
  duplicateId: ['keep_first', 'reject_all'],
  missingId: ['reject', 'generate'],
  nonPositiveAmount: ['reject', 'keep'],
  unreadable: ['reject', 'keep_empty'],
  totals: ['reject', 'keep'],
};
