import type { Row } from '../db/rows';

export interface DesignMatrix {
  names: string[];
  x: Float64Array[];
  y: Float64Array;
  /** Rows left out because a covariate or the outcome was missing or not a number. */
  dropped: number;
}

/**
 * A design matrix from plain rows (e.g. `rows()` of a query): an optional intercept column of
 * ones, then `columns` in order, and the 0/1 outcome. Complete cases only.
 */
export function designMatrix(data: readonly Row[], columns: readonly string[], outcome: string, options: { intercept?: boolean } = {}): DesignMatrix {
  const intercept = options.intercept ?? true;
  const x: Float64Array[] = [];
  const y: number[] = [];
  let dropped = 0;
  for (const r of data) {
    const values = columns.map((c) => toNumber(r[c]));
    const outcomeValue = toNumber(r[outcome]);
    if (values.some((v) => v === null) || (outcomeValue !== 0 && outcomeValue !== 1)) {
      dropped++;
      continue;
    }
    x.push(Float64Array.from(intercept ? [1, ...(values as number[])] : (values as number[])));
    y.push(outcomeValue);
  }
  return { names: [...(intercept ? ['(intercept)'] : []), ...columns], x, y: Float64Array.from(y), dropped };
}

function toNumber(v: Row[string]): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}
