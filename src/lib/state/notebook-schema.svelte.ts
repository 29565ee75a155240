import { rows } from '../db/rows';
import { book } from './book.svelte';
import { db } from './engine';
import type { SqlSchema } from '../notebook/codemirror';

/** Tables and columns for editor completion, read from duckdb_columns() whenever the book changes. */
class SchemaCatalog {
  tables = $state.raw<SqlSchema>({});
  private loadedFor = -1;

  async refresh(force = false): Promise<void> {
    if (!force && this.loadedFor === book.version) return;
    this.loadedFor = book.version;
    try {
      const result = await db.query(
        `SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' AND table_name NOT LIKE 'stage\\_%' ESCAPE '\\' ORDER BY table_name, column_index`,
      );
      const schema: SqlSchema = {};
      for (const r of rows(result)) (schema[String(r.table_name)] ??= []).push(String(r.column_name));
      this.tables = schema;
    } catch {
      // Completion is a help, not a need: without it the editor still works.
    }
  }
}

export const schemaCatalog = new SchemaCatalog();
