import { columnName, oneOf, setParams, text, urlParam, valuesOf, wholeNumber, type UrlParam } from '../../lib/state/url-param';

/**
 * The Structure screen's URL state. Only what the user chose is written; a missing parameter means
 * the default, so a copied link restores exactly the view that was on screen.
 */
export const TABS = ['breakdown', 'concentration', 'dynamics'] as const;
export type Tab = (typeof TABS)[number];

/** Dimensions offered in the pickers (loan_facts columns); those the book does not map are hidden. */
export const DIMENSIONS = [
  'industry', 'region', 'enterprise_size', 'product', 'collateral_type', 'guarantee_type', 'term_bucket',
  'amount_bucket', 'rating', 'branch', 'officer_id', 'vintage_year',
] as const;

/** Canonical field a derived dimension comes from, to check whether the book maps it. */
export { sourceField } from '../../lib/schema/facts-columns';

/** Where a drill goes next by default: industry → branch → officer. */
export const DRILL_NEXT: Record<string, string> = { industry: 'branch', region: 'branch', branch: 'officer_id', product: 'branch' };

export type Measure = 'balance' | 'count';
export type Form = 'bar' | 'treemap' | 'table';
export type HeatMeasure = 'npl' | 'default' | 'lift';

const MEASURES = ['balance', 'count'] as const;
const FORMS = ['bar', 'treemap', 'table'] as const;
const HEAT_MEASURES = ['npl', 'default', 'lift'] as const;

/** Every parameter of the screen with its default (which is never written to the URL). */
export const params = {
  tab: urlParam<Tab>('tab', 'breakdown', oneOf(TABS)),
  dim: urlParam('dim', 'industry', columnName),
  drill: urlParam('drill', null, text),
  measure: urlParam<Measure>('by', 'balance', oneOf(MEASURES)),
  form: urlParam<Form>('form', 'bar', oneOf(FORMS)),
  heatRows: urlParam('hr', 'industry', columnName),
  heatColumns: urlParam('hc', 'region', columnName),
  heatMeasure: urlParam<HeatMeasure>('hm', 'npl', oneOf(HEAT_MEASURES)),
  topN: urlParam('n', 3, wholeNumber(1, 50)),
  lorenzUnit: urlParam<'loan' | 'borrower'>('unit', 'loan', oneOf(['loan', 'borrower'] as const)),
  vintagePeriod: urlParam<'year' | 'quarter'>('vp', 'year', oneOf(['year', 'quarter'] as const)),
  vintageWeight: urlParam<'count' | 'amount'>('vw', 'count', oneOf(['count', 'amount'] as const)),
  migrationFrom: urlParam('mf', null, text),
  migrationTo: urlParam('mt', null, text),
  migrationShow: urlParam<'counts' | 'rates'>('mv', 'counts', oneOf(['counts', 'rates'] as const)),
};
const byName = new Map<string, UrlParam<unknown>>(Object.values(params).map((p) => [p.name, p as UrlParam<unknown>]));

export const view = Object.assign(valuesOf(params), {
  /** Writes the user's choices (URL parameter → text, null to clear) in one step that Back undoes; defaults leave the URL. */
  set(changes: Record<string, string | null>): void {
    setParams(
      Object.entries(changes).map(([name, raw]) => {
        const param = byName.get(name);
        if (!param) throw new Error(`Unknown Structure parameter ${name}`);
        return param.change(param.parse(raw));
      }),
    );
  },
});
