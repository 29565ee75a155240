import { ident } from '../sql/quote';
import { sqlType, type FieldDef } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import { integerSql, parseExpr } from './parsers';
import { NO_PLAIN_SOURCES, plainDateParser, plainDateSql, plainNumberParser, plainNumberSql, type PlainSources } from './plain';

/**
 * The parse expression of a canonical field over raw alias `r`, typed; NULL of its type when
 * unmapped. A source column in `plain` (see plain.ts) is read by its plain cast.
 */
export function fieldExpr(tm: TableMapping, def: FieldDef, plain: PlainSources = NO_PLAIN_SOURCES): string {
  const source = mappedSource(tm, def.name);
  const type = sqlType(def.type);
  if (!source) return `CAST(NULL AS ${type})`;
  return `CAST(${plainExpr(tm, def, source, plain) ?? parseExpr(tm.fields[def.name]!.parser, `r.${ident(source)}`, def.type)} AS ${type})`;
}

/** True when the field's source is read by a plain cast: its values are never unreadable except as the cast says. */
export function readsPlain(tm: TableMapping, field: string, plain: PlainSources): boolean {
  const source = mappedSource(tm, field);
  const parser = tm.fields[field]?.parser;
  if (!source || !parser) return false;
  return (plainNumberParser(parser) && plain.number.has(source)) || (plainDateParser(parser) && plain.date.has(source));
}

function plainExpr(tm: TableMapping, def: FieldDef, source: string, plain: PlainSources): string | null {
  const parser = tm.fields[def.name]!.parser;
  const x = `r.${ident(source)}`;
  if (plainNumberParser(parser) && plain.number.has(source) && (def.type === 'double' || def.type === 'integer')) {
    const n = `(${plainNumberSql(x)} * ${Number(parser.unit) || 1})`;
    return def.type === 'integer' ? integerSql(n) : n;
  }
  if (plainDateParser(parser) && plain.date.has(source) && def.type === 'date') return plainDateSql(x);
  return null;
}
