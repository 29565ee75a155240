import type { Value } from '../db/rows';
import type { PivotCell, PivotData } from '../metrics/pivot/query';
import type { PivotLevel, PivotMeasure } from '../metrics/pivot/layout';

/**
 * The pivot as a grid, the one model the screen draws and the xlsx / CSV exports write: header
 * cells with their spans (merged headers), body rows (cells, subtotals after each expanded group,
 * the total last), each value with the loans behind it. Pure: labels come from the caller.
 */
export type SortOrder = 'label' | 'desc' | 'asc';

export interface GridOptions {
  sort: SortOrder;
  /** Ids (`nodeId`) of the collapsed groups. */
  collapsed: ReadonlySet<string>;
  label: (level: PivotLevel, value: Value) => string;
  levelLabel: (level: PivotLevel) => string;
  measureLabel: (m: PivotMeasure) => string;
  totalLabel: string;
  subtotalLabel: (label: string) => string;
  /** The UI language: labels sort by its collation (Chinese by pinyin), not by character code. Default 'en'. */
  locale?: string;
}

interface Node {
  path: Value[];
  label: string;
  total: PivotCell | undefined;
  children: Node[];
}

export interface HeaderCell {
  label: string;
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  /** A group that can collapse or expand (`nodeId`), and whether it is collapsed now. */
  toggle?: { id: string; collapsed: boolean };
  kind: 'corner' | 'level' | 'subtotal' | 'total' | 'measure';
}

export interface GridCell {
  row: Value[];
  column: Value[];
  measure: PivotMeasure;
  value: number | null;
  loans: number;
  weak: boolean;
  kind: 'cell' | 'subtotal' | 'total';
}

export interface BodyRow {
  kind: 'cell' | 'subtotal' | 'total';
  path: Value[];
  /** Row-header cells that start on this row (row and col relative to the body). */
  headers: HeaderCell[];
  cells: GridCell[];
}

export interface Grid {
  /** Columns taken by the row headers (at least one, for the total's label). */
  rowHeaderColumns: number;
  headerRowCount: number;
  header: HeaderCell[];
  body: BodyRow[];
  measures: PivotMeasure[];
}

/** A group's id: axis and the values of its path. */
export function nodeId(axis: 'r' | 'c', path: readonly Value[]): string {
  return `${axis}${JSON.stringify(path)}`;
}

/** The key a cell carries on screen (`data-row`, `data-col`): its path's values as JSON. */
export function pathKey(path: readonly Value[]): string {
  return JSON.stringify(path);
}

const cellKey = (row: readonly Value[], column: readonly Value[]) => JSON.stringify([row, column]);

/** The collator of a UI language: Chinese by pinyin (ICU's `zh` default, named to be sure), else English. */
export function labelCollator(locale = 'en'): Intl.Collator {
  return new Intl.Collator(locale.startsWith('zh') ? 'zh-CN-u-co-pinyin' : 'en');
}

/** Numbers by value, text by the label the reader sees in the language's collation, missing last. */
function compareNodes(a: Node, b: Node, depth: number, collator: Intl.Collator): number {
  const x = a.path[depth];
  const y = b.path[depth];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return collator.compare(a.label, b.label) || collator.compare(String(x), String(y));
}

function tree(cells: PivotCell[], axis: 'row' | 'column', levels: readonly PivotLevel[], o: GridOptions, sortBy: PivotMeasure): Node[] {
  const other = axis === 'row' ? 'column' : 'row';
  const collator = labelCollator(o.locale);
  const totals = cells.filter((c) => c[other].length === 0 && c[axis].length > 0);
  const build = (prefix: Value[]): Node[] => {
    const depth = prefix.length;
    const here = totals.filter((c) => c[axis].length === depth + 1 && prefix.every((v, i) => c[axis][i] === v));
    const nodes = here.map((c) => ({
      path: c[axis],
      label: o.label(levels[depth], c[axis][depth]),
      total: c,
      children: depth + 1 < levels.length ? build(c[axis]) : [],
    }));
    const byValue = (n: Node) => n.total?.values[sortBy] ?? null;
    nodes.sort((a, b) => {
      if (o.sort !== 'label') {
        const va = byValue(a);
        const vb = byValue(b);
        if (va !== vb) {
          if (va === null) return 1;
          if (vb === null) return -1;
          return o.sort === 'desc' ? vb - va : va - vb;
        }
      }
      return compareNodes(a, b, depth, collator);
    });
    return nodes;
  };
  return build([]);
}

const expanded = (n: Node, axis: 'r' | 'c', o: GridOptions) => n.children.length > 0 && !o.collapsed.has(nodeId(axis, n.path));

interface VisibleColumn {
  path: Value[];
  kind: GridCell['kind'];
}

