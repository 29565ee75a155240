import { sqlType, TABLES, type FieldDef } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import { integerSql, parseExpr } from './parsers';
import { NO_PLAIN_SOURCES, plainDateParser, plainDateSql, plainNumberParser, plainNumberSql, rawTextSql, typedFieldSql, type PlainSources } from './plain';

/**
 * The parse expression of a canonical field over raw alias `r`, typed; NULL of its type when
 * unmapped. A typed source column whose value the parser would give back is read as it is; a text
 * column in `plain` (see plain.ts) is read by its plain cast; anything else parses the text.
 */
export function fieldExpr(tm: TableMapping, def: FieldDef, plain: PlainSources = NO_PLAIN_SOURCES): string {
  const source = mappedSource(tm, def.name);
  const type = sqlType(def.type);
  if (!source) return `CAST(NULL AS ${type})`;
  const parser = tm.fields[def.name]!.parser;
  const expr = typedFieldSql(def, parser, source, plain) ?? plainExpr(tm, def, source, plain) ?? parseExpr(parser, rawTextSql(source, plain), def.type);
  return `CAST(${expr} AS ${type})`;
}

/** True when the field's source is read by a plain cast or as a typed value: its values are never unreadable except as that read says. */
export function readsPlain(tm: TableMapping, field: string, plain: PlainSources): boolean {
  const source = mappedSource(tm, field);
  const parser = tm.fields[field]?.parser;
  if (!source || !parser) return false;
  if (plain.typed.has(source)) return ['number', 'date'].includes(parser.kind) && typedFieldSql(fieldDef(tm, field), parser, source, plain) !== null;
  return (plainNumberParser(parser) && plain.number.has(source)) || (plainDateParser(parser) && plain.date.has(source));
}

function fieldDef(tm: TableMapping, field: string): FieldDef {
  return TABLES[tm.table].find((d) => d.name === field)!;
}

function plainExpr(tm: TableMapping, def: FieldDef, source: string, plain: PlainSources): string | null {
  const parser = tm.fields[def.name]!.parser;
  const x = rawTextSql(source, plain);
  if (plainNumberParser(parser) && plain.number.has(source) && (def.type === 'double' || def.type === 'integer')) {
    const n = `(${plainNumberSql(x)} * ${Number(parser.unit) || 1})`;
    return def.type === 'integer' ? integerSql(n) : n;
  }
  if (plainDateParser(parser) && plain.date.has(source) && def.type === 'date') return plainDateSql(x);
  return null;
}
