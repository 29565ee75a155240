import type { Db } from '../db/types';
import { BOOK_TABLES } from '../book/activate';
import { FACTS_SQL } from '../metrics/facts';
import { TABLES, sqlType } from '../schema/canonical';
import { ident, literal } from '../sql/quote';
import type { LoadedCube } from './aggregate';
import type { FactsFile } from './aggregate-book';
import type { PublishedAggregate } from './dashboard-config.mjs';
import type { OpenParquet } from './parquet-source';

/**
 * The engine of an aggregate dashboard: the canonical tables empty (so every metric's SQL binds,
 * and nothing can come from loans), the book-level facts as published, and each cube as a table.
 * Resolves to the cubes by plan signature.
 */
export async function stageAggregateBook(db: Db, aggregate: PublishedAggregate, facts: FactsFile, open: OpenParquet): Promise<Map<string, LoadedCube>> {
  const sources = await Promise.all(aggregate.cubes.map(async (c) => ({ cube: c, ipc: await (await open(c.path)).readIPC() })));
  const empty = BOOK_TABLES.map((t) => `CREATE OR REPLACE TABLE ${ident(t)} (${TABLES[t].map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ')})`);
  await db.exec([...empty, FACTS_SQL].join(';\n'));
  for (const [table, columns] of Object.entries(facts.tables)) {
    const select = columns.map((c) => `CAST(${c.value === null ? 'NULL' : literal(String(c.value))} AS ${c.type}) AS ${ident(c.name)}`).join(', ');
    await db.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select}`);
  }
  const loaded = new Map<string, LoadedCube>();
  for (const [i, { cube, ipc }] of sources.entries()) {
    const table = `lbl_pub_cube_${i}`;
    await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    await db.insertArrowIPC(table, ipc);
    loaded.set(cube.signature, { table, sets: cube.sets });
  }
  return loaded;
}
