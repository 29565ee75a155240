import { DataType, type Field, type Table, type Vector } from 'apache-arrow';
import type { Db, SqlParam } from './types';

/** A result row as plain JS values: numbers, strings, booleans, ISO date strings or null. */
export type Row = Record<string, Value>;
export type Value = number | string | boolean | null;

/** Arrow table → plain rows. BIGINTs become numbers, DATEs 'YYYY-MM-DD', TIMESTAMPs ISO strings. */
export function rows(table: Table): Row[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, read: reader(f, table.getChild(f.name)!) }));
  const out: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const c of columns) row[c.name] = c.read(i);
    out[i] = row;
  }
  return out;
}

/** One column as an array of plain values. */
export function column(table: Table, name: string): Value[] {
  const field = table.schema.fields.find((f) => f.name === name);
  if (!field) throw new Error(`No column ${name} in result`);
  const read = reader(field, table.getChild(name)!);
  return Array.from({ length: table.numRows }, (_, i) => read(i));
}

/** The first column of the first row, or null for an empty result. */
export async function scalar(db: Db, sql: string, params: readonly SqlParam[] = []): Promise<Value> {
  const t = await db.query(sql, params);
  if (t.numRows === 0 || t.numCols === 0) return null;
  return column(t, t.schema.fields[0].name)[0];
}

function reader(field: Field, vector: Vector): (i: number) => Value {
  const type = field.type;
  if (DataType.isDate(type)) return (i) => isoDate(vector.get(i));
  if (DataType.isTimestamp(type)) return (i) => isoTimestamp(vector.get(i));
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) {
    return (i) => {
      const v = vector.get(i);
      return v === null || v === undefined ? null : Number(v);
    };
  }
  if (DataType.isBool(type)) return (i) => (vector.get(i) ?? null) as boolean | null;
  return (i) => {
    const v = vector.get(i);
    if (v === null || v === undefined) return null;
    return typeof v === 'bigint' ? Number(v) : typeof v === 'object' ? JSON.stringify(v) : (v as string | number);
  };
}

function isoDate(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const ms = v instanceof Date ? v.getTime() : Number(v);
  return new Date(ms).toISOString().slice(0, 10);
}

function isoTimestamp(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const ms = v instanceof Date ? v.getTime() : Number(v);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
