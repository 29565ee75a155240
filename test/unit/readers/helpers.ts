import { join } from 'node:path';
import type { Db } from '../../../src/lib/db/types';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { importFixture } from '../ingest/helpers';
import type { ReadOptions } from '../../../src/lib/ingest/read';

export const READERS = join(__dirname, '../../fixtures/import/readers');

/** sniff → read → proposed mapping → book, as the Data screen does with its defaults. */
export async function importAndBuild(db: Db, name: string, options: ReadOptions = {}) {
  const raw = await importFixture(db, name, options, READERS);
  const { mapping, proposals } = await proposeMapping(db, [{ raw, table: 'loans' }]);
  const counts = await buildBook(db, mapping, { fieldQuality: true });
  return { raw, mapping, proposals, counts };
}
