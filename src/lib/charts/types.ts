import type { PlotOptions } from '@observablehq/plot';

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
  format?: (value: unknown) => string;
}

export interface ChartTable {
  columns: TableColumn[];
  /** Plain objects; cells are read by column key. */
  rows: readonly object[];
}

export interface ChartContext {
  width: number;
  /** Theme colours resolved from CSS variables, for marks that need explicit colours. */
  colors: { text: string; muted: string; accent: string; grid: string; seqLow: string; seqHigh: string; weak: string };
}

/** Builds the Plot options for the current width and theme. */
export type PlotSpec = (ctx: ChartContext) => PlotOptions;

/** A click on a mark: the datum under the pointer, and whether shift was held. */
export type ChartClick = (datum: Record<string, unknown>, additive: boolean) => void;
