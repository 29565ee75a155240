import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db, SqlParam } from '../../../../src/lib/db/types';
import { FACTS_SQL } from '../../../../src/lib/metrics/facts';
import { LOAN_FIELDS, SNAPSHOT_FIELDS, sqlType, type FieldDef } from '../../../../src/lib/schema/canonical';
import { ident } from '../../../../src/lib/sql/quote';
import { runMetric, type MetricQuery } from '../../../../src/lib/metrics/query';

/** A partial canonical row: every field not given is NULL. */
export type FixtureRow = Record<string, SqlParam>;

export { openNodeDb };

/** (Re)creates `table` with every canonical column and inserts the rows. */
async function createTable(db: Db, table: string, fields: readonly FieldDef[], data: readonly FixtureRow[]): Promise<void> {
  const names = new Set(fields.map((f) => f.name));
  for (const r of data) for (const k of Object.keys(r)) if (!names.has(k)) throw new Error(`fixture: ${table} has no column ${k}`);
  await db.exec(`CREATE OR REPLACE TABLE ${ident(table)} (${fields.map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ')})`);
  if (data.length === 0) return;
  const placeholders = `(${fields.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO ${ident(table)} VALUES ${data.map(() => placeholders).join(', ')}`;
  await db.exec(sql, data.flatMap((r) => fields.map((f) => r[f.name] ?? null)));
}

/** Builds `loans` (all canonical columns, the rest NULL) and `loan_facts` from it. */
export async function loadLoans(db: Db, data: readonly FixtureRow[]): Promise<void> {
  await createTable(db, 'loans', LOAN_FIELDS, data);
  await db.exec(FACTS_SQL);
}

export async function loadSnapshots(db: Db, data: readonly FixtureRow[]): Promise<void> {
  await createTable(db, 'snapshots', SNAPSHOT_FIELDS, data);
}

export function run<T>(db: Db, q: MetricQuery<T>): Promise<T> {
  return runMetric(db, q);
}
