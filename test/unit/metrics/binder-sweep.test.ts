import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged, STAGE_PREFIX } from '../../../src/lib/book/activate';
import { LOAN_FIELDS, sqlType, type FieldType } from '../../../src/lib/schema/canonical';
import { ident } from '../../../src/lib/sql/quote';
import type { FilterSet } from '../../../src/lib/sql/filters';
import type { MetricQuery } from '../../../src/lib/metrics/query';
import * as portfolio from '../../../src/lib/metrics/portfolio';
import * as processMetrics from '../../../src/lib/metrics/process';
import * as cases from '../../../src/lib/metrics/cases';
import * as flags from '../../../src/lib/metrics/flags';
import * as drivers from '../../../src/lib/metrics/drivers';
import * as models from '../../../src/lib/metrics/models';
import * as ecl from '../../../src/lib/metrics/ecl';
import * as pivot from '../../../src/lib/metrics/pivot';
import * as segments from '../../../src/lib/metrics/segments';
const { pivotQuery, PIVOT_MEASURES } = pivot;

/**
 * The binder sweep: every metric query builder, with each of its options, under no filter and
 * under one filter on a column of each canonical type, is EXPLAINed against an empty book made
 * by the app's own activation (the canonical DDL, `loan_facts`, `book_presence`). EXPLAIN binds
 * every name and type without reading data, as Mosaic checks its clients' SQL; a builder that
 * emits SQL the engine cannot bind fails here, before any screen runs it.
 */

type Query = MetricQuery<unknown>;
type Variants = (filters: FilterSet) => Query[];

const ALL = new Set(LOAN_FIELDS.map((f) => f.name));
const NONE: ReadonlySet<string> = new Set();
const DATE = '2025-06-30';
const rules = () => flags.selectRules(flags.FLAG_RULES, ALL).active;
const cross = <T>(values: readonly T[], build: (v: T) => Query) => values.map(build);

/**
 * One filter on a column of each canonical type, and on the derived columns of loan_facts that
 * views filter by, with a "missing" value among them: together in one set, so that one EXPLAIN
 * binds them all (a clause that does not bind for its type fails the whole query).
 */
const FILTER_OF_EACH_TYPE: Record<FieldType | 'derived', FilterSet> = {
  // The second: a compare baseline's "rest of the book" (metrics/compare.ts), the clause negated.
  text: [{ dimension: 'industry', values: ['C', null] }, { dimension: 'branch', values: ["B'1", null], exclude: true }],
  double: [{ dimension: 'amount', values: [1000000] }],
  integer: [{ dimension: 'term_months', values: [12, 36] }],
  date: [{ dimension: 'origination_date', values: ['2024-01-31'] }],
  boolean: [{ dimension: 'default_flag', values: ['true'] }],
  class: [{ dimension: 'five_class', values: [3, null] }],
  derived: [
    { dimension: 'dpd_bucket', values: ['90+'] },
    { dimension: 'vintage_year', values: [2023] },
    { dimension: 'is_inclusive_sme', values: ['true'] },
  ],
};
const EVERY_TYPE: FilterSet = Object.values(FILTER_OF_EACH_TYPE).flat();

const EVERY_STAGE_RULE: ecl.StageRules = { ...ecl.DEFAULT_STAGE_RULES, watchList: ["L'1", 'B2'], cureMonths: 3 };
const NO_STAGE_RULE: ecl.StageRules = {
  ...ecl.DEFAULT_STAGE_RULES, useGiven: false, dpdBackstop: null, classDowngrade: null, ratingNotches: null, restructured: false, impairedDpd: null, impairedNpl: false,
};
const MARKOV: ecl.PdCurve = { kind: 'markov', basis: 'dpd', matrix: ecl.absorbingMatrix({ rates: [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => (i === j ? 0.9 : 0.025))) }).matrix };
const MARKOV_CLASS: ecl.PdCurve = { kind: 'markov', basis: 'class', matrix: [[0.99, 0.008, 0.002], [0.35, 0.55, 0.1], [0, 0, 1]] };
const HAZARD: ecl.PdCurve = { kind: 'hazard', hazards: [0.001, 0.002, 0.003] };

