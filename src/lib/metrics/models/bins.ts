import type { BinKey } from '../drivers/binning';
import type { WoeBin } from '../drivers/woe';
import { monotonicCuts } from './monotonic';

/**
 * The bin editor's arithmetic on numeric bins, as cut points: range bin i is [cuts[i−1], cuts[i])
 * (−∞ below the first cut, +∞ above the last); the missing bin stays apart. An edit gives new
 * cut points, and the WoE / IV of the new bins are counted again in SQL on the development sample.
 */

/** Cut points of bins as shown: the lower bound of every range bin but the lowest. */
export function cutsOf(bins: readonly { key: BinKey }[]): number[] {
  const los = bins.flatMap((b) => (b.key.kind === 'range' && b.key.lo !== null ? [b.key.lo] : []));
  return [...new Set(los)].sort((a, b) => a - b);
}

/** Merges range bin `index` (ascending, counting from 0) with the next one: the cut between them goes. */
export function mergeWithNext(cuts: readonly number[], index: number): number[] {
  if (!Number.isInteger(index) || index < 0 || index >= cuts.length) throw new Error(`No bin after bin ${index} to merge with`);
  return cuts.filter((_, i) => i !== index);
}

/** Splits range bin `index` at `value`; null unless the value lies strictly inside the bin. */
export function splitAt(cuts: readonly number[], index: number, value: number): number[] | null {
  if (!Number.isInteger(index) || index < 0 || index > cuts.length || !Number.isFinite(value)) return null;
  const lo = index === 0 ? -Infinity : cuts[index - 1];
  const hi = index === cuts.length ? Infinity : cuts[index];
  if (!(value > lo && value < hi)) return null;
  return [...cuts.slice(0, index), value, ...cuts.slice(index)];
}

/** Cut points that merge the shown bins until the bad rate (hence the WoE) moves one way only. */
export function monotonicFrom(bins: readonly WoeBin[]): number[] {
  return monotonicCuts(bins.filter((b) => b.key.kind === 'range'), 0);
}

/** The index of a shown range bin among the bins its cut points define (an empty bin is not shown). */
export function rangeIndex(cuts: readonly number[], key: BinKey): number {
  if (key.kind !== 'range') throw new Error('Only numeric bins are merged or split');
  return key.lo === null ? 0 : cuts.filter((c) => c <= key.lo!).length;
}

/** The categories of a categorical bin: its members when merged, else its one value. */
const membersOf = (key: BinKey): string[] => (key.kind === 'value' ? (key.members ?? [key.value]) : []);

/** The merged groups of categorical bins as shown (bins of one value are not groups). */
export function groupsOf(bins: readonly { key: BinKey }[]): string[][] {
  return bins.flatMap((b) => (b.key.kind === 'value' && b.key.members ? [[...b.key.members]] : []));
}

/**
 * Merges categorical bin `index` (among the value bins, in display order) with the next value bin:
 * their categories become one group. WoE and IV are counted again in SQL on the new groups.
 */
export function mergeCategories(bins: readonly { key: BinKey }[], index: number): string[][] {
  const values = bins.filter((b) => b.key.kind === 'value');
  if (!Number.isInteger(index) || index < 0 || index >= values.length - 1) throw new Error(`No category after bin ${index} to merge with`);
  const merged = [...membersOf(values[index].key), ...membersOf(values[index + 1].key)];
  const untouched = values.filter((_, i) => i !== index && i !== index + 1).flatMap((b) => (b.key.kind === 'value' && b.key.members ? [[...b.key.members]] : []));
  return [...untouched, merged];
}

/** Splits a merged categorical bin back into one bin per category. */
export function splitCategories(bins: readonly { key: BinKey }[], key: BinKey): string[][] {
  const gone = membersOf(key).join('\u0000');
  return groupsOf(bins).filter((g) => g.join('\u0000') !== gone);
}
