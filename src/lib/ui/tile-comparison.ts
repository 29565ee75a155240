/** A headline figure beside its compare baseline (MetricTile's `compare`). */
export interface TileComparison {
  /** The raw baseline figure (data-compare-value). */
  value: number | null;
  formatted: string;
  /** The raw change (a fraction for ratios and amounts, a difference for counts), and as text (+0.42 pp). */
  change: number | null;
  changeText: string;
  /** Which way the figure moved, shown by an arrow (never by colour alone). */
  direction: 'up' | 'down' | 'flat' | null;
  /** "vs 2024-06-30", "vs the rest". */
  vsLabel: string;
}
