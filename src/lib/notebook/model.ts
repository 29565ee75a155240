/**
 * The notebook as data: what is saved, exported and shared. Results are never part of it, so a
 * notebook file or link carries queries and notes, not the loan book's data.
 */

export const NOTEBOOK_FORMAT = 1;

export type CellKind = 'sql' | 'chart' | 'text';
export const CHART_MARKS = ['barY', 'barX', 'line', 'dot', 'area', 'cell'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

export interface ChartSpec {
  mark: ChartMark;
  x: string;
  y: string;
  color?: string;
  facet?: string;
}

export interface SqlCell {
  id: string;
  kind: 'sql';
  /** Optional; a named cell's query is readable by later cells as the view `nb_<name>`. */
  name: string;
  source: string;
}

export interface ChartCell {
  id: string;
  kind: 'chart';
  /** Id of the SQL cell whose result the chart draws. */
  from: string;
  spec: ChartSpec;
}

export interface TextCell {
  id: string;
  kind: 'text';
  source: string;
}

export type Cell = SqlCell | ChartCell | TextCell;

export interface Notebook {
  format: typeof NOTEBOOK_FORMAT;
  id: string;
  title: string;
  cells: Cell[];
  /** ISO timestamps. */
  created: string;
  updated: string;
}

/** Names usable inside a SQL identifier without quoting. */
export const CELL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
export const VIEW_PREFIX = 'nb_';

export function viewName(cellName: string): string {
  return VIEW_PREFIX + cellName;
}

export function newId(prefix = 'c'): string {
  const rand = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return `${prefix}${rand.replaceAll('-', '').slice(0, 10)}`;
}

export function newNotebook(title: string, cells: Cell[] = []): Notebook {
  const now = new Date().toISOString();
  return { format: NOTEBOOK_FORMAT, id: newId('nb'), title, cells, created: now, updated: now };
}

export function sqlCell(source = '', name = ''): SqlCell {
  return { id: newId(), kind: 'sql', name, source };
}

export function textCell(source = ''): TextCell {
  return { id: newId(), kind: 'text', source };
}

export function chartCell(from: string, spec: Partial<ChartSpec> = {}): ChartCell {
  return { id: newId(), kind: 'chart', from, spec: { mark: 'barY', x: '', y: '', ...spec } };
}

/** Why a proposed cell name cannot be used, or null when it can. */
export function nameProblem(notebook: Notebook, cellId: string, name: string): 'invalid' | 'taken' | null {
  if (name === '') return null;
  if (!CELL_NAME.test(name)) return 'invalid';
  const taken = notebook.cells.some((c) => c.kind === 'sql' && c.id !== cellId && c.name === name);
  return taken ? 'taken' : null;
}

/** A free name based on `base` ("by_industry", "by_industry_2", …), made SQL-safe. */
export function freeName(notebook: Notebook, base: string): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, '_$1')
      .slice(0, 50) || 'query';
  const used = new Set(notebook.cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : [])));
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** The SQL cells that come before `cellId`, nearest first: candidates for a chart's data. */
export function sqlCellsBefore(notebook: Notebook, cellId: string): SqlCell[] {
  const index = notebook.cells.findIndex((c) => c.id === cellId);
  return notebook.cells.slice(0, index < 0 ? undefined : index).filter((c): c is SqlCell => c.kind === 'sql').reverse();
}

export function moveCell(notebook: Notebook, cellId: string, delta: -1 | 1): void {
  const i = notebook.cells.findIndex((c) => c.id === cellId);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= notebook.cells.length) return;
  const [cell] = notebook.cells.splice(i, 1);
  notebook.cells.splice(j, 0, cell);
}

/** A fresh copy with new ids (chart links follow), for starters, imports and shared links. */
export function copyNotebook(source: Notebook, title = source.title): Notebook {
  const ids = new Map(source.cells.map((c) => [c.id, newId()]));
  const cells = source.cells.map((c): Cell => {
    const id = ids.get(c.id)!;
    if (c.kind === 'chart') return { ...c, id, from: ids.get(c.from) ?? c.from, spec: { ...c.spec } };
    return { ...c, id };
  });
  return newNotebook(title, cells);
}
