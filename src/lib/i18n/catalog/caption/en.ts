/** The caption under a chart: how many loans (or borrowers) are behind it and which filters are in force. */
export const en = {
  'caption.loans': '{n, plural, one {# loan} other {# loans}} · {filters}',
  'caption.borrowers': '{n, plural, one {# borrower} other {# borrowers}} · {filters}',
  'caption.ownFilterNote': 'This view is not narrowed by its own dimension: the selection is outlined.',
};
