import { describe, expect, it } from 'vitest';
import { squarify, type Tile } from '../../../src/views/structure/breakdown/treemap';

const area = (t: Tile<unknown>) => (t.x2 - t.x1) * (t.y2 - t.y1);
const overlap = (a: Tile<unknown>, b: Tile<unknown>) =>
  Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));

describe('squarify', () => {
  for (const [width, height] of [[600, 420], [300, 800]]) {
    it(`fills ${width}×${height} with tiles whose areas are proportional to their weights, without overlap`, () => {
      const weights = [50, 20, 12, 8, 5, 3, 1, 1];
      const tiles = squarify(weights, (w) => w, width, height);
      expect(tiles).toHaveLength(weights.length);
      const total = weights.reduce((a, b) => a + b, 0);
      for (const t of tiles) {
        expect(area(t)).toBeCloseTo((t.item / total) * width * height, 6);
        expect(t.x1).toBeGreaterThanOrEqual(-1e-9);
        expect(t.y1).toBeGreaterThanOrEqual(-1e-9);
        expect(t.x2).toBeLessThanOrEqual(width + 1e-9);
        expect(t.y2).toBeLessThanOrEqual(height + 1e-9);
      }
      for (let i = 0; i < tiles.length; i++) for (let j = i + 1; j < tiles.length; j++) expect(overlap(tiles[i], tiles[j])).toBeLessThan(1e-6);
      // Squarified: the largest tile is not a sliver.
      const big = tiles.find((t) => t.item === 50)!;
      const ratio = Math.max(big.x2 - big.x1, big.y2 - big.y1) / Math.min(big.x2 - big.x1, big.y2 - big.y1);
      expect(ratio).toBeLessThan(3);
    });
  }

  it('gives no tile to items without a positive weight, and nothing for an empty total', () => {
    expect(squarify([3, 0, -1], (w) => w, 100, 100).map((t) => t.item)).toEqual([3]);
    expect(squarify([0, 0], (w) => w, 100, 100)).toEqual([]);
  });
});
