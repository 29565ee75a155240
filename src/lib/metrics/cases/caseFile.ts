import { rows, type Row } from '../../db/rows';
import type { MetricQuery } from '../query';
import { loanStatus, textOrNull, type LoanStatus } from './values';

/** Every `loan_facts` column of one loan, by name (null when there is no such loan). */
export type LoanRecord = Row;

/** One loan's full record: the head of its case file. */
export function loanRecordQuery(loanId: string): MetricQuery<LoanRecord | null> {
  return {
    needs: ['loan_id'],
    sql: 'SELECT * FROM loan_facts WHERE CAST(loan_id AS VARCHAR) = ? LIMIT 1',
    params: [loanId],
    shape: (t) => rows(t)[0] ?? null,
  };
}

export interface BorrowerLoan extends LoanStatus {
  loanId: string;
  product: string | null;
  originationDate: string | null;
  maturityDate: string | null;
  renewal: boolean | null;
}

export interface GroupMember {
  borrowerId: string;
  borrowerName: string | null;
  loans: number;
  balance: number | null;
  defaults: number;
}

export interface BorrowerFile {
  borrowerId: string;
  profile: Row;
  loans: BorrowerLoan[];
  /** Other borrowers of the same group (empty when no group is mapped or the borrower has none). */
  group: GroupMember[];
}

/** Attributes that describe the borrower rather than one loan (taken from its latest loan). */
export const BORROWER_COLUMNS = [
  'borrower_name', 'group_id', 'enterprise_size', 'staff_count', 'revenue', 'total_assets', 'industry', 'region',
  'relationship_start_date', 'has_financial_statements', 'credit_line', 'is_inclusive_sme',
] as const;

/**
 * A borrower's profile, all its loans with their status, and the other members of its group.
 * One query: profile columns repeat on every loan row; group members come back as rows with `kind = 'group'`.
 */
export function borrowerFileQuery(borrowerId: string): MetricQuery<BorrowerFile | null> {
  const profile = BORROWER_COLUMNS.map((c) => `any_value(${c} ORDER BY origination_date DESC NULLS LAST) AS ${c}`).join(', ');
  return {
    needs: ['loan_id', 'borrower_id'],
    sql: `WITH mine AS (SELECT * FROM loan_facts WHERE CAST(borrower_id AS VARCHAR) = ?),
profile AS (SELECT ${profile} FROM mine),
grp AS (
  SELECT CAST(g.borrower_id AS VARCHAR) AS borrower_id, any_value(g.borrower_name) AS borrower_name, count(*) AS loans,
    sum(g.balance) AS balance, count(*) FILTER (WHERE g.is_defaulted) AS defaults
  FROM loan_facts g, profile p
  WHERE p.group_id IS NOT NULL AND g.group_id = p.group_id AND CAST(g.borrower_id AS VARCHAR) <> ?
  GROUP BY g.borrower_id
)
SELECT 'loan' AS kind, CAST(loan_id AS VARCHAR) AS id, product, origination_date, maturity_date, amount, balance, dpd, five_class,
  is_defaulted, is_restructured, is_renewal, NULL AS name, NULL::BIGINT AS loans, NULL::BIGINT AS defaults, p.*
FROM mine, profile p
UNION ALL
SELECT 'group', grp.borrower_id, NULL, NULL, NULL, NULL, grp.balance, NULL, NULL, NULL, NULL, NULL, grp.borrower_name, grp.loans, grp.defaults, p.*
FROM grp, profile p
ORDER BY kind DESC, origination_date NULLS LAST, id`,
    params: [borrowerId, borrowerId],
    shape: (t) => {
      const r = rows(t);
      const first = r[0];
      if (!first) return null;
      return {
        borrowerId,
        profile: Object.fromEntries(BORROWER_COLUMNS.map((c) => [c, first[c] ?? null])),
        loans: r.filter((x) => x.kind === 'loan').map((x) => ({
          loanId: String(x.id),
          product: textOrNull(x.product),
          originationDate: textOrNull(x.origination_date),
          maturityDate: textOrNull(x.maturity_date),
          ...loanStatus(x),
          renewal: x.is_renewal as boolean | null,
        })),
        group: r
          .filter((x) => x.kind === 'group')
          .sort((a, b) => Number(b.balance ?? 0) - Number(a.balance ?? 0))
          .map((x) => ({
            borrowerId: String(x.id),
            borrowerName: textOrNull(x.name),
            loans: Number(x.loans),
            balance: x.balance as number | null,
            defaults: Number(x.defaults ?? 0),
          })),
      };
    },
  };
}
