import { fieldStatuses, type Mapping } from '../../lib/schema/mapping';

/** A figure of some screen and the canonical fields it is computed from ('table:snapshots' = a snapshots file). */
export interface FigureNeed {
  screen: 'overview' | 'structure' | 'cases' | 'causes' | 'process';
  figure: string;
  fields: string[];
}

/** What the screens need, so the mapping can say which figures an unmapped field makes unavailable. */
export const FIGURE_NEEDS: readonly FigureNeed[] = [
  { screen: 'overview', figure: 'loans_amount', fields: ['amount'] },
  { screen: 'overview', figure: 'default_rate', fields: ['default_flag'] },
  { screen: 'overview', figure: 'balance', fields: ['balance'] },
  { screen: 'overview', figure: 'npl_ratio', fields: ['five_class', 'balance'] },
  { screen: 'overview', figure: 'trend', fields: ['table:snapshots'] },
  { screen: 'structure', figure: 'breakdown', fields: ['industry', 'region', 'product'] },
  { screen: 'structure', figure: 'concentration', fields: ['borrower_id', 'balance'] },
  { screen: 'structure', figure: 'vintage', fields: ['origination_date', 'default_flag'] },
  { screen: 'structure', figure: 'migration', fields: ['table:snapshots'] },
  { screen: 'cases', figure: 'case_list', fields: ['loan_id', 'borrower_id'] },
  { screen: 'cases', figure: 'timeline', fields: ['application_date', 'approval_date', 'disbursement_date'] },
  { screen: 'causes', figure: 'drivers', fields: ['default_flag'] },
  { screen: 'causes', figure: 'red_flags', fields: ['is_renewal', 'approval_exception', 'collateral_type'] },
  { screen: 'process', figure: 'turnaround', fields: ['application_date', 'approval_date', 'disbursement_date'] },
  { screen: 'process', figure: 'by_officer', fields: ['branch', 'officer_id'] },
  { screen: 'process', figure: 'inspections', fields: ['disbursement_date', 'first_inspection_date'] },
];

/** The loan fields (and tables) a mapping will fill: mapped, derived or generated. */
export function availableFields(mapping: Mapping): Set<string> {
  const out = new Set<string>();
  for (const f of fieldStatuses(mapping)) if (f.table === 'loans' && f.status !== 'missing') out.add(f.field);
  for (const t of mapping.tables) out.add(`table:${t.table}`);
  return out;
}

/** Each figure with the fields it still lacks under this mapping. */
export function figureAvailability(mapping: Mapping): { need: FigureNeed; missing: string[] }[] {
  const available = availableFields(mapping);
  return FIGURE_NEEDS.map((need) => ({ need, missing: need.fields.filter((f) => !available.has(f)) }));
}
