import { VIEW_PREFIX, viewName, type Notebook, type SqlCell } from './model';

/**
 * How cells see each other: a named SQL cell `by_industry` is the view `nb_by_industry`.
 * Views, not tables: the app opens a connection per query (so TEMP objects vanish), views cost
 * nothing to create, and a view always reflects the cell's current text, so a later cell can be
 * run after a reload without re-running the cells it reads.
 */

/** The SQL with comments and string literals blanked out, so names inside them are not references. */
export function stripSqlNoise(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)|'(?:[^']|'')*('|$)/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** The SQL without trailing semicolons and blank space. */
export function trimStatement(sql: string): string {
  let s = sql.trimEnd();
  while (s.endsWith(';') && stripSqlNoise(s).trimEnd().endsWith(';')) s = s.slice(0, -1).trimEnd();
  return s;
}

/** One statement that yields rows and can be wrapped in a view or a subquery. */
export function isQueryLike(sql: string): boolean {
  const code = stripSqlNoise(trimStatement(sql)).trim();
  if (code.includes(';')) return false;
  return /^(select|with|from|values|table|pivot|unpivot|\()/i.test(code);
}

/** Names of the notebook's cells that `sql` reads through `nb_<name>`. */
export function referencedNames(sql: string, names: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`\\b${VIEW_PREFIX}([a-z_][a-z0-9_]*)\\b`, 'gi');
  for (const m of stripSqlNoise(sql).matchAll(pattern)) {
    const name = m[1].toLowerCase();
    if (names.has(name)) found.add(name);
  }
  return [...found];
}

export class ReferenceCycleError extends Error {
  constructor(readonly path: string[]) {
    super(`Cells read each other in a circle: ${path.map(viewName).join(' → ')}`);
    this.name = 'ReferenceCycleError';
  }
}

/**
 * The named cells whose views must exist before `cell` runs, dependencies first. Throws
 * ReferenceCycleError when the cells read each other in a circle.
 */
export function dependencyOrder(notebook: Notebook, cell: SqlCell): SqlCell[] {
  const byName = new Map<string, SqlCell>();
  for (const c of notebook.cells) if (c.kind === 'sql' && c.name) byName.set(c.name, c);
  const names = new Set(byName.keys());
  const order: SqlCell[] = [];
  const done = new Set<string>();
  const visit = (c: SqlCell, path: string[]) => {
    for (const name of referencedNames(c.source, names)) {
      if (name === c.name || path.includes(name)) throw new ReferenceCycleError([...path, c.name, name].filter(Boolean));
      if (done.has(name)) continue;
      const dep = byName.get(name)!;
      visit(dep, c.name ? [...path, c.name] : path);
      done.add(name);
      order.push(dep);
    }
  };
  visit(cell, []);
  return order;
}
