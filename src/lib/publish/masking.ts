import { TABLES, type CanonicalTable, type FieldDef } from '../schema/canonical';
import { ident, literal } from '../sql/quote';

/**
 * A masked dashboard's loan rows: identifiers replaced by keyed pseudonyms, names and free text
 * dropped, and (optionally) the dates of a loan's life coarsened to their month. Which column is
 * which comes from the canonical schema's privacy roles (schema/canonical.ts), never from a list
 * here. The pseudonym is HMAC-SHA-256 written in SQL over DuckDB's sha256, so the browser
 * (DuckDB-WASM) and the command line (native DuckDB) compute it with the same statement.
 */
export interface MaskOptions {
  /** The publisher's secret: 16 to 64 bytes of UTF-8. The same key gives the same pseudonyms. */
  key: string;
  /** Dates of a loan's life (origination, default, inspection…) to the first of their month. */
  coarsenDates: boolean;
}

/** What masking did to one table's columns. */
export interface MaskedTable {
  /** The SELECT list over the table's columns. */
  select: string;
  pseudonymised: string[];
  dropped: string[];
  coarsened: string[];
}

export class MaskKeyError extends Error {}

const BLOCK = 64;
export const MIN_KEY_BYTES = 16;

/** A fresh key (64 hex digits from the platform's secure random source), shown to the publisher once. */
export function newMaskKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key's bytes, or the reason it cannot be used. */
export function maskKeyBytes(key: string): Uint8Array {
  const bytes = new TextEncoder().encode(key);
  if (bytes.length < MIN_KEY_BYTES) throw new MaskKeyError(`The masking key must be at least ${MIN_KEY_BYTES} bytes long.`);
  if (bytes.length > BLOCK) throw new MaskKeyError(`The masking key must be at most ${BLOCK} bytes long.`);
  return bytes;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** HMAC-SHA-256(key, message) as 64 hex digits, in SQL (RFC 2104: H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m))). */
export function hmacSql(key: Uint8Array, message: string): string {
  const padded = new Uint8Array(BLOCK);
  padded.set(key);
  const inner = literal(hex(padded.map((b) => b ^ 0x36)));
  const outer = literal(hex(padded.map((b) => b ^ 0x5c)));
  return `sha256(unhex(${outer}) || unhex(sha256(unhex(${inner}) || encode(${message}))))`;
}

const PREFIX: Record<string, string> = { loan_key: 'L-', borrower_key: 'B-' };

/**
 * The pseudonym of a key column: a role prefix and the first 16 hex digits (64 bits) of the HMAC of
 * `column:value`, so equal ids in one column (a loan's snapshots and its loan row) stay equal and
 * the same value in two columns does not. NULL stays NULL.
 */
export function pseudonymSql(field: FieldDef, key: Uint8Array, expr = ident(field.name)): string {
  const prefix = PREFIX[field.privacy ?? ''] ?? `${field.name.slice(0, 1).toUpperCase()}-`;
  const mac = hmacSql(key, `${literal(`${field.name}:`)} || CAST(${expr} AS VARCHAR)`);
  return `${literal(prefix)} || substr(${mac}, 1, 16)`;
}

/** A date of the loan's life, as opposed to a reporting date (the book's or a snapshot's date, group `status`). */
function isLifeDate(field: FieldDef): boolean {
  return field.type === 'date' && field.group !== 'status';
}

/**
 * The masked SELECT list of `columns` (in that order) of a canonical table. A column the schema does
 * not know is dropped: nothing says what it holds.
 */
export function maskedTable(table: CanonicalTable, columns: readonly string[], options: MaskOptions): MaskedTable {
  const key = maskKeyBytes(options.key);
  const fields = new Map(TABLES[table].map((f) => [f.name, f]));
  const out: MaskedTable = { select: '', pseudonymised: [], dropped: [], coarsened: [] };
  const select: string[] = [];
  for (const name of columns) {
    const field = fields.get(name);
    if (!field || field.privacy === 'name' || field.privacy === 'free_text') {
      out.dropped.push(name);
    } else if (field.privacy) {
      out.pseudonymised.push(name);
      select.push(`${pseudonymSql(field, key)} AS ${ident(name)}`);
    } else if (options.coarsenDates && isLifeDate(field)) {
      out.coarsened.push(name);
      select.push(`CAST(date_trunc('month', ${ident(name)}) AS DATE) AS ${ident(name)}`);
    } else {
      select.push(ident(name));
    }
  }
  out.select = select.join(', ');
  return out;
}
