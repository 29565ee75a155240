import { ImportError } from '../ingest/errors';
import { TABLES, type CanonicalTable } from './canonical';
import type { Mapping } from './mapping';

/** A finished mapping saved under a name, recognised again by the headers of the file it was made for. */
export interface MappingProfile {
  name: string;
  /** headerSignature() of each table's headers, in the mapping's table order. */
  signatures: string[];
  headers: string[][];
  mapping: Mapping;
  savedAt: string;
}

const FORMAT = 'loanbook-lab/mapping-profiles';

/**
 * The same for the same set of headers, whatever their order, case or surrounding spaces:
 * 'h:<count>:<FNV-1a hex>'.
 */
export function headerSignature(headers: readonly string[]): string {
  const canonical = headers.map((h) => h.trim().toLowerCase()).sort().join('\u001f');
  let hash = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) {
    hash ^= canonical.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `h:${headers.length}:${hash.toString(16).padStart(8, '0')}`;
}

export function makeProfile(name: string, mapping: Mapping, now: Date = new Date()): MappingProfile {
  const headers = mapping.tables.map((t) => [...t.rawColumns]);
  return { name, signatures: headers.map(headerSignature), headers, mapping, savedAt: now.toISOString() };
}

/**
 * The saved profile for a file with these headers (one list per table, in the order the
 * profile's tables were made): an exact signature match, else the profile sharing ≥ 90 % of
 * headers with it (Jaccard), best first; null when none fits.
 */
export function matchProfile(profiles: readonly MappingProfile[], headers: readonly (readonly string[])[]): { profile: MappingProfile; exact: boolean } | null {
  const signatures = headers.map(headerSignature);
  const exact = profiles.find((p) => p.signatures.length === signatures.length && p.signatures.every((s, i) => s === signatures[i]));
  if (exact) return { profile: exact, exact: true };
  let best: { profile: MappingProfile; score: number } | null = null;
  for (const p of profiles) {
    if (p.headers.length !== headers.length) continue;
    const score = Math.min(...p.headers.map((h, i) => jaccard(h, headers[i])));
    if (score >= 0.9 && (!best || score > best.score)) best = { profile: p, score };
  }
  return best ? { profile: best.profile, exact: false } : null;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a.map((h) => h.trim().toLowerCase()));
  const B = new Set(b.map((h) => h.trim().toLowerCase()));
  const inter = [...A].filter((x) => B.has(x)).length;
  return inter / (A.size + B.size - inter || 1);
}

/** A profile's mapping re-pointed at newly read raw tables (same headers, new `raw_<n>` names). */
export function applyProfile(profile: MappingProfile, raws: readonly { table: string; columns: readonly string[] }[]): Mapping {
  return {
    ...profile.mapping,
    version: 1,
    tables: profile.mapping.tables.map((t, i) => ({
      ...t,
      raw: raws[i]?.table ?? t.raw,
      rawColumns: raws[i] ? [...raws[i].columns] : t.rawColumns,
      fields: Object.fromEntries(Object.entries(t.fields).map(([k, v]) => [k, v && v.source !== null && raws[i] && !raws[i].columns.includes(v.source) ? { ...v, source: null } : v])),
    })),
  };
}

export function serialiseProfiles(profiles: readonly MappingProfile[]): string {
  return JSON.stringify({ format: FORMAT, version: 1, profiles }, null, 2);
}

/** Parses an exported profiles file, checking its structure; throws ImportError('invalid_profile'). */
export function parseProfiles(text: string): MappingProfile[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ImportError('invalid_profile', { reason: 'not JSON' }, e instanceof Error ? e.message : String(e));
  }
  const fail = (reason: string): never => {
    throw new ImportError('invalid_profile', { reason });
  };
  if (!isObject(data) || data.format !== FORMAT || !Array.isArray(data.profiles)) return fail('missing format marker or profiles list');
  return data.profiles.map((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string' || !Array.isArray(p.signatures) || !Array.isArray(p.headers) || !isObject(p.mapping)) {
      return fail(`profile ${i + 1} is incomplete`);
    }
    const mapping = p.mapping as unknown as Mapping;
    if (mapping.version !== 1 || !Array.isArray(mapping.tables)) return fail(`profile ${i + 1} has no mapping tables`);
    for (const t of mapping.tables) {
      if (!isObject(t) || !(t.table in TABLES) || !isObject(t.fields) || !Array.isArray(t.rawColumns)) return fail(`profile ${i + 1} has a malformed table`);
      const known = new Set(TABLES[t.table as CanonicalTable].map((f) => f.name));
      for (const [field, fm] of Object.entries(t.fields)) {
        if (!known.has(field)) return fail(`unknown field ${field}`);
        if (!isObject(fm) || !isObject(fm.parser) || typeof fm.parser.kind !== 'string') return fail(`field ${field} has no parser`);
      }
    }
    return { name: p.name, signatures: p.signatures.map(String), headers: p.headers as string[][], mapping, savedAt: String(p.savedAt ?? '') };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
