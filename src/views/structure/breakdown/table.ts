import { amountColumn, countColumn } from '../../../lib/charts/columns';
import type { ChartTable } from '../../../lib/charts/types';
import { i18n } from '../../../lib/i18n/index.svelte';
import type { exposureWords, SegmentDatum } from './segments';

const pct = (digits: number) => (v: unknown) => i18n.percent(v as number | null, digits);
const dec = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '–');

/** The numbers behind a breakdown chart, for its table view and CSV export. */
export function segmentTable(data: readonly SegmentDatum[], words: ReturnType<typeof exposureWords>): ChartTable {
  return {
    columns: [
      { key: 'label', label: i18n.t('structure.col.segment') },
      countColumn('loans', i18n.t('structure.col.loans')),
      { key: 'countShare', label: i18n.t('structure.col.countShare'), numeric: true, format: pct(1) },
      amountColumn('exposure', words.column),
      { key: 'exposureShare', label: words.share, numeric: true, format: pct(1) },
      { key: 'nplRatio', label: i18n.t('structure.col.npl'), numeric: true, format: pct(2) },
      { key: 'defaultRate', label: i18n.t('structure.col.default'), numeric: true, format: pct(2) },
      { key: 'lift', label: i18n.t('structure.col.lift'), numeric: true, format: dec },
    ],
    rows: data.map((d) => ({ ...d })),
  };
}
