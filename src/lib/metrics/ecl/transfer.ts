import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { scope, type ScopeOptions } from '../portfolio/sql';
import { transitionMatrix, type TransitionMatrix } from '../portfolio/transition';
import { num } from '../portfolio/values';
import type { MetricQuery } from '../query';
import { STAGE_REASONS, type StageReason, type StageRules } from './rules';
import { stagedCte } from './staging';

export const STAGES = [1, 2, 3] as const;
export type Stage = (typeof STAGES)[number];

/** The staged live loans of the filtered book as of a date (or now): `(WITH … SELECT … FROM staged)`. */
function stagedRelation(filters: FilterSet, rules: StageRules, asOf: string | undefined, select: string) {
  const base = scope(filters, { asOf });
  return { sql: `(${base.sql},\n${stagedCte(rules, asOf)}\nSELECT ${select} FROM staged WHERE balance > 0)`, params: base.params };
}

export interface StagingResult {
  stages: { stage: Stage; loans: number; balance: number; balanceShare: number | null }[];
  /** Loans by the rule that staged them. */
  reasons: { reason: StageReason; stage: Stage; loans: number; balance: number }[];
  /** Loans whose mapped stage was used (the screen says which it shows). */
  givenLoans: number;
  loans: number;
}

/** Stage mix of the live loans under the user's rules, with the rule behind each loan's stage. */
export function stagingQuery(filters: FilterSet, options: ScopeOptions & { rules: StageRules }): MetricQuery<StagingResult> {
  const r = stagedRelation(filters, options.rules, options.asOf, 'stage, stage_reason, balance');
  return {
    needs: ['balance'],
    sql: `SELECT stage, stage_reason, count(*) AS loans, sum(balance) AS balance FROM ${r.sql} GROUP BY ALL`,
    params: r.params,
    shape(table) {
      const rs = rows(table);
      const total = rs.reduce((s, x) => s + num(x.balance), 0);
      const stages = STAGES.map((stage) => {
        const mine = rs.filter((x) => num(x.stage) === stage);
        const balance = mine.reduce((s, x) => s + num(x.balance), 0);
        return { stage, loans: mine.reduce((s, x) => s + num(x.loans), 0), balance, balanceShare: total > 0 ? balance / total : null };
      });
      const reasons = rs
        .map((x) => ({ reason: String(x.stage_reason) as StageReason, stage: num(x.stage) as Stage, loans: num(x.loans), balance: num(x.balance) }))
        .sort((a, b) => a.stage - b.stage || STAGE_REASONS.indexOf(a.reason) - STAGE_REASONS.indexOf(b.reason));
      return {
        stages,
        reasons,
        givenLoans: reasons.filter((x) => x.reason === 'given').reduce((s, x) => s + x.loans, 0),
        loans: stages.reduce((s, x) => s + x.loans, 0),
      };
    },
  };
}

export interface StageTransfer {
  from: string;
  to: string;
  /** Loans on the book at both dates, from stage i to stage j (transition.ts's matrix). */
  matrix: TransitionMatrix;
  /** Loans staged at `from` and gone (or repaid) by `to`, per stage at `from`. */
  left: number[];
  /** Loans staged at `to` that were not on the book at `from`, per stage at `to`. */
  entered: number[];
}

/** Stage transfer matrix between two snapshot dates, each date staged under the same rules. */
export function stageTransferQuery(filters: FilterSet, options: { rules: StageRules; from: string; to: string }): MetricQuery<StageTransfer> {
  const a = stagedRelation(filters, options.rules, options.from, 'loan_id, stage');
  const b = stagedRelation(filters, options.rules, options.to, 'loan_id, stage');
  return {
    needs: ['balance'],
    sql: `SELECT a.stage AS from_stage, b.stage AS to_stage, count(*) AS n
FROM ${a.sql} a FULL JOIN ${b.sql} b ON a.loan_id = b.loan_id GROUP BY ALL`,
    params: [...a.params, ...b.params],
    shape(table) {
      const rs = rows(table);
      const cells = rs.filter((r) => r.from_stage !== null && r.to_stage !== null).map((r) => ({ from: num(r.from_stage), to: num(r.to_stage), n: num(r.n) }));
      const per = (col: 'from_stage' | 'to_stage', other: 'from_stage' | 'to_stage') =>
        STAGES.map((s) => num(rs.find((r) => num(r[col]) === s && r[col] !== null && r[other] === null)?.n));
      return { from: options.from, to: options.to, matrix: transitionMatrix([...STAGES], cells), left: per('from_stage', 'to_stage'), entered: per('to_stage', 'from_stage') };
    },
  };
}