const attribute = (column: string, binning: drivers.Binning): drivers.Attribute => ({ column, binning });
const ATTRIBUTES: drivers.Attribute[] = [
  attribute('industry', { kind: 'categorical' }),
  attribute('interest_rate', { kind: 'quantile', bins: 5 }),
  attribute('amount', { kind: 'cuts', cuts: [500000, 1000000] }),
];
const OUTCOMES = [drivers.defaultOutcome(), drivers.nplOutcome(), drivers.compareOutcome('dpd', '>', 90)];

/** Every builder, by its exported name, with the variants of its options. */
const SWEEP: Record<string, Variants> = {
  // portfolio
  overviewQuery: (f) => [
    portfolio.overviewQuery(f),
    portfolio.overviewQuery(f, { mapped: ALL }),
    portfolio.overviewQuery(f, { mapped: NONE }),
    portfolio.overviewQuery(f, { asOf: DATE, inclusiveTolerancePoints: 2 }),
  ],
  overviewAsOfQuery: (f) => [portfolio.overviewAsOfQuery(f, DATE), portfolio.overviewAsOfQuery(f, DATE, { mapped: ALL })],
  classMixQuery: (f) => [portfolio.classMixQuery(f), portfolio.classMixQuery(f, { asOf: DATE })],
  stageMixQuery: (f) => [portfolio.stageMixQuery(f), portfolio.stageMixQuery(f, { asOf: DATE })],
  snapshotDatesQuery: () => [portfolio.snapshotDatesQuery()],
  trendQuery: (f) => [portfolio.trendQuery(f), portfolio.trendQuery(f, { inclusiveTolerancePoints: 1 })],
  breakdownQuery: (f) => [
    ...cross(portfolio.BREAKDOWN_DIMENSIONS, (dimension) => portfolio.breakdownQuery(f, { dimension })),
    portfolio.breakdownQuery(f, { dimension: 'industry', minCount: 5, asOf: DATE }),
  ],
  pivotQuery: (f) => [
    pivotQuery(f, { rows: [], columns: [], measures: [...PIVOT_MEASURES] }),
    pivotQuery(f, { rows: [{ field: 'industry' }, { field: 'five_class' }, { field: 'is_inclusive_sme' }], columns: [{ field: 'origination_date', grain: 'quarter' }], measures: [...PIVOT_MEASURES] }, { asOf: DATE, minCount: 1 }),
    pivotQuery(f, { rows: [{ field: 'snapshot_date', grain: 'year' }], columns: [{ field: 'dpd_bucket' }, { field: 'region' }], measures: ['expectedLoss', 'lift'] }, { mapped: NONE }),
  ],
  segmentSearchQuery: (f) => [
    segments.segmentSearchQuery(f, { depth: 2 }),
    segments.segmentSearchQuery(f, { attributes: ['industry', 'branch', 'has_financial_statements'], outcome: drivers.nplOutcome(), minLoans: 1 }),
    segments.segmentSearchQuery(f, { attributes: [] }),
  ],
  pivotPopulationQuery: (f) => [pivot.pivotPopulationQuery(f, { rows: [{ field: 'snapshot_date', grain: 'quarter' }], columns: [{ field: 'industry' }], measures: ['loans'] })!],
  heatmapQuery: (f) => [
    portfolio.heatmapQuery(f, { rows: 'industry', columns: 'region' }),
    portfolio.heatmapQuery(f, { rows: 'vintage_year', columns: 'five_class', minCount: 1, asOf: DATE }),
  ],
  hhiQuery: (f) => [...cross(['industry', 'region', 'borrower_id'], (dimension) => portfolio.hhiQuery(f, { dimension })), portfolio.hhiQuery(f, { dimension: 'branch', asOf: DATE })],
  borrowerGroupHhiQuery: (f) => [portfolio.borrowerGroupHhiQuery(f), portfolio.borrowerGroupHhiQuery(f, { asOf: DATE })],
  concentrationRatioQuery: (f) => [portfolio.concentrationRatioQuery(f, { dimension: 'industry', n: 3 }), portfolio.concentrationRatioQuery(f, { dimension: 'region', n: 1, asOf: DATE })],
  borrowerConcentrationQuery: (f) => [portfolio.borrowerConcentrationQuery(f, { n: 10 }), portfolio.borrowerConcentrationQuery(f, { n: 1, asOf: DATE })],
  lorenzQuery: (f) => [portfolio.lorenzQuery(f), portfolio.lorenzQuery(f, { unit: 'borrower', maxPoints: 50 }), portfolio.lorenzQuery(f, { unit: 'loan', asOf: DATE })],
  limitQuery: (f) => [
    portfolio.limitQuery(f, { kind: 'segment_share', dimension: 'industry', max: 0.3 }),
    portfolio.limitQuery(f, { kind: 'borrower_share_of_capital', netCapital: 1e9, max: 0.1 }),
    portfolio.limitQuery(f, { kind: 'inclusive_npl_tolerance', maxPoints: 3 }, { asOf: DATE }),
  ],
  vintageQuery: (f) => [
    ...cross(['year', 'quarter', 'month'] as const, (period) => portfolio.vintageQuery(f, { period })),
    portfolio.vintageQuery(f, { period: 'month', asOf: DATE, hasSnapshots: true }),
    portfolio.vintageQuery(f, { hasSnapshots: false }),
  ],
  rollRateQuery: (f) => [portfolio.rollRateQuery(f)],
  migrationMatrixQuery: (f) => [portfolio.migrationMatrixQuery(f, { from: '2024-12-31', to: DATE })],
  regulatoryMigrationQuery: (f) => [portfolio.regulatoryMigrationQuery(f, { from: '2024-12-31', to: DATE })],
  pooledMigrationQuery: (f) => [portfolio.pooledMigrationQuery(f)],
  cohortTransitionQuery: () => [
    portfolio.cohortTransitionQuery({ relation: { sql: ident('snapshots'), params: [] }, entity: 'loan_id', time: 'snapshot_date', state: 'five_class' }),
    portfolio.cohortTransitionQuery({ relation: { sql: '(SELECT * FROM snapshots WHERE dpd > ?)', params: [0] }, entity: 'loan_id', time: 'snapshot_date', state: 'five_class', states: [1, 2, 3, 4, 5] }),
  ],
  dpdClassTableQuery: (f) => [portfolio.dpdClassTableQuery(f), portfolio.dpdClassTableQuery(f, { asOf: DATE })],
  classificationExceptionsQuery: (f) => [
    portfolio.classificationExceptionsQuery(f),
    ...cross(['branch', 'officer_id', 'industry'], (by) => portfolio.classificationExceptionsQuery(f, { by })),
    portfolio.classificationExceptionsQuery(f, { asOf: DATE }),
  ],
  // process
  processMeasuresQuery: (f) => [
    processMetrics.processMeasuresQuery(f, { mapped: ALL }),
    processMetrics.processMeasuresQuery(f, { mapped: NONE }),
    ...cross(OUTCOMES, (outcome) => processMetrics.processMeasuresQuery(f, { mapped: ALL, inspectionDays: 60, outcome })),
  ],
  processByGroupQuery: (f) => [
    ...cross(processMetrics.PROCESS_GROUPS, (group) => processMetrics.processByGroupQuery(f, { mapped: ALL, group })),
    processMetrics.processByGroupQuery(f, { mapped: new Set(['branch']), group: 'branch', serviceLevelDays: 10, outcome: drivers.nplOutcome() }),
  ],
  turnaroundQuery: (f) => [
    processMetrics.turnaroundQuery(f, { mapped: ALL }),
    processMetrics.turnaroundQuery(f, { mapped: NONE }),
    processMetrics.turnaroundQuery(f, { mapped: ALL, serviceLevels: { application_to_disbursement: 5 } }),
  ],
  // cases
  loanCaseListQuery: (f) => [
    ...cross(cases.CASE_STATUSES, (status) => cases.loanCaseListQuery(rules(), { filters: f, status })),
    ...cross(cases.CASE_SORTS, (sort) => cases.loanCaseListQuery(rules(), { filters: f, sort, descending: sort === 'id' })),
    cases.loanCaseListQuery([], { filters: f, search: "O'Brien%_", mode: 'loans' }),
  ],
  borrowerCaseListQuery: (f) => [
    ...cross(cases.CASE_STATUSES, (status) => cases.borrowerCaseListQuery(rules(), { filters: f, status })),
    ...cross(cases.CASE_SORTS, (sort) => cases.borrowerCaseListQuery(rules(), { filters: f, sort })),
    cases.borrowerCaseListQuery([], { filters: f, search: 'x', mode: 'borrowers', descending: true }),
  ],
  loanRecordQuery: () => [cases.loanRecordQuery('L1')],
  borrowerFileQuery: () => [cases.borrowerFileQuery('B1')],
  loanHistoryQuery: () => [cases.loanHistoryQuery('L1')],
  peersQuery: () => [cases.peersQuery('L1')],
  // flags
  flagMatrixQuery: (f) => [flags.flagMatrixQuery(rules(), { filters: f }), ...cross(OUTCOMES, (outcome) => flags.flagMatrixQuery(rules(), { filters: f, outcome }))],
  flagStatsQuery: (f) => [flags.flagStatsQuery(rules(), { filters: f }), ...cross(OUTCOMES, (outcome) => flags.flagStatsQuery(rules(), { filters: f, outcome }))],
  flagParetoQuery: (f) => [flags.flagParetoQuery(rules(), { filters: f }), flags.flagParetoQuery(rules(), { filters: f, outcome: drivers.nplOutcome() })],
  caseFileQuery: () => [flags.caseFileQuery(rules(), 'L1')],
  // drivers
  woeQuery: (filters) => ATTRIBUTES.flatMap((a) => cross(OUTCOMES, (outcome) => drivers.woeQuery(a, { filters, outcome, zeroCell: { kind: 'skip' } }))),
  ivRankingQuery: (filters) => [drivers.ivRankingQuery(ATTRIBUTES, { filters }), drivers.ivRankingQuery(ATTRIBUTES, { filters, outcome: drivers.nplOutcome() })],
  discriminationQuery: (filters) => [
    drivers.discriminationQuery('interest_rate', { filters }),
    drivers.discriminationQuery({ sql: 'dpd * ?', params: [2] }, { filters, outcome: drivers.nplOutcome(), higherIsRiskier: false }),
  ],
  psiQuery: (filters) =>
    ATTRIBUTES.map((a) =>
      drivers.psiQuery(a, {
        filters,
        baseline: { sql: 'origination_date < CAST(? AS DATE)', params: ['2024-01-01'] },
        comparison: { sql: 'origination_date >= CAST(? AS DATE)', params: ['2024-01-01'] },
      }),
    ),
  tableColumnsQuery: () => [drivers.tableColumnsQuery('loan_facts')],
  candidateProfileQuery: () => [
    drivers.candidateProfileQuery(factsColumns, ALL, { table: 'loan_facts', bins: 5 }),
    drivers.candidateProfileQuery(factsColumns, NONE, { table: 'loan_facts', bins: 10, exclude: ['amount'] }),
  ],
  scoreRankingQuery: (filters) => [
    drivers.scoreRankingQuery(['interest_rate', 'dpd', 'amount'], { filters }),
    drivers.scoreRankingQuery(['interest_rate'], { filters, outcome: drivers.nplOutcome(), higherIsRiskier: false }),
  ],
  // models that need no developed model
  splitColumnsQuery: () => [models.splitColumnsQuery(factsColumns), models.splitColumnsQuery(factsColumns, 'loan_facts')],
  stressQuery: (f) =>
    (['loan', 'segment'] as const).flatMap((pdSource) =>
      cross(['industry', 'region'] as const, (segment) =>
        models.stressQuery({ pdSource, lgd: 0.45, segment }, { id: 's', name: 's', pdShocks: [{ dimension: 'industry', value: 'C', multiplier: 2 }], lgdAddOn: 0.1, collateralHaircut: 0.2 }, f),
      ),
    ),
  realisedLgdQuery: (f) => [models.realisedLgdQuery(f)],
  vintageCountsQuery: (f) => [models.vintageCountsQuery(f)],
  characteristicStabilityQuery: (filters) => [
    models.characteristicStabilityQuery(ATTRIBUTES, { filters, baseline: 2021 }),
    models.characteristicStabilityQuery([], { filters, baseline: 2021 }),
  ],
  dimensionValuesQuery: () => models.STRESS_DIMENSIONS.filter((d) => d !== 'band').map((d) => models.dimensionValuesQuery(d)),
  // ecl
  stateTransitionQuery: (f) => [ecl.stateTransitionQuery(f, 'dpd'), ecl.stateTransitionQuery(f, 'class')],
  vintageHazardQuery: (f) => [ecl.vintageHazardQuery(f)],
  stagingQuery: (f) => [
    ecl.stagingQuery(f, { rules: ecl.DEFAULT_STAGE_RULES }),
    ecl.stagingQuery(f, { rules: EVERY_STAGE_RULE, asOf: DATE }),
    ecl.stagingQuery(f, { rules: NO_STAGE_RULE }),
  ],
  stageTransferQuery: (f) => [ecl.stageTransferQuery(f, { rules: EVERY_STAGE_RULE, from: '2024-12-31', to: DATE })],
  eclQuery: (f) => [
    ecl.eclQuery(f, { rules: ecl.DEFAULT_STAGE_RULES, curve: MARKOV }),
    ecl.eclQuery(f, { rules: EVERY_STAGE_RULE, curve: MARKOV_CLASS, by: 'industry', asOf: DATE, lgd: 0.4 }),
    ecl.eclQuery(f, { rules: NO_STAGE_RULE, curve: HAZARD, by: 'vintage_year' }),
  ],
  eclMovementQuery: (f) => [ecl.eclMovementQuery(f, { rules: EVERY_STAGE_RULE, curve: MARKOV, from: '2024-12-31', to: DATE })],
  eclLoansQuery: (f) => [ecl.eclLoansQuery(f, { rules: EVERY_STAGE_RULE, curve: MARKOV, limit: 10 }), ecl.eclLoansQuery(f, { rules: ecl.DEFAULT_STAGE_RULES, curve: HAZARD, asOf: DATE })],
};

