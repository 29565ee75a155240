/** What shares are measured on in a closed book (the original amount), and the book's currency. */
export const en = {
  'exposure.byAmount': 'Original amount',
  'exposure.col.amount': 'Original amount',
  'exposure.share.amount': 'Share of original amount',
  'exposure.breakdownByAmount': 'Share of original amount by {dimension}',
  'exposure.colourDefault': 'Colour: default rate (darker = higher; no five-category class mapped, so no NPL ratio); faded = fewer than 30 loans.',
  'exposure.defaultShort': 'default',
};
