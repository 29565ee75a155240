import { OUTCOME_NEED } from '../../../../src/lib/metrics/facts';
import type { Db, SqlParam } from '../../../../src/lib/db/types';
import { LOAN_FIELDS, sqlType } from '../../../../src/lib/schema/canonical';
import { FACTS_SQL } from '../../../../src/lib/metrics/facts';
import { ident } from '../../../../src/lib/sql/quote';

export type LoanRow = Partial<Record<string, SqlParam>>;

/**
 * Creates `loans` with every canonical column from partial rows (NULL elsewhere), then builds
 * `loan_facts` with the app's own FACTS_SQL.
 */
export async function createBook(db: Db, loans: readonly LoanRow[]): Promise<void> {
  const unknown = loans.flatMap((r) => Object.keys(r)).filter((k) => !LOAN_FIELDS.some((f) => f.name === k));
  if (unknown.length) throw new Error(`Not canonical: ${[...new Set(unknown)].join(', ')}`);
  await db.exec(`CREATE OR REPLACE TABLE loans (${LOAN_FIELDS.map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ')})`);
  const casts = LOAN_FIELDS.map((f) => `CAST(? AS ${sqlType(f.type)})`).join(', ');
  for (const row of loans) {
    await db.exec(`INSERT INTO loans SELECT ${casts}`, LOAN_FIELDS.map((f) => row[f.name] ?? null));
  }
  await db.exec(FACTS_SQL);
}

/** All canonical loan fields: every rule's needs are mapped. */
export const ALL_MAPPED: ReadonlySet<string> = new Set([...LOAN_FIELDS.map((f) => f.name), OUTCOME_NEED]);
