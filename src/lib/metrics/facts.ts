import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { LOAN_FIELDS } from '../schema/canonical';
import { OUTCOME_RULES, type OutcomeRule } from '../schema/settings-table';
import { dpdBucketSql } from './dpd';
import { wordsFor } from '../schema/vocabulary';
import { literal } from '../sql/quote';
import { BAND_COLUMNS_SQL } from './facts-bands';

/** Sizes that count as small or micro (the canonical values and the words an unmapped export may still carry). */
const SME_SIZE_WORDS = [...wordsFor('enterprise_size', 'micro'), ...wordsFor('enterprise_size', 'small')].map(literal).join(', ');

/**
 * The credit the inclusive-SME test compares with 10 million (DOMAIN.md): the borrower's credit
 * line where mapped, else the borrower's total credit (the sum of its loans) when borrower ids are
 * known, else the loan's own amount. `inclusiveBasis` says which one a book uses.
 */
export const INCLUSIVE_CREDIT_SQL = `coalesce(l.credit_line, CASE WHEN l.borrower_id IS NOT NULL THEN sum(l.amount) OVER (PARTITION BY l.borrower_id) END, l.amount)`;

export type InclusiveBasis = 'credit_line' | 'borrower_total' | 'loan_amount';

/** Which credit the inclusive-SME test of a book with these mapped fields compares (INCLUSIVE_CREDIT_SQL's order). */
export function inclusiveBasis(mapped: ReadonlySet<string>): InclusiveBasis {
  if (mapped.has('credit_line')) return 'credit_line';
  return mapped.has('borrower_id') ? 'borrower_total' : 'loan_amount';
}

/**
 * The pseudo-field a metric names in `needs` when it reads the outcome (`is_defaulted`): present
 * when the book has any field the outcome can be decided from (the open book's `mapped` set adds it).
 */
export const OUTCOME_NEED = 'outcome';

export { OUTCOME_SOURCES } from '../schema/facts-columns';

/** Which field decided the outcome of this book (`book_outcome.basis`); null when none can. */
export type OutcomeBasis = 'flag' | 'date' | 'flag_or_date' | 'dpd' | 'class';

export interface BookOutcome {
  basis: OutcomeBasis | null;
  rule: OutcomeRule;
  /** Both a flag and a date are mapped, so the user may choose the rule. */
  choosable: boolean;
  /** Loans whose flag says "not defaulted" but that carry a default date. */
  datedNotFlagged: number;
  /** Loans flagged as defaulted without a default date. */
  flaggedUndated: number;
  /** What shares and concentration measure (`loan_facts.exposure`): balance, or amount in a closed book. */
  exposureBasis: ExposureBasis;
}

export type ExposureBasis = 'balance' | 'amount';

export async function readBookOutcome(db: Db): Promise<BookOutcome> {
  const r = (await db.query('SELECT * FROM book_outcome')).get(0)!.toJSON();
  return {
    basis: (r.basis as OutcomeBasis | null) ?? null,
    rule: (OUTCOME_RULES as readonly string[]).includes(String(r.rule)) ? (r.rule as OutcomeRule) : 'flag',
    choosable: r.rule_choosable === true,
    datedNotFlagged: Number(r.dated_not_flagged ?? 0),
    flaggedUndated: Number(r.flagged_undated ?? 0),
    exposureBasis: r.exposure_basis === 'amount' ? 'amount' : 'balance',
  };
}

export { OUTCOME_RULES, type OutcomeRule } from '../schema/settings-table';

/**
 * What a default is in this book, from what is mapped: the flag where one is mapped; otherwise the
 * default date, then DPD > 90, then an NPL class. With both a flag and a date the user's rule in
 * `book_settings` may pick the date or either. Also counts the loans on which flag and date disagree,
 * and says what concentration is measured on: the outstanding balance of a live book, the original
 * amount of a closed one (no outstanding balance at all).
 */
export const BOOK_OUTCOME_SQL = `
CREATE OR REPLACE TABLE book_outcome AS
WITH p AS (
  SELECT count(default_flag) > 0 AS has_flag, count(default_date) > 0 AS has_date,
    count(dpd) > 0 AS has_dpd, count(five_class) > 0 AS has_class,
    count(*) FILTER (WHERE NOT default_flag AND default_date IS NOT NULL) AS dated_not_flagged,
    count(*) FILTER (WHERE default_flag AND default_date IS NULL) AS flagged_undated,
    coalesce(sum(balance), 0) > 0 AS live
  FROM loans),
s AS (SELECT coalesce((SELECT any_value(outcome_rule) FROM book_settings), 'flag') AS rule)
SELECT
  CASE
    WHEN has_flag AND has_date AND s.rule IN ('date', 'flag_or_date') THEN s.rule
    WHEN has_flag THEN 'flag'
    WHEN has_date THEN 'date'
    WHEN has_dpd THEN 'dpd'
    WHEN has_class THEN 'class' END AS basis,
  s.rule, has_flag AND has_date AS rule_choosable, dated_not_flagged, flagged_undated,
  CASE WHEN live THEN 'balance' ELSE 'amount' END AS exposure_basis
FROM p, s`;

/**
 * The outcome of one loan row `l` under `book_outcome o`: never NULL while the book has a basis.
 * Under the flag rule a loan whose flag is empty falls back to its default date.
 */
