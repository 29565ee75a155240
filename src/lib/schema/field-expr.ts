import { ident } from '../sql/quote';
import { sqlType, type FieldDef } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import { parseExpr } from './parsers';

/** The parse expression of a canonical field over raw alias `r`, typed; NULL of its type when unmapped. */
export function fieldExpr(tm: TableMapping, def: FieldDef): string {
  const source = mappedSource(tm, def.name);
  const type = sqlType(def.type);
  if (!source) return `CAST(NULL AS ${type})`;
  return `CAST(${parseExpr(tm.fields[def.name]!.parser, `r.${ident(source)}`, def.type)} AS ${type})`;
}
