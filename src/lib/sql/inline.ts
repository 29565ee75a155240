import type { SqlParam } from '../db/types';
import { literal, type Fragment } from './quote';

/**
 * A query with its bound parameters written into the text as typed literals, so it runs on its
 * own (the notebook takes SQL text only). Placeholders are the `?` outside string literals,
 * quoted identifiers and comments; there must be exactly one parameter per placeholder.
 */
export function inlineParams(q: Fragment): string {
  const { sql, params } = q;
  let out = '';
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const end = skipQuotedOrComment(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '?') {
      if (next >= params.length) throw new Error(`inlineParams: more placeholders than the ${params.length} parameters`);
      out += sqlLiteral(params[next++]);
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (next !== params.length) throw new Error(`inlineParams: ${params.length} parameters for ${next} placeholders`);
  return out;
}

/** End of the string literal, quoted identifier or comment starting at `i`; `i` itself when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return i;
}

/** A parameter as a DuckDB literal of the type it would have been bound with. */
export function sqlLiteral(v: SqlParam): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return "CAST('NaN' AS DOUBLE)";
    if (!Number.isFinite(v)) return `CAST('${v > 0 ? 'Infinity' : '-Infinity'}' AS DOUBLE)`;
    // A decimal point would make DuckDB read a DECIMAL; a bound JS number is a DOUBLE.
    return Number.isInteger(v) ? String(v) : `CAST(${String(v)} AS DOUBLE)`;
  }
  if (v instanceof Date) return `TIMESTAMP ${literal(v.toISOString().replace('T', ' ').replace('Z', ''))}`;
  return literal(v);
}
