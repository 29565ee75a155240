import type { Db } from '../db/types';
import { rows } from '../db/rows';
import { ident } from '../sql/quote';
import { typedColumn, typedColumns } from '../ingest/raw-table';
import type { FieldDef } from './canonical';
import { CLASS_LABELS, normaliseLabel, type ParserSpec } from './parsers';
import { VOCABULARIES, proposeRecode } from './vocabulary';

/** One distinct value of a source column and how many rows carry it. */
export interface ValueCount {
  value: string;
  count: number;
}

/** Most values a value mapping lists; a column with more is not categorical. */
export const VALUE_LIMIT = 60;

/** The distinct non-blank values of a raw column with their counts, most frequent first (at most `limit`, and whether there are more). */
export async function valueCounts(db: Db, raw: string, column: string, limit = VALUE_LIMIT): Promise<{ values: ValueCount[]; more: boolean }> {
  const c = ident(column);
  // A typed column (codes as integers, say) is grouped as itself and only its distinct values are cast to text.
  const typed = (await typedColumns(db, raw)).has(column);
  const sql = typed
    ? `SELECT CAST(v AS VARCHAR) AS v, n FROM (SELECT ${ident(typedColumn(column))} AS v, count(*)::DOUBLE AS n FROM ${ident(raw)} WHERE ${ident(typedColumn(column))} IS NOT NULL GROUP BY 1) ORDER BY 2 DESC, 1 LIMIT ${limit + 1}`
    : `SELECT ${c} AS v, count(*)::DOUBLE AS n FROM ${ident(raw)} WHERE ${c} IS NOT NULL AND trim(${c}) <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit + 1}`;
  const found = rows(await db.query(sql)).map((r) => ({ value: String(r.v), count: Number(r.n) }));
  return { values: found.slice(0, limit), more: found.length > limit };
}

/** Whether a field's values are mapped value by value (a vocabulary field, a yes/no field or the five-category class). */
export function hasValueMapping(def: FieldDef): boolean {
  return def.name in VOCABULARIES || def.type === 'boolean' || def.type === 'class';
}

/** What one source value becomes under a parser: a canonical word, 'true'/'false', a class code, or null (unreadable / empty). */
export function mappedValue(spec: ParserSpec, value: string): string | null {
  const norm = normaliseLabel(value);
  switch (spec.kind) {
    case 'text': {
      const hit = Object.entries(spec.recode ?? {}).find(([from]) => normaliseLabel(from) === norm);
      return hit ? hit[1] : value;
    }
    case 'flag':
      if (spec.trueValues.map(normaliseLabel).includes(norm)) return 'true';
      if (spec.falseValues.length === 0) return 'false';
      return spec.falseValues.map(normaliseLabel).includes(norm) ? 'false' : null;
    case 'class': {
      const labels: Record<string, number> = { ...CLASS_LABELS, ...Object.fromEntries(Object.entries(spec.labels ?? {}).map(([k, v]) => [normaliseLabel(k), v])) };
      const code = labels[norm];
      return code === undefined ? null : String(code);
    }
    default:
      return value;
  }
}

/** The parser with one value mapped to `target` (a canonical word, 'true'/'false', a class code, or '' for unreadable / as written). */
export function withValue(spec: ParserSpec, value: string, target: string): ParserSpec {
  const norm = normaliseLabel(value);
  switch (spec.kind) {
    case 'text': {
      const recode = Object.fromEntries(Object.entries(spec.recode ?? {}).filter(([from]) => normaliseLabel(from) !== norm));
      if (target !== '' && target !== value) recode[value] = target;
      return { kind: 'text', recode };
    }
    case 'flag': {
      const drop = (list: string[]) => list.filter((v) => normaliseLabel(v) !== norm);
      return {
        kind: 'flag',
        trueValues: target === 'true' ? [...drop(spec.trueValues), value] : drop(spec.trueValues),
        // An empty false list means "everything else is false": keep that meaning unless the user names a false value.
        falseValues: target === 'false' ? [...drop(spec.falseValues), value] : drop(spec.falseValues),
      };
    }
    case 'class': {
      const labels = Object.fromEntries(Object.entries(spec.labels ?? {}).filter(([k]) => normaliseLabel(k) !== norm));
      if (target !== '') labels[value] = Number(target) as 1 | 2 | 3 | 4 | 5;
      return { kind: 'class', labels };
    }
    default:
      return spec;
  }
}

/** A text field's parser with the vocabulary's recode for the column's values. */
export function recodeParser(field: string, values: readonly ValueCount[]): ParserSpec {
  const recode = proposeRecode(field, values.map((v) => v.value));
  return Object.keys(recode).length ? { kind: 'text', recode } : { kind: 'text' };
}
