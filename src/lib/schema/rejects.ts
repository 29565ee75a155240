import type { Db } from '../db/types';
import { rows } from '../db/rows';
import { ident } from '../sql/quote';
import { csvLines } from '../csv';
import type { TableMapping } from './mapping';

/** The rejected rows of one table as CSV: source row, reason, then every original column. */
export async function rejectsCsv(db: Db, tm: TableMapping): Promise<string> {
  const cols = tm.rawColumns.map((c, i) => `r.${ident(c)} AS __c${i}`).join(', ');
  const data = rows(
    await db.query(`SELECT j._row AS __row, j.reason AS __reason, ${cols} FROM rejects j JOIN ${ident(tm.raw)} r USING (_row) WHERE j.table_name = ? ORDER BY j._row`, [tm.table]),
  );
  const header = ['_row', 'reason', ...tm.rawColumns];
  const keys = ['__row', '__reason', ...tm.rawColumns.map((_, i) => `__c${i}`)];
  return csvLines([header, ...data.map((r) => keys.map((k) => r[k]))]);
}

