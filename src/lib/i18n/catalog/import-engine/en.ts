/** The import engine's failures after a good read: build errors, out of memory, refusals. */
export const en = {
  'import.buildErrorTitle': 'The book could not be built from this file',
  'import.progress.size': 'file of {total}',
  'import.error.build_failed': 'The file was read, but the engine failed while building the book from it: {reason}. The open book is unchanged; try again, or check the mapping.',
  'import.error.out_of_memory': 'This browser tab ran out of memory while working on the file; the open book is unchanged. A browser tab holds about a million loans with a few million monthly snapshots: for a larger book, run the same analysis on native DuckDB with the command line (npx loanbook report --book FOLDER, see docs/SCALE.md). For a file just over the limit, close other tabs and try again, import fewer columns or rows, or convert it to Parquet.',
  'import.error.nothing_accepted': 'None of the {rows, plural, one {# row} other {# rows}} could be accepted ({rejected} rejected), so the open book was kept. Check the mapping and the reasons in the quality report.',
  'import.error.rows_unaccounted': 'The {table} import does not add up: {rowsIn, plural, one {# row} other {# rows}} in but {accepted} accepted + {rejected} rejected, so it was stopped and the open book kept. Please report this with the file’s shape (not its data).',
};
