export const en = {
  'data.title': 'Data',
  'data.intro': 'Open a loan book to analyse it. Files are read inside this tab; nothing is uploaded.',
  'data.sample.title': 'Sample: Bank A',
  'data.sample.text': 'A synthetic SME loan book of a fictional bank: about 20,000 loans to 12,000 borrowers over five years, with monthly snapshots and the four problems of the study planted in it.',
  'data.sample.open': 'Open the sample Bank A book',
  'data.loading': 'Loading the loan book…',
  'data.loaded': 'Loaded {name}: {loans, plural, one {# loan} other {# loans}}, {borrowers, plural, one {# borrower} other {# borrowers}}, {snapshots, plural, one {# monthly snapshot} other {# monthly snapshots}}.',
  'data.failed': 'The loan book could not be opened.',
  'data.keptPrevious': 'The previously open book is still available.',
  'data.fields': 'Fields available for analysis: {n} of {total}',
};
