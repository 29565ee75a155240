import type { SegmentCell } from './select';

/** Loans sharing one value of every attribute searched, with their count and bad loans (one row of the search's query). */
export interface AttributeProfile {
  values: readonly (string | null)[];
  loans: number;
  defaults: number;
}

/** Above this many cells for one combination of attributes the counts go to a Map instead of arrays. */
const DENSE_LIMIT = 1 << 20;

/** Loans and bad loans by cell number: dense arrays, or a Map when the cells are too many for arrays. */
type Tally = { n: Float64Array; k: Float64Array } | Map<number, [number, number]>;

/** Loans and bad loans by cell number (`keys[r]` for profile r). */
function tally(keys: Float64Array, size: number, loans: Float64Array, defaults: Float64Array): Tally {
  if (size <= DENSE_LIMIT) {
    const n = new Float64Array(size);
    const k = new Float64Array(size);
    for (let r = 0; r < keys.length; r++) {
      const c = keys[r] | 0;
      n[c] += loans[r];
      k[c] += defaults[r];
    }
    return { n, k };
  }
  const cells = new Map<number, [number, number]>();
  for (let r = 0; r < keys.length; r++) {
    const c = cells.get(keys[r]);
    if (c) {
      c[0] += loans[r];
      c[1] += defaults[r];
    } else cells.set(keys[r], [loans[r], defaults[r]]);
  }
  return cells;
}

/**
 * The counts of every cell the segment finder tests, from the book grouped by all the attributes
 * at once (one row per distinct combination of values: one scan, one GROUP BY): the population,
 * each attribute alone (the parents of pairs; all of them), and each pair and triple of values with
 * at least `minLoans` loans. Each attribute's values are numbered, and a cell of a pair or triple
 * is its values' numbers in mixed radix, so each combination of attributes is one pass over the
 * profiles adding into an array.
 */
export function countCells(profiles: readonly AttributeProfile[], attributes: readonly string[], depth: 2 | 3, minLoans: number): SegmentCell[] {
  const A = attributes.length;
  const dictionaries = attributes.map(() => new Map<string | null, number>());
  const codes = attributes.map(() => new Int32Array(profiles.length));
  const loans = new Float64Array(profiles.length);
  const defaults = new Float64Array(profiles.length);
  profiles.forEach((p, r) => {
    loans[r] = p.loans;
    defaults[r] = p.defaults;
    for (let a = 0; a < A; a++) {
      const dict = dictionaries[a];
      const v = p.values[a];
      let code = dict.get(v);
      if (code === undefined) dict.set(v, (code = dict.size));
      codes[a][r] = code;
    }
  });
  const valuesOf = dictionaries.map((d) => [...d.keys()]);
  const radix = dictionaries.map((d) => Math.max(1, d.size));
  const out: SegmentCell[] = [];
  let N = 0;
  let K = 0;
  for (let r = 0; r < profiles.length; r++) {
    N += loans[r];
    K += defaults[r];
  }
  out.push({ attributes: [], values: [], loans: N, defaults: K });

  const emit = (members: number[], cells: Tally, keepAll: boolean) => {
    if (cells instanceof Map) for (const [cell, [n, k]] of cells) emitCell(members, cell, n, k, keepAll);
    else for (let cell = 0; cell < cells.n.length; cell++) if (cells.n[cell] > 0) emitCell(members, cell, cells.n[cell], cells.k[cell], keepAll);
  };
  const emitCell = (members: number[], cell: number, n: number, k: number, keepAll: boolean) => {
    if (!keepAll && n < minLoans) return;
    const values: (string | null)[] = [];
    let rest = cell;
    for (let m = members.length - 1; m >= 0; m--) {
      const a = members[m];
      values[m] = valuesOf[a][rest % radix[a]];
      rest = Math.floor(rest / radix[a]);
    }
    out.push({ attributes: members.map((a) => attributes[a]), values, loans: n, defaults: k });
  };

  const R = profiles.length;
  const single = new Float64Array(R);
  for (let a = 0; a < A; a++) {
    for (let r = 0; r < R; r++) single[r] = codes[a][r];
    emit([a], tally(single, radix[a], loans, defaults), true);
  }
  const pair = new Float64Array(R);
  const triple = new Float64Array(R);
  for (let a = 0; a < A; a++) {
    for (let b = a + 1; b < A; b++) {
      const ca = codes[a];
      const cb = codes[b];
      for (let r = 0; r < R; r++) pair[r] = ca[r] * radix[b] + cb[r];
      emit([a, b], tally(pair, radix[a] * radix[b], loans, defaults), false);
      if (depth < 3) continue;
      for (let c = b + 1; c < A; c++) {
        const cc = codes[c];
        for (let r = 0; r < R; r++) triple[r] = pair[r] * radix[c] + cc[r];
        emit([a, b, c], tally(triple, radix[a] * radix[b] * radix[c], loans, defaults), false);
      }
    }
  }
  return out;
}
