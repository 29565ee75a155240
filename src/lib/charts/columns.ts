import { i18n } from '../i18n/index.svelte';
import type { TableColumn } from './types';

/**
 * Table columns of the kinds every screen shows, formatted in the UI's language at render time.
 * An empty cell (null, or not a finite number) reads "–" in every kind.
 */
export function numberColumn(key: string, label: string, format: (n: number | null) => string): TableColumn {
  return { key, label, numeric: true, format: (v) => format(typeof v === 'number' ? v : null) };
}

export const countColumn = (key: string, label: string): TableColumn => numberColumn(key, label, (n) => i18n.count(n));

export const amountColumn = (key: string, label: string, digits = 0): TableColumn =>
  numberColumn(key, label, (n) => i18n.amount(n, digits));

/** A fraction shown as a percentage (0.0123 → "1.23 %"). */
export const percentColumn = (key: string, label: string, digits = 2): TableColumn =>
  numberColumn(key, label, (n) => i18n.percent(n, digits));
