import type { Message, NumberKind, Part, Vars } from './types';

/** Builders that keep the findings code readable. */
export const n = (kind: NumberKind, value: number | null | undefined): Part => ({ kind, value: value ?? null });
export const text = (value: string): Part => ({ kind: 'text', value });
export const msg = (key: string, vars: Vars = {}): Message => ({ key, vars });
export const nested = (key: string, vars: Vars = {}): Part => ({ kind: 'message', key, vars });

/** A value of a dimension as the report names it: industries by their section name, the rest as they are. */
export function segmentPart(dimension: string, value: unknown): Part {
  if (value === null || value === undefined) return nested('value.missing');
  if (dimension === 'industry' && /^[A-T]$/.test(String(value))) return nested('report.industry', { name: nested(`industry.${String(value)}`), code: text(String(value)) });
  return text(String(value));
}

export const dimensionPart = (dimension: string): Part => nested(`dim.${dimension}`);
