/** Root causes ranked by the defaults their flags add (the Causes screen, the same ranking as the report). */
export const en = {
  'excess.title.cause': 'Root causes ranked by excess defaults',
  'excess.title.rule': 'Red flags ranked by excess defaults',
  'excess.caption': 'Excess defaults = flagged defaults × (1 − 1 ÷ rate ratio): the defaults the flagged loans had beyond the rate of the unflagged ones, with the {confidence} interval (Bonferroni over the flags tested). Only flags whose rate ratio is above 1 with that confidence count; the Report ranks the same way.',
  'excess.col.rank': 'Rank',
  'excess.col.excess': 'Excess defaults',
  'excess.col.low': 'Interval low',
  'excess.col.high': 'Interval high',
  'excess.col.defaults': 'Flagged defaults',
  'excess.col.ratio': 'Rate ratio',
  'excess.unconfirmed': 'Not confirmed (no flag with a rate ratio above 1 at this confidence): {items}.',
  'excess.readsOutcome': 'Shown apart, not ranked — the flag’s condition reads the outcome itself, so its lift is no evidence: {items}.',
  'excess.none': 'No flag adds defaults with this confidence.',
  'excess.countNote': 'Count view: defaulted loans carrying each flag. A common flag leads here even when it adds no risk; the ranking above is by the defaults a flag adds.',
};
