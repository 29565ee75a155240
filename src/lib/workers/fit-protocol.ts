import type { LogisticFit } from '../models/logistic';

export interface FitRequest {
  /** rows × columns, row-major. */
  x: Float64Array;
  y: Float64Array;
  rows: number;
  columns: number;
  names: string[];
}

export type FitResponse = { ok: true; fit: LogisticFit } | { ok: false; error: string };
