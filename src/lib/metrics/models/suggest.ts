import type { Db } from '../../db/types';
import { woeValueSql } from '../../models/scorecard';
import { joinFragments } from '../../sql/quote';
import type { WoeTable } from '../drivers/woe';
import { MODEL_BASE } from './base';

/** Pearson correlation of two equally long columns (0 when either is constant). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export interface Suggestion {
  picked: string[];
  /** Left out because their WoE values move with a stronger attribute: column → that attribute. */
  redundant: Record<string, string>;
}

/**
 * Attributes for a first model: strongest IV first, at least `minIv`, skipping any whose WoE
 * values correlate more than `maxCorrelation` with one already picked (collinear pairs such as a
 * flag and the column it reads, or rating and its PD), up to `max`.
 */
export async function suggestAttributes(
  db: Db,
  tables: readonly WoeTable[],
  options: { max?: number; minIv?: number; maxCorrelation?: number } = {},
): Promise<Suggestion> {
  const max = options.max ?? 8;
  const minIv = options.minIv ?? 0.02;
  const maxCorrelation = options.maxCorrelation ?? 0.7;
  const strong = [...tables].sort((a, b) => b.iv - a.iv).filter((t) => t.iv >= minIv).slice(0, max * 3);
  if (!strong.length) return { picked: [], redundant: {} };
  const select = joinFragments(
    strong.map((t, j) => {
      const f = woeValueSql(t);
      return { sql: `${f.sql} AS w${j}`, params: f.params };
    }),
    ', ',
  );
  const data = await db.query(`SELECT ${select.sql} FROM ${MODEL_BASE} WHERE _sample = 'dev' AND _y IS NOT NULL`, select.params);
  const columns = strong.map((_, j) => data.getChild(`w${j}`)!.toArray() as Float64Array);
  const picked: number[] = [];
  const redundant: Record<string, string> = {};
  strong.forEach((t, j) => {
    if (picked.length >= max) return;
    const twin = picked.find((k) => Math.abs(correlation(columns[j], columns[k])) > maxCorrelation);
    if (twin === undefined) picked.push(j);
    else redundant[t.attribute] = strong[twin].attribute;
  });
  return { picked: picked.map((j) => strong[j].attribute), redundant };
}
