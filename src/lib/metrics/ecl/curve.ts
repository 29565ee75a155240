import type { TransitionMatrix } from '../portfolio/transition';

/**
 * Lifetime PD term structures, pure arithmetic. Two sources (issue 21):
 * - `markov`: a monthly transition matrix between risk states, the last state being default, made
 *   absorbing; cumulative PD to month t from state s = (Pᵗ)[s, default], marginal PD of month t =
 *   cumulative(t) − cumulative(t − 1).
 * - `hazard`: monthly default hazards by month on book (vintage hazards, for books without
 *   snapshots); a loan at month on book a survives to a + t − 1 and then defaults with h(a + t).
 */
export type PdCurve =
  | { kind: 'markov'; basis: StateBasis; matrix: number[][] }
  | { kind: 'hazard'; hazards: number[] };

/** Risk states of the Markov chain: DPD buckets or five-category classes, default last. */
export type StateBasis = 'dpd' | 'class';
export const STATES: Record<StateBasis, readonly string[]> = {
  dpd: ['current', '1–30', '31–60', '61–90', 'default'],
  class: ['normal', 'special_mention', 'default'],
};

/** Longest horizon the engine projects (months): 30 years. */
export const MAX_MONTHS = 360;

/**
 * The monthly matrix to chain, from the cohort estimator's rates: the default row absorbing; a
 * state never left in the data keeps its loans (identity row), named in `unobserved`.
 */
export function absorbingMatrix(m: Pick<TransitionMatrix, 'rates'>): { matrix: number[][]; unobserved: number[] } {
  const n = m.rates.length;
  const unobserved: number[] = [];
  const matrix = m.rates.map((row, i) => {
    if (i === n - 1) return row.map((_, j) => (j === i ? 1 : 0));
    if (row.every((p) => p === null)) {
      unobserved.push(i);
      return row.map((_, j) => (j === i ? 1 : 0));
    }
    return row.map((p) => p ?? 0);
  });
  return { matrix, unobserved };
}

/** cumulative[s][t − 1] = PD of default by month t from state s, for t = 1 … months. */
export function cumulativePd(matrix: readonly (readonly number[])[], months: number): number[][] {
  const n = matrix.length;
  const d = n - 1;
  const out = matrix.map(() => [] as number[]);
  let power = matrix.map((row) => [...row]);
  for (let t = 1; t <= months; t++) {
    for (let s = 0; s < n; s++) out[s].push(power[s][d]);
    power = power.map((row) => matrix[0].map((_, j) => row.reduce((acc, p, k) => acc + p * matrix[k][j], 0)));
  }
  return out;
}

/** marginal[s][t − 1] = cumulative(t) − cumulative(t − 1). */
export function marginalPd(matrix: readonly (readonly number[])[], months: number): number[][] {
  return cumulativePd(matrix, months).map((c) => c.map((p, i) => p - (i === 0 ? 0 : c[i - 1])));
}

/**
 * Survival S(m) = Π_{k ≤ m} (1 − h(k)) for m = 0 … length + months, hazards beyond the observed
 * months taken as the mean observed hazard (a flat tail), each row with its own hazard h(m).
 */
export function hazardTable(hazards: readonly number[], months: number): { m: number; h: number; survival: number }[] {
  const tail = hazards.length ? hazards.reduce((a, b) => a + b, 0) / hazards.length : 0;
  const out = [{ m: 0, h: 0, survival: 1 }];
  for (let m = 1; m <= hazards.length + months; m++) {
    const h = Math.min(1, Math.max(0, m <= hazards.length ? hazards[m - 1] : tail));
    out.push({ m, h, survival: out[m - 1].survival * (1 - h) });
  }
  return out;
}

/** A float exactly as JS holds it, for SQL text (shortest round-trip form). */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`Not a finite number: ${x}`);
  return `CAST(${String(x)} AS DOUBLE)`;
}

/**
 * `curve AS (…)`: the marginal PD of month t for each loan's row of `inputs` keyed the way the
 * curve is — (state, t) for a Markov curve, (month on book, t) for hazards — as SQL VALUES.
 */
export function curveCte(curve: PdCurve, months: number): string {
  if (curve.kind === 'markov') {
    const marginal = marginalPd(curve.matrix, months);
    const values = marginal.flatMap((row, s) => row.map((p, i) => `(${s}, ${i + 1}, ${sqlNumber(p)})`));
    return `curve(state, t, mpd) AS (VALUES ${values.join(', ')})`;
  }
  const table = hazardTable(curve.hazards, months);
  return `hz(m, h, survival) AS (VALUES ${table.map((r) => `(${r.m}, ${sqlNumber(r.h)}, ${sqlNumber(r.survival)})`).join(', ')})`;
}
