import { ident, joinFragments, type Fragment } from '../../sql/quote';
import { FLAG_RULES, resolveThresholds, type Thresholds } from '../flags';

/**
 * Extra model attributes computed from a `loan_facts` row: the red flags that are known at (or
 * soon after) lending, as booleans, and two durations the raw table only holds as dates.
 */
export interface ModelFeature {
  /** Column name in `model_base` and in the scoring SQL. */
  name: string;
  sql: Fragment;
  /** Canonical fields it reads. */
  needs: readonly string[];
}

/** How a saved model names a feature, so that its SQL can be rebuilt later. */
export type FeatureSpec = { name: string; rule: string; thresholds: Thresholds } | { name: string; derived: string };

/**
 * Flags that describe the loan at lending time. Left out: flags that read the outcome or what
 * happened after it (early default, classification exception, stale inspection of a live loan,
 * restructuring, an industry's current NPL ratio) — they would "predict" defaults trivially.
 */
export const MODEL_FLAG_RULES = [
  'new_to_bank',
  'missing_financials',
  'untrained_officer',
  'new_officer',
  'no_timely_inspection',
  'skipped_step',
  'disbursed_before_approval',
  'approval_exception',
  'approval_above_authority',
  'weak_collateral',
  'no_guarantee',
  'renewal',
] as const;

const DERIVED: Record<string, { sql: string; needs: string[] }> = {
  relationship_months: { sql: "date_sub('month', relationship_start_date, origination_date)", needs: ['relationship_start_date', 'origination_date'] },
  approval_days: { sql: "date_diff('day', application_date, approval_date)", needs: ['application_date', 'approval_date'] },
};

export const flagFeatureName = (ruleId: string) => `flag_${ruleId}`;

export function featureFromSpec(spec: FeatureSpec): ModelFeature {
  if ('derived' in spec) {
    const d = DERIVED[spec.derived];
    if (!d) throw new Error(`Unknown derived feature ${spec.derived}`);
    return { name: spec.name, sql: { sql: d.sql, params: [] }, needs: d.needs };
  }
  const rule = FLAG_RULES.find((r) => r.id === spec.rule);
  if (!rule) throw new Error(`Unknown flag rule ${spec.rule}`);
  const condition = rule.condition(resolveThresholds(rule, spec.thresholds));
  return { name: spec.name, sql: { sql: `coalesce((${condition.sql}), FALSE)`, params: condition.params }, needs: rule.needs };
}

/** Every model feature the book can compute, with the user's flag thresholds. */
export function availableFeatureSpecs(mapped: ReadonlySet<string>, overrides: Readonly<Record<string, Thresholds>> = {}): FeatureSpec[] {
  const flags: FeatureSpec[] = MODEL_FLAG_RULES.flatMap((id) => {
    const rule = FLAG_RULES.find((r) => r.id === id);
    if (!rule || rule.needs.some((n) => !mapped.has(n))) return [];
    return [{ name: flagFeatureName(id), rule: id, thresholds: resolveThresholds(rule, overrides[id]) }];
  });
  const derived: FeatureSpec[] = Object.entries(DERIVED)
    .filter(([, d]) => d.needs.every((n) => mapped.has(n)))
    .map(([name]) => ({ name, derived: name }));
  return [...flags, ...derived];
}

/**
 * `SELECT loan_facts.*, <extra columns>, <feature> AS name, … FROM loan_facts <join>`: the rows a
 * model reads. `columns` are further `expression AS name` items over `loan_facts` (and the join).
 */
export function featureRowsSql(specs: readonly FeatureSpec[], options: { columns?: readonly Fragment[]; join?: Fragment } = {}): Fragment {
  const features = specs.map(featureFromSpec).map((f) => ({ sql: `(${f.sql.sql}) AS ${ident(f.name)}`, params: f.sql.params }));
  const list = joinFragments([{ sql: 'loan_facts.*', params: [] }, ...(options.columns ?? []), ...features], ', ');
  const join = options.join ?? { sql: '', params: [] };
  // No alias: flag conditions may correlate on `loan_facts.<column>`.
  return { sql: `SELECT ${list.sql} FROM loan_facts ${join.sql}`, params: [...list.params, ...join.params] };
}
