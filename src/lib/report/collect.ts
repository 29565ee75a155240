import type { BookShape } from '../book/activate';
import { OUTCOME_NEED, type ExposureBasis, type OutcomeBasis } from '../metrics/facts';
import type { FilterSet } from '../sql/filters';
import { missingFields, type MetricQuery } from '../metrics/query';
import { flagParetoQuery, flagStatsQuery, type FlagPareto, type FlagStats, type RuleSelection } from '../metrics/flags';
import {
  borrowerConcentrationQuery,
  breakdownQuery,
  classificationExceptionsQuery,
  classMixQuery,
  dpdClassTableQuery,
  hhiQuery,
  limitQuery,
  overviewQuery,
  stageMixQuery,
  vintageQuery,
  type Breakdown,
  type ClassificationExceptions,
  type ClassMix,
  type ConcentrationRatio,
  type DpdClassTable,
  type Hhi,
  type Limit,
  type LimitCheck,
  type Overview,
  type StageMix,
  type Vintage,
} from '../metrics/portfolio';
import { loanCaseListQuery, type LoanCaseRow } from '../metrics/cases/list';
import { liveFlagCountsQuery, representativeCasesQuery, type LiveFlagCount, type RepresentativeCase } from './queries';
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from './settings';

/** Runs one metric query: `runMetric` against a Db in Node, the query cache in the browser. */
export type Runner = <T>(q: MetricQuery<T>) => Promise<T>;

/** What the report is built from besides the data: filters, mapped fields, rules, limits, settings. */
export interface ReportContext {
  filters: FilterSet;
  mapped: ReadonlySet<string>;
  rules: RuleSelection;
  /** Limits to check; a limit the user set that cannot be checked yet is named in `uncheckedLimits`. */
  limits: readonly Limit[];
  uncheckedLimits?: readonly { kind: string; missing: string[] }[];
  hasSnapshots: boolean;
  /** What "default" and shares mean on this book (metrics/facts.ts `book_outcome`), stated in the report. */
  definitions: BookDefinitions;
  settings?: Partial<ReportSettings>;
}

export interface BookDefinitions {
  outcome: OutcomeBasis | null;
  exposure: ExposureBasis;
  /** The book's currency; null: the reader's language decides. */
  currency: string | null;
}

/** The definitions of a book as its shape knows them (no book yet: balance, no outcome). */
export function bookDefinitions(shape: Pick<BookShape, 'outcome' | 'settings'> | null | undefined): BookDefinitions {
  return { outcome: shape?.outcome.basis ?? null, exposure: shape?.outcome.exposureBasis ?? 'balance', currency: shape?.settings.currency ?? null };
}

export interface LimitResult {
  limit: Limit;
  /** Null when the book lacks `missing`. */
  check: LimitCheck | null;
  missing: string[];
  /** For a segment limit: the breakdown of its dimension. */
  segments: Breakdown | null;
  /** For a breached segment limit: each breaching segment's balance by branch, in `check.breaching` order. */
  within: (Breakdown | null)[];
  /** For a breached segment limit: each breaching segment's defaulted loans with the largest loss. */
  cases: LoanCaseRow[][];
}

/** The metric results the report is assembled from; null where the book lacks the fields. */
export interface ReportInputs {
  overview: Overview;
  classMix: ClassMix | null;
  stageMix: StageMix;
  vintage: Vintage | null;
  industries: Breakdown | null;
  hhi: Hhi | null;
  borrowers: ConcentrationRatio | null;
  limits: LimitResult[];
  dpdClass: DpdClassTable | null;
  exceptionsByBranch: ClassificationExceptions | null;
  flagStats: FlagStats | null;
  pareto: FlagPareto | null;
  liveFlags: LiveFlagCount[];
  cases: RepresentativeCase[];
}

export function reportSettings(ctx: ReportContext): ReportSettings {
  return { ...DEFAULT_REPORT_SETTINGS, ...ctx.settings };
}

