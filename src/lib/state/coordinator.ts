import { Coordinator } from '../coordinator/coordinator';
import { db } from './engine';
import type { CubeAnswerer } from '../publish/cube-answerer';

/**
 * The tab's one query coordinator. Flags in the page address (before the `#`), so the benchmark
 * can compare the paths on the same build and book: `?plain=1` turns pre-aggregation off (every
 * query scans the loans), `?ahead=0` keeps the cubes but stops answering clicks ahead.
 */
export const coordinator = new Coordinator(db, { preaggregate: () => flag('plain') !== '1', prefetch: () => flag('ahead') !== '0' });

function flag(name: string): string | null {
  return typeof location !== 'undefined' ? new URLSearchParams(location.search).get(name) : null;
}

/**
 * In an aggregate dashboard, what answers every metric instead of the coordinator: the published
 * cubes (publish/cube-answerer.ts). Null everywhere else.
 */
export const published: { answerer: CubeAnswerer | null } = { answerer: null };
