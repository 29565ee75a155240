import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { LOAN_FIELDS } from '../schema/canonical';
import { dpdBucketSql } from './dpd';
import { wordsFor } from '../schema/vocabulary';
import { literal } from '../sql/quote';

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
 * `loan_facts`: the `loans` table plus the derived columns every view filters and groups by.
 * Built once when a book opens (a table, not a view, so that each click does not recompute it).
 * `loans` always carries every canonical column (unmapped ones are NULL), so this SQL is static.
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
  CASE WHEN l.default_date IS NOT NULL AND l.origination_date IS NOT NULL
    THEN date_sub('month', l.origination_date, l.default_date) END AS months_to_default
FROM loans l`;

/**
 * `book_presence`: one row telling, per canonical loan field, whether the book has any value in it
 * (`has__<field>`). Metrics that say "map X to see this" read it instead of scanning the book on
 * every query (that scan was most of the Overview's time).
 */
export const PRESENCE_SQL = `
CREATE OR REPLACE TABLE book_presence AS
SELECT ${LOAN_FIELDS.map((f) => `count(${ident(f.name)}) > 0 AS ${ident(`has__${f.name}`)}`).join(',\n  ')}
FROM loans`;

/** Everything derived from `loans` when a book opens: `loan_facts` and `book_presence`. */
export const FACTS_SQL = `${LOAN_FACTS_SQL};\n${PRESENCE_SQL}`;

export async function buildFacts(db: Db): Promise<void> {
  await db.exec(FACTS_SQL);
}