export function buildGrid(data: PivotData, o: GridOptions): Grid {
  const { rows: rowLevels, columns: colLevels, measures } = data.layout;
  const sortBy = measures[0];
  const index = new Map(data.cells.map((c) => [cellKey(c.row, c.column), c]));
  const rowTree = tree(data.cells, 'row', rowLevels, o, sortBy);
  const colTree = tree(data.cells, 'column', colLevels, o, sortBy);
  const M = measures.length;
  const R = Math.max(rowLevels.length, 1);
  const C = colLevels.length;
  const header: HeaderCell[] = [];
  const columns: VisibleColumn[] = [];

  const placeColumns = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      const start = R + columns.length * M;
      if (expanded(n, 'c', o)) {
        const cell: HeaderCell = { label: n.label, row: depth, col: start, rowspan: 1, colspan: 0, kind: 'level', toggle: { id: nodeId('c', n.path), collapsed: false } };
        header.push(cell);
        placeColumns(n.children, depth + 1);
        header.push({ label: o.subtotalLabel(n.label), row: depth + 1, col: R + columns.length * M, rowspan: C - depth - 1, colspan: M, kind: 'subtotal' });
        columns.push({ path: n.path, kind: 'subtotal' });
        cell.colspan = R + columns.length * M - start;
      } else {
        const toggle = n.children.length ? { id: nodeId('c', n.path), collapsed: true } : undefined;
        header.push({ label: n.label, row: depth, col: start, rowspan: C - depth, colspan: M, kind: 'level', toggle });
        columns.push({ path: n.path, kind: n.children.length ? 'subtotal' : 'cell' });
      }
    }
  };
  placeColumns(colTree, 0);
  if (C > 0) {
    header.push({ label: o.totalLabel, row: 0, col: R + columns.length * M, rowspan: C, colspan: M, kind: 'total' });
    header.push({ label: '', row: 0, col: 0, rowspan: C, colspan: R, kind: 'corner' });
  }
  columns.push({ path: [], kind: 'total' });
  // The last header row: the row levels' names over the row headers, the measure over each column.
  for (let i = 0; i < R; i++) header.push({ label: rowLevels[i] ? o.levelLabel(rowLevels[i]) : '', row: C, col: i, rowspan: 1, colspan: 1, kind: 'corner' });
  columns.forEach((col, j) => measures.forEach((m, k) => header.push({ label: o.measureLabel(m), row: C, col: R + j * M + k, rowspan: 1, colspan: 1, kind: 'measure' })));

  const cellsOf = (path: Value[], rowKind: GridCell['kind']): GridCell[] =>
    columns.flatMap((col) => {
      const c = index.get(cellKey(path, col.path));
      const kind: GridCell['kind'] = rowKind === 'total' || col.kind === 'total' ? 'total' : rowKind === 'subtotal' || col.kind === 'subtotal' ? 'subtotal' : 'cell';
      return measures.map((m) => ({
        row: path, column: col.path, measure: m, kind,
        value: c?.values[m] ?? null,
        loans: c?.loans ?? 0,
        weak: (c?.loans ?? 0) < data.minCount,
      }));
    });

  const body: BodyRow[] = [];
  const placeRows = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      if (expanded(n, 'r', o)) {
        const first = body.length;
        placeRows(n.children, depth + 1);
        body[first].headers.unshift({ label: n.label, row: first, col: depth, rowspan: body.length - first, colspan: 1, kind: 'level', toggle: { id: nodeId('r', n.path), collapsed: false } });
        body.push({ kind: 'subtotal', path: n.path, headers: [{ label: o.subtotalLabel(n.label), row: body.length, col: depth, rowspan: 1, colspan: R - depth, kind: 'subtotal' }], cells: cellsOf(n.path, 'subtotal') });
      } else {
        const toggle = n.children.length ? { id: nodeId('r', n.path), collapsed: true } : undefined;
        const kind = n.children.length ? 'subtotal' : 'cell';
        body.push({ kind, path: n.path, headers: [{ label: n.label, row: body.length, col: depth, rowspan: 1, colspan: R - depth, kind: 'level', toggle }], cells: cellsOf(n.path, kind) });
      }
    }
  };
  placeRows(rowTree, 0);
  body.push({ kind: 'total', path: [], headers: [{ label: o.totalLabel, row: body.length, col: 0, rowspan: 1, colspan: R, kind: 'total' }], cells: cellsOf([], 'total') });

  return { rowHeaderColumns: R, headerRowCount: C + 1, header, body, measures };
}

/** Header cells of one header row, in column order (for drawing `<tr>`s). */
export function headerRow(grid: Grid, row: number): HeaderCell[] {
  return grid.header.filter((h) => h.row === row).sort((a, b) => a.col - b.col);
}
