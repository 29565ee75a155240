import { basename } from 'node:path';
import { activateStaged, BOOK_TABLES, STAGE_PREFIX, type BookShape } from '../lib/book/activate';
import { column } from '../lib/db/rows';
import type { Db } from '../lib/db/types';
import { TABLES, sqlType } from '../lib/schema/canonical';
import { ident, literal } from '../lib/sql/quote';
import { locateBook } from '../../scripts/publish/book-files.mjs';

export interface OpenedBook {
  name: string;
  shape: BookShape;
  /** Rows read per table. */
  tables: Record<string, number>;
}

/**
 * Opens a book folder (what the app keeps and publishes: loans.parquet, snapshots.parquet,
 * inspections.parquet in the canonical schema; or a loans .parquet/.csv file with its siblings)
 * and activates it exactly as the app does (`activateStaged`): the same `loan_facts` and
 * `book_presence`, so every metric runs on the same tables. Parquet files are staged as views
 * (native DuckDB reads them in place, so 100M+ snapshot rows are never copied); a CSV is read
 * once into a table.
 */
export async function openBookDir(db: Db, path: string): Promise<OpenedBook> {
  const located = locateBook(path);
  const tables: Record<string, number> = {};
  for (const table of BOOK_TABLES) {
    const file = located.tables[table as keyof typeof located.tables];
    if (!file) continue;
    await db.exec(stageSql(table, file, await columnsOf(db, file)));
  }
  const shape = await activateStaged(db);
  for (const table of Object.keys(located.tables)) tables[table] = Number(column(await db.query(`SELECT count(*) AS n FROM ${ident(table)}`), 'n')[0]);
  return { name: located.name || basename(path), shape, tables };
}

function reader(file: string): string {
  return /\.csv$/i.test(file) ? `read_csv_auto(${literal(file)})` : `read_parquet(${literal(file)})`;
}

async function columnsOf(db: Db, file: string): Promise<string[]> {
  return column(await db.query(`DESCRIBE SELECT * FROM ${reader(file)}`), 'column_name').map(String);
}

/** Every canonical column in its canonical type (typed NULL when the file lacks it), then the file's own extra columns. */
function stageSql(table: (typeof BOOK_TABLES)[number], file: string, present: string[]): string {
  const fields = TABLES[table];
  const canonical = new Set(fields.map((f) => f.name));
  const columns = [
    ...fields.map((f) => `CAST(${present.includes(f.name) ? ident(f.name) : 'NULL'} AS ${sqlType(f.type)}) AS ${ident(f.name)}`),
    ...present.filter((c) => !canonical.has(c)).map(ident),
  ];
  const kind = /\.csv$/i.test(file) ? 'TABLE' : 'VIEW';
  return `CREATE OR REPLACE ${kind} ${ident(STAGE_PREFIX + table)} AS SELECT ${columns.join(', ')} FROM ${reader(file)}`;
}