/** The query when the book maps what it needs, else null. */
function ifMapped<T>(q: MetricQuery<T>, mapped: ReadonlySet<string>, extra: readonly string[] = []): MetricQuery<T> | null {
  return missingFields([...q.needs, ...extra], mapped).length ? null : q;
}

/** Runs every metric the report needs (independent queries in parallel). */
export async function collectReportInputs(run: Runner, ctx: ReportContext): Promise<ReportInputs> {
  const s = reportSettings(ctx);
  const { filters, mapped } = ctx;
  const active = ctx.rules.active;
  const hasOutcome = mapped.has(OUTCOME_NEED);
  const maybe = <T>(q: MetricQuery<T> | null): Promise<T | null> => (q ? run(q) : Promise.resolve(null));

  const limitRuns = ctx.limits.map(async (limit) => {
    const q = limitQuery(filters, limit);
    const missing = missingFields(q.needs, mapped);
    if (missing.length) return { limit, check: null, missing, segments: null, within: [], cases: [] };
    const check = await run(q);
    const segments = limit.kind === 'segment_share' ? await run(breakdownQuery(filters, { dimension: limit.dimension, minCount: s.minLoans })) : null;
    // Where a breaching segment's balance sits, by branch: concentration inside the concentration.
    const byBranch = limit.kind === 'segment_share' && limit.dimension !== 'branch' && mapped.has('branch');
    const within = await Promise.all(
      check.breaching.map((b) =>
        byBranch
          ? run(breakdownQuery([...filters, { dimension: (limit as { dimension: string }).dimension, values: [b.key === null ? null : String(b.key)] }], { dimension: 'branch', minCount: s.minLoans }))
          : Promise.resolve(null),
      ),
    );
    const dimension = limit.kind === 'segment_share' ? limit.dimension : null;
    const cases = await Promise.all(
      check.breaching.map((b) =>
        dimension && hasOutcome && mapped.has('loan_id')
          ? run(loanCaseListQuery(active, { filters: [...filters, { dimension, values: [b.key === null ? null : String(b.key)] }], status: 'defaulted', sort: 'loss' })).then((l) => l.rows.slice(0, s.casesPerProblem))
          : Promise.resolve([]),
      ),
    );
    return { limit, check, missing, segments, within, cases };
  });

  const [overview, classMix, stageMix, vintage, industries, hhi, borrowers, dpdClass, exceptionsByBranch, flagStats, pareto, liveFlags, cases, limits] =
    await Promise.all([
      run(overviewQuery(filters, { mapped })),
      maybe(ifMapped(classMixQuery(filters), mapped)),
      run(stageMixQuery(filters)),
      maybe(mapped.has('origination_date') ? vintageQuery(filters, { period: 'year', hasSnapshots: ctx.hasSnapshots }) : null),
      maybe(ifMapped(breakdownQuery(filters, { dimension: 'industry', minCount: s.minLoans }), mapped, ['balance'])),
      maybe(ifMapped(hhiQuery(filters, { dimension: 'industry' }), mapped)),
      maybe(ifMapped(borrowerConcentrationQuery(filters, { n: s.topBorrowers }), mapped)),
      maybe(ifMapped(dpdClassTableQuery(filters), mapped)),
      maybe(ifMapped(classificationExceptionsQuery(filters, { by: 'branch' }), mapped)),
      maybe(active.length && hasOutcome ? flagStatsQuery(active, { filters }) : null),
      maybe(active.length && hasOutcome ? flagParetoQuery(active, { filters }) : null),
      active.length ? run(liveFlagCountsQuery(active, filters)) : Promise.resolve([]),
      active.length && hasOutcome && mapped.has('loan_id') ? run(representativeCasesQuery(active, filters, s.casesPerProblem)) : Promise.resolve([]),
      Promise.all(limitRuns),
    ]);
  return {
    overview,
    classMix,
    stageMix,
    vintage,
    industries,
    hhi,
    borrowers,
    limits,
    dpdClass,
    exceptionsByBranch,
    flagStats,
    pareto,
    liveFlags,
    cases,
  };
}
