/** Row rules of the snapshot and inspection tables: what each rejects, and its reasons. */
export const en = {
  'rules.rule.bad_date': 'Date missing or unreadable',
  'rules.rule.unknown_loan': 'Loan id not in the loans table',
  'rules.rule.duplicate_snapshot': 'Second snapshot of a loan on one date',
  'quality.reason.unknownLoan': 'loan id "{id}" is not in the loans table',
  'quality.reason.duplicateSnapshot': 'duplicate snapshot of loan "{id}" on {date} (row {first} kept)',
};
