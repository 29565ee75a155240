import { rows, type Value } from '../db/rows';
import type { FilterSet } from '../sql/filters';
import { whereClause } from '../sql/filters';
import { ident } from '../sql/quote';
import { flagMatrixSql } from '../metrics/flags/matrix';
import type { ActiveRule } from '../metrics/flags/select';
import { CAUSES, PROBLEMS, type Cause, type Problem } from '../metrics/flags/types';
import type { MetricQuery } from '../metrics/query';

export interface LiveFlagCount {
  ruleId: string;
  /** Loans still on the book (balance > 0) that carry the flag, and their balance. */
  live: number;
  liveBalance: number;
  /** All loans carrying the flag. */
  flagged: number;
}

/** Per active rule, how many loans still on the book carry it: what a remedy would act on. */
export function liveFlagCountsQuery(active: readonly ActiveRule[], filters: FilterSet): MetricQuery<LiveFlagCount[]> {
  const where = whereClause(filters);
  const columns = active.map((a, i) => {
    const c = `coalesce((${a.condition.sql}), FALSE)`;
    return `count(*) FILTER (WHERE ${c} AND balance > 0) AS n_${i}, coalesce(sum(balance) FILTER (WHERE ${c} AND balance > 0), 0) AS b_${i}, count(*) FILTER (WHERE ${c}) AS f_${i}`;
  });
  // Each condition appears three times above, so its parameters do too.
  const params = active.flatMap((a) => [...a.condition.params, ...a.condition.params, ...a.condition.params]);
  return {
    needs: [],
    sql: `SELECT count(*) AS loans${columns.map((c) => `, ${c}`).join('')} FROM loan_facts ${where.sql}`,
    params: [...params, ...where.params],
    shape: (t) => {
      const r = rows(t)[0] ?? {};
      return active.map((a, i) => ({
        ruleId: a.rule.id,
        live: Number(r[`n_${i}`] ?? 0),
        liveBalance: Number(r[`b_${i}`] ?? 0),
        flagged: Number(r[`f_${i}`] ?? 0),
      }));
    },
  };
}

export interface RepresentativeCase {
  /** The problem or cause the case stands for. */
  key: Problem | Cause;
  loanId: string;
  loss: number | null;
  industry: string | null;
  branch: string | null;
  /** Ids of the key's rules that fire on the loan. */
  flags: string[];
}

/**
 * For each problem and each cause, the defaulted loans that carry the most of its flags (then the
 * largest loss): the cases a committee reads first.
 */
export function representativeCasesQuery(active: readonly ActiveRule[], filters: FilterSet, perKey: number): MetricQuery<RepresentativeCase[]> {
  const m = flagMatrixSql(active, { filters });
  const keys: { key: Problem | Cause; rules: ActiveRule[] }[] = [
    ...PROBLEMS.map((p) => ({ key: p, rules: active.filter((a) => a.rule.problem === p) })),
    ...CAUSES.map((c) => ({ key: c, rules: active.filter((a) => a.rule.cause === c) })),
  ].filter((k) => k.rules.length > 0);
  const score = (rules: ActiveRule[]) => rules.map((a) => `CAST(d.${ident(a.rule.id)} AS INTEGER)`).join(' + ');
  const parts = keys.map((k) => `SELECT '${k.key}' AS key, ${score(k.rules)} AS score, d.* FROM d WHERE ${score(k.rules)} > 0`);
  const n = Math.max(0, Math.floor(perKey));
  const sql = parts.length
    ? `WITH m AS (${m.sql}),
d AS (SELECT m.*, f.industry AS case_industry, f.branch AS case_branch
  FROM m JOIN loan_facts f ON f.loan_id IS NOT DISTINCT FROM m.loan_id WHERE m.outcome = 1),
scored AS (${parts.join('\nUNION ALL\n')}),
ranked AS (SELECT *, row_number() OVER (PARTITION BY key ORDER BY score DESC, loss DESC NULLS LAST, loan_id) AS rn FROM scored)
SELECT * FROM ranked WHERE rn <= ${n} ORDER BY key, rn`
    : 'SELECT NULL AS key WHERE FALSE';
  return {
    needs: ['loan_id'],
    sql,
    params: parts.length ? m.params : [],
    shape: (t) =>
      rows(t).map((r) => {
        const k = keys.find((x) => x.key === r.key)!;
        return {
          key: k.key,
          loanId: String(r.loan_id),
          loss: numberOrNull(r.loss),
          industry: textOrNull(r.case_industry),
          branch: textOrNull(r.case_branch),
          flags: k.rules.filter((a) => r[a.rule.id] === true).map((a) => a.rule.id),
        };
      }),
  };
}

const numberOrNull = (v: Value) => (v === null ? null : Number(v));
const textOrNull = (v: Value) => (v === null ? null : String(v));
