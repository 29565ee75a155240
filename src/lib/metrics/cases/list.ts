import { rows, type Row } from '../../db/rows';
import type { SqlParam } from '../../db/types';
import type { FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import { flagMatrixSql } from '../flags/matrix';
import type { ActiveRule } from '../flags/select';
import type { MetricQuery } from '../query';
import { loanStatus, textOrNull, type LoanStatus } from './values';

/** Which loans the case list shows besides the search text. */
export const CASE_STATUSES = ['all', 'defaulted', 'npl', 'overdue', 'restructured', 'renewal', 'flagged'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_SORTS = ['balance', 'loss', 'dpd', 'amount', 'flags', 'id'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export type CaseListMode = 'loans' | 'borrowers';

/** More rows than a person scrolls through; the count says how many matched. */
export const CASE_LIST_LIMIT = 50_000;

export interface CaseListOptions {
  filters?: FilterSet;
  search?: string;
  status?: CaseStatus;
  sort?: CaseSort;
  descending?: boolean;
  mode?: CaseListMode;
}

export interface LoanCaseRow extends LoanStatus {
  loanId: string;
  borrowerId: string | null;
  borrowerName: string | null;
  industry: string | null;
  /** Loss on a defaulted loan: charge-off − recoveries, or the balance when not yet charged off (the flags' LOSS_SQL). */
  loss: number | null;
  flags: number;
}

export interface BorrowerCaseRow {
  borrowerId: string;
  borrowerName: string | null;
  groupId: string | null;
  loans: number;
  balance: number | null;
  amount: number | null;
  maxDpd: number | null;
  defaults: number;
  loss: number | null;
  flags: number;
}

export interface CaseList<R> {
  rows: R[];
  /** Rows that matched, which may exceed the rows returned. */
  matched: number;
}

const STATUS_SQL: Record<CaseStatus, string> = {
  all: 'TRUE',
  defaulted: 'f.is_defaulted',
  npl: 'f.is_npl',
  overdue: 'f.dpd > 0',
  restructured: 'f.is_restructured',
  renewal: 'f.is_renewal',
  flagged: 'm.flag_count > 0',
};

const LOAN_SORT_SQL: Record<CaseSort, string> = {
  balance: 'balance',
  loss: 'loss',
  dpd: 'dpd',
  amount: 'amount',
  flags: 'flag_count',
  id: 'loan_id',
};

const BORROWER_SORT_SQL: Record<CaseSort, string> = {
  balance: 'balance',
  loss: 'loss',
  dpd: 'max_dpd',
  amount: 'amount',
  flags: 'flag_count',
  id: 'borrower_id',
};

/** `%text%` for ILIKE, with the user's own % and _ taken literally. */
export function likePattern(search: string): string {
  return `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The loans that pass the app's filters, the search and the status, with their red-flag count:
 * a CTE body usable by the loan and borrower lists.
 */
function matchingLoans(active: readonly ActiveRule[], options: CaseListOptions): { sql: string; params: SqlParam[] } {
  const matrix = flagMatrixSql(active, { filters: options.filters });
  const flagCount = active.length ? active.map((a) => `CAST(m.${ident(a.rule.id)} AS INTEGER)`).join(' + ') : '0';
  const search = options.search?.trim() ?? '';
  const searchSql = search
    ? `AND (CAST(f.loan_id AS VARCHAR) ILIKE ? ESCAPE '\\' OR CAST(f.borrower_id AS VARCHAR) ILIKE ? ESCAPE '\\' OR f.borrower_name ILIKE ? ESCAPE '\\')`
    : '';
  const pattern = likePattern(search);
  const status = STATUS_SQL[options.status ?? 'all'];
  return {
    sql: `matrix AS (${matrix.sql}),
flagged AS (SELECT m.loan_id, m.loss, ${flagCount} AS flag_count FROM matrix m),
matching AS (
  SELECT f.loan_id, f.borrower_id, f.borrower_name, f.group_id, f.industry, f.amount, f.balance, f.dpd, f.five_class,
    f.is_defaulted, f.is_restructured, CASE WHEN f.is_defaulted THEN m.loss END AS loss,
    m.flag_count
  FROM loan_facts f JOIN flagged m ON m.loan_id IS NOT DISTINCT FROM f.loan_id
  WHERE (${status}) ${searchSql}
)`,
    params: [...matrix.params, ...(search ? [pattern, pattern, pattern] : [])],
  };
}

/** Either case list: rows of `from` (a CTE over the matching loans) ranked, capped, with how many matched. */
function rankedList<R>(active: readonly ActiveRule[], options: CaseListOptions, spec: {
  needs: string[];
  ctes?: string;
  from: string;
  sort: string;
  tieBreak: string;
  row: (x: Row) => R;
}): MetricQuery<CaseList<R>> {
  const base = matchingLoans(active, options);
  return {
    needs: spec.needs,
    sql: `WITH ${base.sql}${spec.ctes ? `,\n${spec.ctes}` : ''}
SELECT *, count(*) OVER () AS matched FROM ${spec.from}
ORDER BY ${spec.sort} ${options.descending ?? true ? 'DESC' : 'ASC'} NULLS LAST, ${spec.tieBreak}
LIMIT ${CASE_LIST_LIMIT}`,
    params: base.params,
    shape: (t) => {
      const r = rows(t);
      return { matched: Number(r[0]?.matched ?? 0), rows: r.map(spec.row) };
    },
  };
}

/** The case list of loans: searchable, filtered by status and the app's filters, sorted. */
export function loanCaseListQuery(active: readonly ActiveRule[], options: CaseListOptions = {}): MetricQuery<CaseList<LoanCaseRow>> {
  return rankedList(active, options, {
    needs: ['loan_id'],
    from: 'matching',
    sort: LOAN_SORT_SQL[options.sort ?? 'balance'],
    tieBreak: 'loan_id',
    row: (x) => ({
      loanId: String(x.loan_id),
      borrowerId: textOrNull(x.borrower_id),
      borrowerName: textOrNull(x.borrower_name),
      industry: textOrNull(x.industry),
      ...loanStatus(x),
      loss: x.loss as number | null,
      flags: Number(x.flag_count ?? 0),
    }),
  });
}

/** The case list of borrowers: a borrower matches when any of its loans matches. */
export function borrowerCaseListQuery(active: readonly ActiveRule[], options: CaseListOptions = {}): MetricQuery<CaseList<BorrowerCaseRow>> {
  return rankedList(active, options, {
    needs: ['loan_id', 'borrower_id'],
    ctes: `borrowers AS (
  SELECT borrower_id, any_value(borrower_name) AS borrower_name, any_value(group_id) AS group_id, count(*) AS loans,
    sum(balance) AS balance, sum(amount) AS amount, max(dpd) AS max_dpd,
    count(*) FILTER (WHERE is_defaulted) AS defaults, sum(loss) AS loss, sum(flag_count) AS flag_count
  FROM matching WHERE borrower_id IS NOT NULL GROUP BY borrower_id
)`,
    from: 'borrowers',
    sort: BORROWER_SORT_SQL[options.sort ?? 'balance'],
    tieBreak: 'borrower_id',
    row: (x) => ({
      borrowerId: String(x.borrower_id),
      borrowerName: textOrNull(x.borrower_name),
      groupId: textOrNull(x.group_id),
      loans: Number(x.loans),
      balance: x.balance as number | null,
      amount: x.amount as number | null,
      maxDpd: x.max_dpd as number | null,
      defaults: Number(x.defaults ?? 0),
      loss: x.loss as number | null,
      flags: Number(x.flag_count ?? 0),
    }),
  });
}
