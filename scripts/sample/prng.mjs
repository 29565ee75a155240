/**
 * Seeded pseudo-random numbers (sfc32 seeded through splitmix32): the book must be identical for
 * a given seed on every machine, so nothing here may touch Math.random.
 */

/** @param {number} seed */
function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * @typedef {object} Rng
 * @property {() => number} next uniform in [0, 1)
 * @property {(a: number, b: number) => number} uniform uniform in [a, b)
 * @property {(a: number, b: number) => number} int integer in [a, b], both inclusive
 * @property {(p: number) => boolean} chance true with probability p
 * @property {() => number} normal standard normal
 * @property {(a: number, b: number) => number} logUniform log-uniform in [a, b)
 * @property {<T>(items: readonly T[]) => T} pick
 * @property {<T>(table: Weighted<T>) => T} weighted
 */

/**
 * @template T
 * @typedef {{ values: readonly T[], cumulative: Float64Array }} Weighted
 */

/**
 * A weighted choice table, prepared once so that drawing is a binary search.
 * @template T
 * @param {readonly (readonly [T, number])[]} pairs value and weight
 * @returns {Weighted<T>}
 */
export function weightedTable(pairs) {
  const cumulative = new Float64Array(pairs.length);
  let total = 0;
  pairs.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  for (let i = 0; i < cumulative.length; i++) cumulative[i] /= total;
  return { values: pairs.map(([v]) => v), cumulative };
}

/**
 * @param {number} seed
 * @returns {Rng}
 */
export function createRng(seed) {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    logUniform: (lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * next()),
    pick: (items) => items[Math.floor(items.length * next())],
    weighted: (table) => {
      const u = next();
      const cum = table.cumulative;
      let lo = 0, hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      return table.values[lo];
    },
  };
}
