import { OUTCOME_NEED } from '../facts';
import type { Row } from '../../db/rows';
import { ident } from '../../sql/quote';

/**
 * What a figure needs: a canonical field, or a group of alternative fields any one of which will do
 * (e.g. a default is known from `default_flag` or from `default_date`).
 */
export type Requirement = string | { readonly anyOf: readonly string[] };

/**
 * A headline number that may be unavailable. `value` is null either because a needed field is
 * missing (then `missing` lists what to map, an any-of group by its first field) or because the
 * denominator is zero (then `missing` is empty).
 */
export interface Figure {
  value: number | null;
  missing: string[];
}

/** Every field named by the requirements, once. */
export function fieldsOf(requirements: readonly Requirement[]): string[] {
  const out = new Set<string>();
  for (const r of requirements) for (const f of typeof r === 'string' ? [r] : r.anyOf) out.add(f);
  return [...out];
}

/** Column alias of the presence flag of a field. */
function presenceAlias(field: string): string {
  return ident(`has__${field}`);
}

/**
 * A one-row relation telling whether each field carries any value in the whole book (so a filter
 * that happens to select only empty cells does not make a mapped field look unmapped). Read from
 * `book_presence`, built once when the book opens (facts.ts).
 */
export function presenceSql(fields: readonly string[]): string {
  return `SELECT ${fields.map(presenceAlias).join(', ')} FROM book_presence`;
}

/**
 * The requirements not met. A field is present when the book has at least one non-null value in it
 * (unmapped canonical columns are all NULL) and, if the caller passes the mapped set, it is mapped.
 */
export function unmet(requirements: readonly Requirement[], presence: Row, mapped?: ReadonlySet<string>): string[] {
  const has = (f: string) => presence[`has__${f}`] === true && (mapped === undefined || mapped.has(f));
  const out: string[] = [];
  for (const r of requirements) {
    if (typeof r === 'string') {
      if (!has(r)) out.push(r);
    } else if (!r.anyOf.some(has)) out.push(r.anyOf[0]);
  }
  return out;
}

/** A figure from its computed value and its requirements. */
export function figure(value: number | null, requirements: readonly Requirement[], presence: Row, mapped?: ReadonlySet<string>): Figure {
  const missing = unmet(requirements, presence, mapped);
  return { value: missing.length ? null : value, missing };
}

/** The outcome (loan_facts.is_defaulted): known when any field it can be decided from is there (facts.ts). */
export const DEFAULT_OUTCOME: Requirement = OUTCOME_NEED;
