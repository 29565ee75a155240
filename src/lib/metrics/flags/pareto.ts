import { rows, type Row } from '../../db/rows';
import { ident } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { defaultOutcome } from '../drivers/outcome';
import { anyFlagSql, flagMatrixSql, type FlagMatrixOptions } from './matrix';
import type { ActiveRule } from './select';
import { CAUSES, PROBLEMS, type Cause, type Problem } from './types';

export interface ParetoItem<K extends string> {
  key: K;
  /** Defaulted loans carrying the flag (for a cause or problem: carrying any of its flags). */
  count: number;
  loss: number;
  /** count ÷ defaulted loans; items overlap, so these shares may add up to more than 1. */
  shareOfTargets: number | null;
  lossShare: number | null;
  /** Running share of the measure the list is sorted by, over the items' total. */
  cumulativeShare: number;
}

export interface ParetoLists<K extends string> {
  byCount: ParetoItem<K>[];
  byLoss: ParetoItem<K>[];
}

export interface FishboneBone {
  cause: Cause;
  count: number;
  loss: number;
  rules: { ruleId: string; problem: Problem; count: number; loss: number }[];
}

export interface FlagPareto {
  /** Defaulted (or NPL, per the outcome) loans after filters. */
  targets: number;
  targetLoss: number;
  /** Targets with no flag at all: defaults the rules do not explain. */
  unflagged: { count: number; loss: number; share: number | null; lossShare: number | null };
  byRule: ParetoLists<string>;
  byCause: ParetoLists<Cause>;
  byProblem: ParetoLists<Problem>;
  /** Causes C1–C4, each with its active rules and their counts among the targets. */
  fishbone: FishboneBone[];
}

/**
 * Pareto of red flags among the target loans (outcome true: the book outcome is_defaulted by default, or NPL)
 * by count and by loss (see LOSS_SQL), grouped by rule, root cause and problem; plus the fishbone.
 */
export function flagParetoQuery(active: readonly ActiveRule[], options: FlagMatrixOptions = {}): MetricQuery<FlagPareto> {
  const m = flagMatrixSql(active, options);
  const measure = (name: string, condition: string) =>
    `count(*) FILTER (WHERE ${condition}) AS n_${name}, coalesce(sum(loss) FILTER (WHERE ${condition}), 0) AS l_${name}`;
  const rulesOf = (pick: (a: ActiveRule) => boolean) => anyFlagSql(active.filter(pick));
  const columns = [
    measure('unflagged', `NOT (${anyFlagSql(active)})`),
    ...active.map((a, i) => measure(`r${i}`, ident(a.rule.id))),
    ...CAUSES.map((c) => measure(c, rulesOf((a) => a.rule.cause === c))),
    ...PROBLEMS.map((p) => measure(p, rulesOf((a) => a.rule.problem === p))),
  ];
  return {
    needs: [...(options.outcome ?? defaultOutcome()).needs],
    sql: `WITH flags AS (${m.sql})
SELECT count(*) AS n, coalesce(sum(loss), 0) AS l, ${columns.join(',\n  ')}
FROM flags WHERE outcome = 1`,
    params: m.params,
    shape: (t) => shapePareto(rows(t)[0] ?? {}, active),
  };
}

function shapePareto(r: Row, active: readonly ActiveRule[]): FlagPareto {
  const targets = (r.n as number) ?? 0;
  const targetLoss = (r.l as number) ?? 0;
  const count = (name: string) => (r[`n_${name}`] as number) ?? 0;
  const loss = (name: string) => (r[`l_${name}`] as number) ?? 0;
  const share = (a: number, b: number) => (b > 0 ? a / b : null);
  const lists = <K extends string>(entries: { key: K; name: string }[]): ParetoLists<K> => {
    const items = entries.map(({ key, name }) => ({
      key,
      count: count(name),
      loss: loss(name),
      shareOfTargets: share(count(name), targets),
      lossShare: share(loss(name), targetLoss),
      cumulativeShare: 0,
    }));
    return { byCount: cumulate(items, (i) => i.count), byLoss: cumulate(items, (i) => i.loss) };
  };
  const withRules = <K extends string>(keys: readonly K[], pick: (a: ActiveRule, k: K) => boolean) =>
    keys.filter((k) => active.some((a) => pick(a, k))).map((k) => ({ key: k, name: k }));
  return {
    targets,
    targetLoss,
    unflagged: {
      count: count('unflagged'),
      loss: loss('unflagged'),
      share: share(count('unflagged'), targets),
      lossShare: share(loss('unflagged'), targetLoss),
    },
    byRule: lists(active.map((a, i) => ({ key: a.rule.id, name: `r${i}` }))),
    byCause: lists(withRules(CAUSES, (a, c) => a.rule.cause === c)),
    byProblem: lists(withRules(PROBLEMS, (a, p) => a.rule.problem === p)),
    fishbone: CAUSES.map((cause) => ({
      cause,
      count: count(cause),
      loss: loss(cause),
      rules: active
        .map((a, i) => ({ a, i }))
        .filter(({ a }) => a.rule.cause === cause)
        .map(({ a, i }) => ({ ruleId: a.rule.id, problem: a.rule.problem, count: count(`r${i}`), loss: loss(`r${i}`) }))
        .sort((x, y) => y.count - x.count),
    })),
  };
}

function cumulate<K extends string>(items: ParetoItem<K>[], measure: (i: ParetoItem<K>) => number): ParetoItem<K>[] {
  const sorted = [...items].sort((a, b) => measure(b) - measure(a));
  const total = sorted.reduce((s, i) => s + measure(i), 0);
  let running = 0;
  return sorted.map((i) => {
    running += measure(i);
    return { ...i, cumulativeShare: total > 0 ? running / total : 0 };
  });
}
