import type { Db } from '../db/types';
import { column, rows } from '../db/rows';
import { describeBook, availableFields } from '../book/activate';
import { planSignature } from '../coordinator/preaggregate';
import { BREAKDOWN_DIMENSIONS, breakdownQuery } from '../metrics/portfolio/breakdown';
import { sourceField } from '../schema/facts-columns';
import { decodeFilters } from '../state/filter-codec';
import { ident } from '../sql/quote';
import { cubeCellsSql, dimensionSets, setName } from './aggregate';
import type { AggregatePlan } from '../metrics/plan';
import { overviewQuery } from '../metrics/portfolio/overview';
import { classMixQuery, stageMixQuery } from '../metrics/portfolio/mix';
import { trendQuery } from '../metrics/portfolio/trend';
import { viewFilters, type FilterSet } from '../sql/filters';
import type { PublishableScreen } from './dashboard-config.mjs';
import { DATA_DIR, type DashboardConfig, type PrivacyNote, type PublishedAggregate, type PublishedCube } from './dashboard-config.mjs';

/** A dimension with more values than this is not offered for filtering: its cells would be small and many. */
export const MAX_DIMENSION_VALUES = 60;

/** Where the book-level facts go: book_presence and book_outcome, one row each, with their types. */
export const FACTS_FILE = `${DATA_DIR}/facts.json`;

export interface FactsFile {
  tables: Record<'book_presence' | 'book_outcome', { name: string; type: string; value: unknown }[]>;
}

/**
 * The plans a screen's metrics run, with filters only on the dimensions given (their values do not
 * matter: a plan's signature leaves the filters out). Builders are called as the screens call them.
 */
export function screenPlans(screens: readonly PublishableScreen[], options: { snapshots: boolean; breakdowns: readonly string[] }): AggregatePlan[] {
  const none: FilterSet = [];
  const plans: AggregatePlan[] = [];
  if (screens.includes('overview')) {
    plans.push(overviewQuery(none).plan, classMixQuery(viewFilters(none, 'five_class').set).plan, stageMixQuery(none).plan);
    if (options.snapshots) plans.push(trendQuery(none).plan);
  }
  if (screens.includes('structure')) for (const dimension of options.breakdowns) plans.push(breakdownQuery(none, { dimension }).plan);
  const seen = new Set<string>();
  return plans.filter((p) => !seen.has(planSignature(p)) && !!seen.add(planSignature(p)));
}

/** Writes the result of `sql` (a SELECT) as a Parquet file at `path` (relative to the dashboard); resolves to its size. */
export type WriteParquet = (path: string, sql: string) => Promise<number>;

/** Filterable dimensions of the open book: the breakdown dimensions it maps, with few enough values. */
async function filterDimensions(db: Db, mapped: ReadonlySet<string>, published: readonly string[]): Promise<string[]> {
  const candidates = [...new Set([...BREAKDOWN_DIMENSIONS, ...published])].filter((d) => mapped.has(sourceField(d)));
  if (!candidates.length) return [];
  const counts = (await db.query(`SELECT ${candidates.map((d) => `count(DISTINCT ${ident(d)}) AS ${ident(d)}`).join(', ')} FROM loan_facts`)).get(0)!.toJSON();
  return candidates.filter((d) => published.includes(d) || Number(counts[d]) <= MAX_DIMENSION_VALUES);
}

/**
 * The cubes of an aggregate dashboard of the open book (loan_facts): one Parquet file per plan of
 * the chosen screens, cells under `minCell` loans suppressed (aggregate.ts), and the book-level
 * facts its figures read. Runs on either engine; `write` puts the files.
 */
export async function buildAggregateBook(
  db: Db,
  config: DashboardConfig,
  minCell: number,
  write: WriteParquet,
  writeText: (path: string, text: string) => Promise<void>,
): Promise<{ aggregate: PublishedAggregate; privacy: PrivacyNote }> {
  const shape = await describeBook(db);
  const mapped = availableFields(shape);
  const published = [...new Set(decodeFilters(config.filters).map((c) => c.dimension))];
  const dimensions = await filterDimensions(db, mapped, published);
  const sets = dimensionSets(dimensions, published);
  const plans = screenPlans(config.screens, { snapshots: shape.snapshots > 0, breakdowns: dimensions });
  const cubes: PublishedCube[] = [];
  let cells = 0;
  let suppressedCells = 0;
  for (const [i, plan] of plans.entries()) {
    const cube = cubeCellsSql(plan, sets, minCell);
    if (cube.params.length) throw new Error('A cube over a dated population cannot be published');
    const path = `${DATA_DIR}/cube-${i}.parquet`;
    const bytes = await write(path, cube.sql);
    const counts = (await db.query(`SELECT count(*) AS cells, count(*) FILTER (WHERE suppressed) AS suppressed FROM (${cube.sql})`)).get(0)!.toJSON();
    cells += Number(counts.cells);
    suppressedCells += Number(counts.suppressed);
    cubes.push({ signature: planSignature(plan), dimensions, sets: sets.map(setName), path, rows: Number(counts.cells), bytes });
  }
  const facts: FactsFile = { tables: { book_presence: await oneRow(db, 'book_presence'), book_outcome: await oneRow(db, 'book_outcome') } };
  await writeText(FACTS_FILE, JSON.stringify(facts));
  return {
    aggregate: { minCell, dimensions, cubes, facts: { path: FACTS_FILE }, shape },
    privacy: { pseudonymised: [], dropped: [], coarsened: [], minCell, cells, suppressedCells },
  };
}

async function oneRow(db: Db, table: string): Promise<FactsFile['tables']['book_presence']> {
  const types = await db.query(`SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`);
  const names = column(types, 'column_name').map(String);
  const kinds = column(types, 'column_type').map(String);
  const row = rows(await db.query(`SELECT * FROM ${ident(table)}`))[0] ?? {};
  return names.map((name, i) => ({ name, type: kinds[i], value: typeof row[name] === 'bigint' ? Number(row[name]) : (row[name] ?? null) }));
}
