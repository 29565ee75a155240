import type { FilterClause, FilterSet } from '../sql/filters';

/**
 * The filter set in the URL, readable by a person: `industry:F|K;branch:杭州城西支行`.
 * Parts are percent-encoded so that values may contain the separators; `~` stands for missing.
 */
export function encodeFilters(filters: FilterSet): string {
  return filters
    .filter((c) => c.values.length > 0)
    .map((c) => `${enc(c.dimension)}:${c.values.map((v) => (v === null ? '~' : enc(String(v)))).join('|')}`)
    .join(';');
}

export function decodeFilters(text: string | null): FilterClause[] {
  if (!text) return [];
  const out: FilterClause[] = [];
  for (const part of text.split(';')) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    const values = part
      .slice(i + 1)
      .split('|')
      .filter((v) => v !== '')
      .map((v) => (v === '~' ? null : dec(v)));
    if (values.length) out.push({ dimension: dec(part.slice(0, i)), values });
  }
  return out;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[|;:~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
