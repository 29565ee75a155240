import type { Db } from '../db/types';
import { column } from '../db/rows';
import { ident } from '../sql/quote';
import { LOAN_FIELDS, TABLES, sqlType } from '../schema/canonical';
import { FACTS_SQL, OUTCOME_NEED, readBookOutcome, type BookOutcome } from '../metrics/facts';
import { readBookSettings, SETTINGS_TABLE, type BookSettings } from './settings';

/** Canonical tables a book may have; `loans` is required. */
export const BOOK_TABLES = ['loans', 'snapshots', 'inspections'] as const;
export type BookTable = (typeof BOOK_TABLES)[number];
export const STAGE_PREFIX = 'stage_';
/** Which canonical fields the built book maps, derives or lacks (schema/build.ts writes it). */
export const BOOK_FIELDS_TABLE = 'book_fields';
export { SETTINGS_TABLE };

export interface BookShape {
  loans: number;
  /** Null when the book has no borrower ids. */
  borrowers: number | null;
  snapshots: number;
  /** Canonical loan fields with at least one value: what analyses may rely on. */
  mapped: string[];
  /** What a default is in this book (facts.ts). */
  outcome: BookOutcome;
  settings: BookSettings;
}

/**
 * Replaces the active book by the staged tables (`stage_loans`, …) in one transaction, so a
 * failed import leaves the previous book untouched. Then builds `loan_facts`. A staged table may
 * also be a view (the command line stages views over Parquet files instead of copying them).
 */
export async function activateStaged(db: Db): Promise<BookShape> {
  const kinds = await objectKinds(db);
  if (!kinds.has(`${STAGE_PREFIX}loans`)) throw new Error('No loans table was staged');
  const statements = ['BEGIN TRANSACTION'];
  for (const t of BOOK_TABLES) {
    const current = kinds.get(t);
    if (current) statements.push(`DROP ${current} ${ident(t)}`);
    const staged = kinds.get(STAGE_PREFIX + t);
    if (staged) statements.push(`ALTER ${staged} ${ident(STAGE_PREFIX + t)} RENAME TO ${ident(t)}`);
  }
  for (const t of BOOK_TABLES) if (!kinds.has(STAGE_PREFIX + t)) statements.push(emptyTableSql(t));
  // A book kept before a canonical field was added still opens: the field is added empty.
  if (kinds.get(`${STAGE_PREFIX}loans`) === 'TABLE') statements.push(...LATER_LOAN_FIELDS.map(addFieldSql));
  // The settings belong to the staged book; a book staged without them gets the defaults.
  statements.push(`DROP TABLE IF EXISTS ${SETTINGS_TABLE}`);
  if (kinds.has(STAGE_PREFIX + SETTINGS_TABLE)) statements.push(`ALTER TABLE ${STAGE_PREFIX + SETTINGS_TABLE} RENAME TO ${SETTINGS_TABLE}`);
  // So do the field statuses of an import; a book staged without them (a kept or sample book) has none.
  statements.push(`DROP TABLE IF EXISTS ${BOOK_FIELDS_TABLE}`);
  if (kinds.has(STAGE_PREFIX + BOOK_FIELDS_TABLE)) statements.push(`ALTER TABLE ${STAGE_PREFIX + BOOK_FIELDS_TABLE} RENAME TO ${BOOK_FIELDS_TABLE}`);
  statements.push(FACTS_SQL, 'COMMIT');
  // One call: the browser engine may run each call on its own connection, and a transaction
  // cannot span connections. A failing statement aborts the whole swap.
  await db.exec(statements.join(';\n'));
  return describeBook(db);
}

/** What metrics may rely on: the fields with values, plus OUTCOME_NEED when the outcome can be decided. */
export function availableFields(shape: BookShape): Set<string> {
  return new Set([...shape.mapped, ...(shape.outcome.basis ? [OUTCOME_NEED] : [])]);
}

/** Book and staged tables present, each as a TABLE or a VIEW. */
async function objectKinds(db: Db): Promise<Map<string, 'TABLE' | 'VIEW'>> {
  const names = [...BOOK_TABLES, ...BOOK_TABLES.map((t) => STAGE_PREFIX + t), STAGE_PREFIX + SETTINGS_TABLE, STAGE_PREFIX + BOOK_FIELDS_TABLE];
  const list = names.map((n) => `'${n}'`).join(', ');
  const here = 'database_name = current_database() AND schema_name = current_schema() AND NOT temporary';
  const t = await db.query(
    `SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE ${here} AND table_name IN (${list})
     UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE ${here} AND view_name IN (${list})`,
  );
  const kinds = column(t, 'kind') as ('TABLE' | 'VIEW')[];
  return new Map((column(t, 'name') as string[]).map((n, i) => [n, kinds[i]]));
}

/** Drops whatever an aborted load staged. */
export async function discardStaged(db: Db): Promise<void> {
  for (const t of [...BOOK_TABLES, SETTINGS_TABLE, BOOK_FIELDS_TABLE]) await db.exec(`DROP TABLE IF EXISTS ${ident(STAGE_PREFIX + t)}`);
}

export async function describeBook(db: Db): Promise<BookShape> {
  const present = (await db.query('SELECT * FROM book_presence')).get(0)!.toJSON() as Record<string, boolean>;
  const sizes = (
    await db.query(`SELECT (SELECT count(*) FROM loans) AS loans, (SELECT count(DISTINCT borrower_id) FROM loans) AS borrowers, (SELECT count(*) FROM snapshots) AS snapshots`)
  ).get(0)!.toJSON();
  return {
    loans: Number(sizes.loans),
    borrowers: present.has__borrower_id ? Number(sizes.borrowers) : null,
    snapshots: Number(sizes.snapshots),
    mapped: LOAN_FIELDS.map((f) => f.name).filter((n) => present[`has__${n}`]),
    outcome: await readBookOutcome(db),
    settings: await readBookSettings(db),
  };
}

/** Canonical loan fields added after books were first kept (a kept book may lack them). */
const LATER_LOAN_FIELDS = ['origination_rating'];

function addFieldSql(name: string): string {
  const field = LOAN_FIELDS.find((f) => f.name === name)!;
  return `ALTER TABLE loans ADD COLUMN IF NOT EXISTS ${ident(field.name)} ${sqlType(field.type)}`;
}

function emptyTableSql(table: BookTable): string {
  const cols = TABLES[table].map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ');
  return `CREATE TABLE ${ident(table)} (${cols})`;
}
