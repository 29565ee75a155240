import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { FIVE_CLASSES, type FiveClass } from '../../schema/canonical';
import { aggregateQuery, type AggregatePlan, type AggregateQuery } from '../plan';
import type { ScopeOptions } from './sql';
import { num, ratio } from './values';

export interface MixEntry<K> {
  key: K;
  loans: number;
  balance: number;
  /** Shares of the loans / balance that have a key (unclassified or unstaged loans excluded). */
  countShare: number | null;
  balanceShare: number | null;
}

export interface ClassMix {
  classes: MixEntry<FiveClass>[];
  /** Loans without a five-category class. */
  unclassified: { loans: number; balance: number };
}

/** Count and balance per five-category class 1 (normal) … 5 (loss); every class is listed, empty ones as 0. */
export function classMixQuery(filters: FilterSet, options: ScopeOptions = {}): AggregateQuery<ClassMix> {
  const plan: AggregatePlan = {
    filters,
    source: options,
    groupBy: { key: 'five_class' },
    measures: { loans: 'count(*)', balance: 'coalesce(sum(balance), 0)' },
    finish: 'SELECT * FROM agg',
  };
  return aggregateQuery(plan, ['five_class'], (table) => {
    const rs = rows(table);
    const unclassified = rs.find((r) => r.key === null);
    return {
      classes: mixEntries(rs, FIVE_CLASSES),
      unclassified: { loans: num(unclassified?.loans), balance: num(unclassified?.balance) },
    };
  });
}

export type StageSource = 'given' | 'derived' | 'mixed' | 'none';

export interface StageMix {
  stages: MixEntry<1 | 2 | 3>[];
  /**
   * Where the stages came from: the mapped `ifrs9_stage`, or derived from the class when a loan has
   * no stage (DOMAIN.md's usual mapping: normal → 1, special mention → 2, NPL → 3), or both.
   */
  source: StageSource;
  /** Loans whose stage was given / derived. */
  givenLoans: number;
  derivedLoans: number;
  unstaged: { loans: number; balance: number };
}

const STAGES = [1, 2, 3] as const;

/** IFRS 9 stage mix: the given stage where there is one, else the stage derived from the five-category class. */
export function stageMixQuery(filters: FilterSet, options: ScopeOptions = {}): AggregateQuery<StageMix> {
  const plan: AggregatePlan = {
    filters,
    source: options,
    groupBy: { key: 'coalesce(ifrs9_stage, CASE WHEN five_class = 1 THEN 1 WHEN five_class = 2 THEN 2 WHEN five_class >= 3 THEN 3 END)' },
    measures: { loans: 'count(*)', balance: 'coalesce(sum(balance), 0)', given: 'count(ifrs9_stage)' },
    finish: 'SELECT * FROM agg',
  };
  return aggregateQuery(plan, [], (table) => {
    const rs = rows(table);
    const staged = rs.filter((r) => r.key !== null);
    const givenLoans = staged.reduce((s, r) => s + num(r.given), 0);
    const derivedLoans = staged.reduce((s, r) => s + num(r.loans) - num(r.given), 0);
    const unstaged = rs.find((r) => r.key === null);
    const source: StageSource =
      givenLoans > 0 && derivedLoans > 0 ? 'mixed' : givenLoans > 0 ? 'given' : derivedLoans > 0 ? 'derived' : 'none';
    return {
      stages: mixEntries(rs, STAGES),
      source,
      givenLoans,
      derivedLoans,
      unstaged: { loans: num(unstaged?.loans), balance: num(unstaged?.balance) },
    };
  });
}

function mixEntries<K extends number>(rs: ReturnType<typeof rows>, keys: readonly K[]): MixEntry<K>[] {
  const keyed = rs.filter((r) => r.key !== null);
  const totalLoans = keyed.reduce((s, r) => s + num(r.loans), 0);
  const totalBalance = keyed.reduce((s, r) => s + num(r.balance), 0);
  return keys.map((key) => {
    const r = keyed.find((x) => num(x.key) === key);
    const loans = num(r?.loans);
    const balance = num(r?.balance);
    return { key, loans, balance, countShare: ratio(loans, totalLoans), balanceShare: ratio(balance, totalBalance) };
  });
}
