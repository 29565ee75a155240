import { fieldStatuses, type Mapping } from '../../lib/schema/mapping';
import { OUTCOME_NEED, OUTCOME_SOURCES } from '../../lib/metrics/facts';
import { breakdownQuery } from '../../lib/metrics/portfolio/breakdown';
import { hhiQuery, borrowerConcentrationQuery } from '../../lib/metrics/portfolio/concentration';
import { migrationMatrixQuery } from '../../lib/metrics/portfolio/migration';
import { overviewFigureNeeds } from '../../lib/metrics/portfolio/overview';
import { trendQuery } from '../../lib/metrics/portfolio/trend';
import { vintageQuery } from '../../lib/metrics/portfolio/vintage';
import { loanCaseListQuery } from '../../lib/metrics/cases/list';
import { loanHistoryQuery } from '../../lib/metrics/cases/timeline';
import { processByGroupQuery } from '../../lib/metrics/process/byGroup';
import { turnaroundQuery } from '../../lib/metrics/process/turnaround';
import { defaultOutcome } from '../../lib/metrics/drivers/outcome';

/** A figure of some screen and the canonical fields it is computed from ('table:snapshots' = a snapshots file). */
export interface FigureNeed {
  screen: 'overview' | 'structure' | 'cases' | 'causes' | 'process';
  figure: string;
  fields: readonly string[];
}

/** Figures drawn from the monthly snapshots also need that table, which no field of the loans can stand for. */
const SNAPSHOTS = 'table:snapshots';
const NOTHING_MAPPED = new Set<string>();

/**
 * What the screens need, taken from the very metric queries they run (each query's `needs`), so
 * the mapping step says exactly what the screens will say: which figures an unmapped field hides.
 */
export const FIGURE_NEEDS: readonly FigureNeed[] = [
  { screen: 'overview', figure: 'loans_amount', fields: overviewFigureNeeds('averageLoanAmount') },
  { screen: 'overview', figure: 'default_rate', fields: overviewFigureNeeds('defaultRate') },
  { screen: 'overview', figure: 'balance', fields: overviewFigureNeeds('outstandingBalance') },
  { screen: 'overview', figure: 'npl_ratio', fields: overviewFigureNeeds('nplRatioBalance') },
  { screen: 'overview', figure: 'trend', fields: [...trendQuery([]).needs, SNAPSHOTS] },
  { screen: 'structure', figure: 'breakdown', fields: breakdownQuery([], { dimension: 'industry' }).needs },
  { screen: 'structure', figure: 'concentration', fields: [...new Set([...hhiQuery([], { dimension: 'industry' }).needs, ...borrowerConcentrationQuery([], { n: 10 }).needs])] },
  { screen: 'structure', figure: 'vintage', fields: vintageQuery([], { period: 'year' }).needs },
  { screen: 'structure', figure: 'migration', fields: [...migrationMatrixQuery([], { from: '', to: '' }).needs, SNAPSHOTS] },
  { screen: 'cases', figure: 'case_list', fields: loanCaseListQuery([]).needs },
  { screen: 'cases', figure: 'timeline', fields: loanHistoryQuery('').needs },
  // Drivers rank any of the book's attributes against the outcome: the outcome is all they need.
  { screen: 'causes', figure: 'drivers', fields: defaultOutcome().needs },
  { screen: 'process', figure: 'turnaround', fields: turnaroundQuery([], { mapped: NOTHING_MAPPED }).needs },
  { screen: 'process', figure: 'by_officer', fields: processByGroupQuery([], { group: 'officer_id', mapped: NOTHING_MAPPED }).needs },
];

/** The loan fields (and tables) a mapping will fill: mapped, derived or generated; the outcome when one of its sources is. */
export function availableFields(mapping: Mapping): Set<string> {
  const out = new Set<string>();
  for (const f of fieldStatuses(mapping)) if (f.table === 'loans' && f.status !== 'missing') out.add(f.field);
  if (OUTCOME_SOURCES.some((f) => out.has(f))) out.add(OUTCOME_NEED);
  for (const t of mapping.tables) out.add(`table:${t.table}`);
  return out;
}

/** Each figure with the fields it still lacks under this mapping. */
export function figureAvailability(mapping: Mapping): { need: FigureNeed; missing: string[] }[] {
  const available = availableFields(mapping);
  return FIGURE_NEEDS.map((need) => ({ need, missing: need.fields.filter((f) => !available.has(f)) }));
}
