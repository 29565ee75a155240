import { Coordinator } from '../coordinator/coordinator';
import { db } from './engine';

/**
 * The tab's one query coordinator. `?plain=1` in the page address (before the `#`) turns
 * pre-aggregation off, so the benchmark can compare both paths on the same build and book.
 */
export const coordinator = new Coordinator(db, { preaggregate: () => !plainRequested() });

function plainRequested(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('plain') === '1';
}
