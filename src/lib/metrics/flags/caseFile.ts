import { rows, type Value } from '../../db/rows';
import { ident } from '../../sql/quote';
import type { MetricQuery } from '../query';
import type { ActiveRule } from './select';
import type { Cause, Problem } from './types';

export interface FiredFlag {
  ruleId: string;
  problem: Problem;
  cause: Cause;
  labelKey: string;
  /** The user's own name for a custom rule. */
  name?: string;
  evidence: Record<string, Value>;
}

/** The flags that fire on one loan, with their evidence values (empty when none fire or no such loan). */
export function caseFileQuery(active: readonly ActiveRule[], loanId: string): MetricQuery<FiredFlag[]> {
  const columns = active.flatMap((a, i) => [
    `coalesce((${a.condition.sql}), FALSE) AS fired_${i}`,
    ...a.rule.evidence.map((e, j) => `${e.sql} AS ${ident(`e_${i}_${j}`)}`),
  ]);
  return {
    needs: ['loan_id'],
    sql: `SELECT ${columns.length ? columns.join(',\n  ') : 'TRUE AS nothing'}
FROM loan_facts WHERE CAST(loan_id AS VARCHAR) = ? LIMIT 1`,
    params: [...active.flatMap((a) => a.condition.params), loanId],
    shape: (t) => {
      const r = rows(t)[0];
      if (!r) return [];
      return active
        .map((a, i) => ({ a, i }))
        .filter(({ i }) => r[`fired_${i}`] === true)
        .map(({ a, i }) => ({
          ruleId: a.rule.id,
          problem: a.rule.problem,
          cause: a.rule.cause,
          labelKey: a.rule.labelKey,
          ...(a.rule.name ? { name: a.rule.name } : {}),
          evidence: Object.fromEntries(a.rule.evidence.map((e, j) => [e.key, r[`e_${i}_${j}`]])),
        }));
    },
  };
}
