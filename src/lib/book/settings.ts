import type { Db } from '../db/types';
import { BOOK_SETTINGS_SQL, FACTS_SQL, type OutcomeRule } from '../metrics/facts';

/** The book's own settings (outcome rule, currency): one row, saved and restored with its tables. */
export const SETTINGS_TABLE = 'book_settings';

/** A book's own settings, one row of `book_settings`, saved and restored with its tables. */
export interface BookSettings {
  outcomeRule: OutcomeRule | null;
  /** ISO 4217 code, e.g. 'CNY', 'USD'; null when never set (the UI language decides). */
  currency: string | null;
}

export async function readBookSettings(db: Db): Promise<BookSettings> {
  await db.exec(BOOK_SETTINGS_SQL);
  const t = await db.query(`SELECT any_value(outcome_rule) AS outcome_rule, any_value(currency) AS currency FROM ${SETTINGS_TABLE}`);
  const r = t.get(0)?.toJSON() ?? {};
  return { outcomeRule: (r.outcome_rule as OutcomeRule | null) ?? null, currency: (r.currency as string | null) ?? null };
}

/** The SQL that (re)writes the settings table of the table `name` with one row. */
export function settingsTableSql(name: string, settings: BookSettings): { sql: string; params: (string | null)[] } {
  return {
    sql: `CREATE OR REPLACE TABLE ${name} AS SELECT CAST(? AS VARCHAR) AS outcome_rule, CAST(? AS VARCHAR) AS currency`,
    params: [settings.outcomeRule, settings.currency],
  };
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
