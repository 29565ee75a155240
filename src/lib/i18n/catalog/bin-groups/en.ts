/** The bin editor's merged categories. */
export const en = {
  'bins.splitGroup': 'Split into categories',
  'bins.groupsNote': 'Categories merge with the next one in the list; a merged bin splits back into its categories.',
};
