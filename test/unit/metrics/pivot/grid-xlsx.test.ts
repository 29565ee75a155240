import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import type { Db } from '../../../../src/lib/db/types';
import { pivotQuery } from '../../../../src/lib/metrics/pivot/query';
import type { PivotLayout } from '../../../../src/lib/metrics/pivot/layout';
import { buildGrid, nodeId, type GridOptions } from '../../../../src/lib/pivot/grid';
import { sheetCsv, sheetModel, sheetXlsx } from '../../../../src/lib/pivot/sheet';
import { loadLoans, openNodeDb, run, type FixtureRow } from '../portfolio/fixtures';

/*
 *   loan industry region product balance default
 *   L1   C        N      a       100
 *   L2   C        S      a       200     yes
 *   L3   F        N      b       300
 *   L4   F        S      a       400     yes
 *   L5   F        S      b       500
 *   L6   G        N      b       1000
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'L1', industry: 'C', region: 'N', product: 'a', balance: 100, five_class: 1 },
  { loan_id: 'L2', industry: 'C', region: 'S', product: 'a', balance: 200, five_class: 3, default_flag: true },
  { loan_id: 'L3', industry: 'F', region: 'N', product: 'b', balance: 300, five_class: 1 },
  { loan_id: 'L4', industry: 'F', region: 'S', product: 'a', balance: 400, five_class: 4, default_flag: true },
  { loan_id: 'L5', industry: 'F', region: 'S', product: 'b', balance: 500, five_class: 1, default_flag: false },
  { loan_id: 'L6', industry: 'G', region: 'N', product: 'b', balance: 1000, five_class: 1 },
];

const LAYOUT: PivotLayout = { rows: [{ field: 'industry' }, { field: 'product' }], columns: [{ field: 'region' }], measures: ['loans', 'defaultRate'] };

const OPTIONS: GridOptions = {
  sort: 'label',
  collapsed: new Set(),
  label: (_l, v) => String(v),
  levelLabel: (l) => l.field,
  measureLabel: (m) => m,
  totalLabel: 'Total',
  subtotalLabel: (s) => `${s} total`,
};

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
});
afterAll(async () => db.close());

describe('pivot grid', () => {
  it('lays out groups, subtotals after each group and the total last, with the loans behind each value', async () => {
    const grid = buildGrid(await run(db, pivotQuery([], LAYOUT, { minCount: 2 })), OPTIONS);
    expect(grid.body.map((r) => [r.kind, r.path.join('/')])).toEqual([
      ['cell', 'C/a'], ['subtotal', 'C'], ['cell', 'F/a'], ['cell', 'F/b'], ['subtotal', 'F'], ['cell', 'G/b'], ['subtotal', 'G'], ['total', ''],
    ]);
    // Columns: N, S, Total, each with loans and default rate.
    const f = grid.body[4].cells;
    expect(f.map((c) => [c.column.join(), c.measure, c.value])).toEqual([
      ['N', 'loans', 1], ['N', 'defaultRate', 0], ['S', 'loans', 2], ['S', 'defaultRate', 0.5], ['', 'loans', 3], ['', 'defaultRate', 1 / 3],
    ]);
    expect(f.map((c) => c.weak)).toEqual([true, true, false, false, false, false]);
    expect(grid.body[7].cells.map((c) => c.value)).toEqual([3, 0, 3, 2 / 3, 6, 1 / 3]);
    // The industry label spans its products' rows, not the subtotal.
    expect(grid.body[2].headers[0]).toMatchObject({ label: 'F', rowspan: 2, col: 0 });
  });

  it('a collapsed group is one row; sorting by the first measure orders groups within their parent', async () => {
    const data = await run(db, pivotQuery([], LAYOUT, { minCount: 2 }));
    const grid = buildGrid(data, { ...OPTIONS, sort: 'desc', collapsed: new Set([nodeId('r', ['F'])]) });
    expect(grid.body.map((r) => r.path.join('/'))).toEqual(['F', 'C/a', 'C', 'G/b', 'G', '']);
    expect(grid.body[0].headers[0].toggle).toEqual({ id: 'r["F"]', collapsed: true });
  });

  it('the xlsx read back holds the screen: merged headers, every value and its number format', async () => {
    const layout: PivotLayout = { rows: [{ field: 'industry' }], columns: [{ field: 'region' }, { field: 'product' }], measures: ['loans', 'defaultRate', 'outstandingBalance'] };
    const grid = buildGrid(await run(db, pivotQuery([], layout)), OPTIONS);
    const model = sheetModel(grid, { lines: ['Pivot', 'all loans'] });
    const book = XLSX.read(sheetXlsx(XLSX, model, 'Pivot'), { type: 'array', cellNF: true });
    const ws = book.Sheets.Pivot;
    const origin = model.origin;
    // Region N spans its two products and its subtotal, each three measures wide.
    const merges = (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m)).sort();
    expect(merges).toEqual(model.merges.map((m) => XLSX.utils.encode_range(m)).sort());
    const n = grid.header.find((h) => h.label === 'N')!;
    expect(n.colspan).toBe(9);
    expect(ws[XLSX.utils.encode_cell({ r: origin + n.row, c: n.col })].v).toBe('N');
    const top = origin + grid.headerRowCount;
    let numbers = 0;
    grid.body.forEach((row, i) =>
      row.cells.forEach((c, j) => {
        const cell = ws[XLSX.utils.encode_cell({ r: top + i, c: grid.rowHeaderColumns + j })];
        if (c.value === null) expect(cell).toBeUndefined();
        else {
          expect(cell.v).toBeCloseTo(c.value, 12);
          expect(cell.z).toBe(c.measure === 'loans' ? '#,##0' : c.measure === 'defaultRate' ? '0.00%' : '#,##0.00');
          numbers++;
        }
      }),
    );
    expect(numbers).toBeGreaterThan(20);
    expect(ws[XLSX.utils.encode_cell({ r: top + grid.body.length - 1, c: 0 })].v).toBe('Total');
    const csv = sheetCsv(model).split('\r\n');
    expect(csv[0].startsWith('\uFEFFPivot,')).toBe(true);
    expect(csv[top + grid.body.length - 1].startsWith('Total,')).toBe(true);
  });
});
