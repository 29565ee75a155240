import type { Db } from '../db/types';
import { BOOK_SETTINGS_SQL, FACTS_SQL } from '../metrics/facts';

import { SETTINGS_TABLE, settingsTableSql, type BookSettings, type OutcomeRule } from '../schema/settings-table';

export { SETTINGS_TABLE, settingsTableSql, type BookSettings };

export async function readBookSettings(db: Db): Promise<BookSettings> {
  await db.exec(BOOK_SETTINGS_SQL);
  const t = await db.query(`SELECT any_value(outcome_rule) AS outcome_rule, any_value(currency) AS currency FROM ${SETTINGS_TABLE}`);
  const r = t.get(0)?.toJSON() ?? {};
  return { outcomeRule: (r.outcome_rule as OutcomeRule | null) ?? null, currency: (r.currency as string | null) ?? null };
}

/**
 * Changes the open book's settings and rebuilds what depends on them (`book_outcome`, `loan_facts`):
 * the caller bumps the book version so every cached figure is recomputed.
 */
export async function writeBookSettings(db: Db, change: Partial<BookSettings>): Promise<BookSettings> {
  const next = { ...(await readBookSettings(db)), ...change };
  const write = settingsTableSql(SETTINGS_TABLE, next);
  await db.exec(write.sql, write.params);
  if ('outcomeRule' in change) await db.exec(FACTS_SQL);
  return next;
}