/**
 * Builders that read the tables of a developed scorecard (model_base, model_scores, model_facts)
 * or take a fitted model: the models tests run them on a developed sample model.
 */
const NEEDS_A_DEVELOPED_MODEL = new Set([
  'bandCutsQuery',
  'sampleDiscriminationQuery',
  'calibrationQuery',
  'bandSummaryQuery',
  'bandVintageQuery',
  'warningListQuery',
]);

function builderNames(): string[] {
  return [portfolio, processMetrics, cases, flags, drivers, models, ecl, pivot, segments].flatMap((m) =>
    Object.entries(m)
      .filter(([name, value]) => typeof value === 'function' && /Query$/.test(name))
      .map(([name]) => name),
  );
}

let db: Db;
/** The columns of loan_facts, as the candidate and split pickers are handed them. */
let factsColumns: drivers.ColumnInfo[] = [];
beforeAll(async () => {
  db = await openNodeDb();
  // An empty book as the import leaves it: the staged canonical table, then the app's activation.
  const columns = LOAN_FIELDS.map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ');
  await db.exec(`CREATE TABLE ${ident(`${STAGE_PREFIX}loans`)} (${columns})`);
  await activateStaged(db);
  factsColumns = drivers.tableColumnsQuery('loan_facts').shape(await db.query(drivers.tableColumnsQuery('loan_facts').sql, ['loan_facts']));
  expect(factsColumns.length).toBeGreaterThan(LOAN_FIELDS.length);
});
afterAll(async () => db.close());

