/** How the book's outcome is decided; `flag` is the default (DOMAIN.md "Default"). */
export const OUTCOME_RULES = ['flag', 'date', 'flag_or_date'] as const;
export type OutcomeRule = (typeof OUTCOME_RULES)[number];

/** The book's own settings (outcome rule, currency): one row, saved and restored with its tables. */
export const SETTINGS_TABLE = 'book_settings';

/** A book's own settings, one row of `book_settings`, saved and restored with its tables. */
export interface BookSettings {
  outcomeRule: OutcomeRule | null;
  /** ISO 4217 code, e.g. 'CNY', 'USD'; null when never set (the UI language decides). */
  currency: string | null;
}

/** The SQL that (re)writes the settings table of the table `name` with one row. */
export function settingsTableSql(name: string, settings: BookSettings): { sql: string; params: (string | null)[] } {
  return {
    sql: `CREATE OR REPLACE TABLE ${name} AS SELECT CAST(? AS VARCHAR) AS outcome_rule, CAST(? AS VARCHAR) AS currency`,
    params: [settings.outcomeRule, settings.currency],
  };
}

