import type { WoeBin } from '../drivers/woe';

/**
 * Cut points that merge adjacent numeric bins until the bad rate moves one way only (pool
 * adjacent violators), the direction being that of the bad rate from the lowest to the highest
 * values. Bins with fewer than `minLoans` loans are merged into a neighbour first. The missing
 * bin stays apart. Input: the range bins of a fine quantile binning, in ascending order.
 */
export function monotonicCuts(bins: readonly WoeBin[], minLoans = 0): number[] {
  type Block = { lo: number | null; n: number; bads: number };
  let blocks: Block[] = bins
    .filter((b) => b.key.kind === 'range')
    .map((b) => ({ lo: b.key.kind === 'range' ? b.key.lo : null, n: b.count, bads: b.bads }));
  if (blocks.length < 2) return [];
  const rate = (b: Block) => b.bads / b.n;
  const merge = (i: number) => {
    const [a, b] = [blocks[i], blocks[i + 1]];
    blocks.splice(i, 2, { lo: a.lo, n: a.n + b.n, bads: a.bads + b.bads });
  };

  for (let i = 0; blocks.length > 1 && i < blocks.length; ) {
    if (blocks[i].n >= minLoans) i++;
    else merge(i === blocks.length - 1 ? i - 1 : i);
  }

  const total = blocks.reduce((s, b) => s + b.n, 0);
  const mean = blocks.reduce((s, b) => s + b.bads, 0) / total;
  let centre = 0;
  let slope = 0;
  blocks.forEach((b, i) => (centre += (b.n * i) / total));
  blocks.forEach((b, i) => (slope += b.n * (i - centre) * (rate(b) - mean)));
  const increasing = slope >= 0;

  let violated = true;
  while (violated && blocks.length > 1) {
    violated = false;
    for (let i = 0; i < blocks.length - 1; i++) {
      const step = rate(blocks[i + 1]) - rate(blocks[i]);
      if (increasing ? step < 0 : step > 0) {
        merge(i);
        violated = true;
        break;
      }
    }
  }
  blocks = blocks.filter((b) => b.n > 0);
  return blocks.slice(1).map((b) => b.lo).filter((x): x is number => x !== null);
}