async function bindError(q: Query): Promise<string | null> {
  try {
    await db.query(`EXPLAIN ${q.sql}`, q.params);
    return null;
  } catch (e) {
    return `${(e as Error).message}\n--- SQL ---\n${q.sql}\n--- params --- ${JSON.stringify(q.params)}`;
  }
}

describe('binder sweep', () => {
  it('knows every metric query builder', () => {
    const names = builderNames();
    const unknown = names.filter((n) => !(n in SWEEP) && !NEEDS_A_DEVELOPED_MODEL.has(n));
    expect(unknown, 'add new builders to SWEEP').toEqual([]);
    const stale = [...Object.keys(SWEEP), ...NEEDS_A_DEVELOPED_MODEL].filter((n) => !names.includes(n));
    expect(stale, 'builders that no longer exist').toEqual([]);
  });

  it('covers one filter on a column of each canonical type', () => {
    const types = new Set(LOAN_FIELDS.map((f) => f.type));
    expect(Object.keys(FILTER_OF_EACH_TYPE).filter((t) => t !== 'derived').sort()).toEqual([...types].sort());
    for (const [type, filter] of Object.entries(FILTER_OF_EACH_TYPE)) {
      for (const clause of filter) if (type !== 'derived') expect(LOAN_FIELDS.find((f) => f.name === clause.dimension)?.type).toBe(type);
    }
  });

  it.each([
    ['no filter', [] as FilterSet],
    ['one filter on a column of each type', EVERY_TYPE],
  ])('every builder and option binds with %s', async (_label, filters) => {
    const failures: string[] = [];
    let checked = 0;
    for (const [name, variants] of Object.entries(SWEEP)) {
      for (const [i, q] of variants(filters).entries()) {
        checked++;
        const error = await bindError(q);
        if (error) failures.push(`${name} #${i}: ${error}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
