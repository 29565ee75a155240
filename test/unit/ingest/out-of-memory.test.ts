import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../../../src/lib/db/types';
import { translateCsvError } from '../../../src/lib/ingest/read-csv';
import { asImportError } from '../../../src/lib/book/import';

// What DuckDB-WASM said when a 5M-loan CSV (1.9 GB) filled the tab's engine (bench, 2026-12-02).
const FULL = 'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)';
const BARE = 'could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)';

describe('an engine whose memory is full while reading a file', () => {
  it.each([FULL, BARE])('is told as out of memory, pointing at the command line: %s', (text) => {
    const db = classifyDbError(new Error(text));
    expect(db.kind).toBe('memory');
    const shown = asImportError(translateCsvError(db), 1_902_070_329, 'read');
    expect(shown.key).toBe('out_of_memory');
  });

  it('a CSV that is wrong, not too big, is still a read failure', () => {
    expect(asImportError(translateCsvError(classifyDbError(new Error('Invalid Input Error: something else'))), 10, 'read').key).toBe('read_failed');
  });
});