const IS_DEFAULTED = `CASE o.basis
    WHEN 'flag' THEN coalesce(l.default_flag, l.default_date IS NOT NULL)
    WHEN 'date' THEN l.default_date IS NOT NULL
    WHEN 'flag_or_date' THEN coalesce(l.default_flag, false) OR l.default_date IS NOT NULL
    WHEN 'dpd' THEN coalesce(l.dpd > 90, false)
    WHEN 'class' THEN coalesce(l.five_class >= 3, false) END`;

/** The default date of a loan that defaulted under the rule (a paid loan's charge-off date is not one). */
const DEFAULT_ON = `CASE WHEN ${IS_DEFAULTED} THEN l.default_date END`;

/**
 * `loan_facts`: the `loans` table plus the derived columns every view filters and groups by.
 * Built once when a book opens (a table, not a view, so that each click does not recompute it).
 * `is_defaulted` is THE outcome every screen, the report, the models and the notebook read;
 * `default_on` its date (the default date of a defaulted loan), `months_to_default` counted by
 * reporting month (DuckDB's date_diff('month', …), DOMAIN.md "Vintage curve").
 * `loans` always carries every canonical column (unmapped ones are NULL), so this SQL is static.
 * The columns it adds are listed, with their types and sources, in schema/facts-columns.ts.
 */
export const LOAN_FACTS_SQL = `
CREATE OR REPLACE TABLE loan_facts AS
SELECT
  l.*,
  CASE WHEN l.five_class IS NULL THEN NULL ELSE l.five_class >= 3 END AS is_npl,
  year(l.origination_date) AS vintage_year,
  CAST(date_trunc('month', l.origination_date) AS DATE) AS vintage_month,
  CASE
    WHEN l.term_months IS NULL THEN NULL
    WHEN l.term_months <= 12 THEN '≤12m'
    WHEN l.term_months <= 24 THEN '13–24m'
    WHEN l.term_months <= 36 THEN '25–36m'
    ELSE '>36m' END AS term_bucket,
  CASE
    WHEN l.amount IS NULL THEN NULL
    WHEN l.amount < 500000 THEN '<0.5M'
    WHEN l.amount < 1000000 THEN '0.5–1M'
    WHEN l.amount < 3000000 THEN '1–3M'
    WHEN l.amount < 10000000 THEN '3–10M'
    ELSE '≥10M' END AS amount_bucket,
  ${dpdBucketSql('l.dpd')} AS dpd_bucket,
  CASE WHEN l.collateral_value > 0 THEN coalesce(l.balance, l.amount) / l.collateral_value END AS ltv,
  CASE
    WHEN l.enterprise_size IS NULL THEN NULL
    ELSE lower(trim(l.enterprise_size)) IN (${SME_SIZE_WORDS}) AND ${INCLUSIVE_CREDIT_SQL} <= 10000000 END AS is_inclusive_sme,
  ${BAND_COLUMNS_SQL},
  CASE o.exposure_basis WHEN 'balance' THEN l.balance ELSE l.amount END AS exposure,
  ${IS_DEFAULTED} AS is_defaulted,
  ${DEFAULT_ON} AS default_on,
  date_diff('month', l.origination_date, ${DEFAULT_ON}) AS months_to_default
FROM loans l CROSS JOIN book_outcome o CROSS JOIN (SELECT count(first_inspection_date) > 0 AS records_inspections FROM loans) ins`;

/**
 * The book's realised LGD over charged-off loans of `relation` (DOMAIN.md: 1 − recoveries ÷ charge-offs,
 * the charge-off standing for the exposure lost at default), as a scalar subquery.
 */
export function estimatedLgdSql(relation: string): string {
  return `(SELECT 1 - coalesce(sum(recovery_amount), 0) / nullif(sum(chargeoff_amount), 0) FROM ${relation} WHERE chargeoff_amount > 0)`;
}

/**
 * `book_presence`: one row telling, per canonical loan field, whether the book has any value in it
 * (`has__<field>`). Metrics that say "map X to see this" read it instead of scanning the book on
 * every query (that scan was most of the Overview's time). It also holds the book-wide constants
 * that figures of any filtered population use, so that a click does not rescan the whole book
 * for them: `book_lgd` (estimatedLgdSql over the book now) and `has_dated_defaults` (a default
 * can be placed in time).
 */
export const PRESENCE_SQL = `
CREATE OR REPLACE TABLE book_presence AS
SELECT ${LOAN_FIELDS.map((f) => `count(${ident(f.name)}) > 0 AS ${ident(`has__${f.name}`)}`).join(',\n  ')},
  (SELECT basis IS NOT NULL FROM book_outcome) AS ${ident(`has__${OUTCOME_NEED}`)},
  ${estimatedLgdSql('loan_facts')} AS book_lgd,
  (SELECT count(default_on) > 0 FROM loan_facts) AS has_dated_defaults
FROM loans`;

/** The book's own settings (outcome rule, currency), kept with the book; created when absent. */
export const BOOK_SETTINGS_SQL = `CREATE TABLE IF NOT EXISTS book_settings (outcome_rule VARCHAR, currency VARCHAR)`;

/** Everything derived from `loans` when a book opens: `book_outcome`, `loan_facts` and `book_presence`. */
export const FACTS_SQL = `${BOOK_SETTINGS_SQL};\n${BOOK_OUTCOME_SQL};\n${LOAN_FACTS_SQL};\n${PRESENCE_SQL}`;

export async function buildFacts(db: Db): Promise<void> {
  await db.exec(FACTS_SQL);
}
