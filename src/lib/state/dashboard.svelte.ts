import { book } from './book.svelte';
import { db } from './engine';
import { router } from './router.svelte';
import { decodeFilters } from './filter-codec';
import { parseHash, type Screen } from '../routes';
import { DASHBOARD_META, parseDashboardConfig, type PublishedDashboard } from '../publish/dashboard-config.mjs';
import { openParquetOverHttp, openParquetWhole } from '../publish/parquet-http';
import { planPublishedLoad } from '../publish/published-book';
import { serviceWorkerControl } from '../publish/service-worker';
import { stageAggregateBook } from '../publish/stage-aggregate';
import { CubeAnswerer } from '../publish/cube-answerer';
import type { LoadedCube } from '../publish/aggregate';
import type { FactsFile } from '../publish/aggregate-book';
import type { PublishMode } from '../publish/dashboard-config.mjs';
import { published } from './coordinator';

/**
 * Resolves after the queries the first screen sent on activation: the engine answers in order, so
 * a trivial query queued behind them returns once they are done. Loading the rest only then keeps
 * it from competing with the first figures for the engine and the CPU.
 */
async function firstScreenShown(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await db.query('SELECT 1');
  // Let the figures paint before the next read takes the CPU.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 250)));
}

type Status = 'off' | 'starting' | 'first' | 'rest' | 'ready' | 'error';

/** The config file named by a published index.html, or null in the ordinary app. */
function configPath(): string | null {
  return document.querySelector(`meta[name="${DASHBOARD_META}"]`)?.getAttribute('content') ?? null;
}

/**
 * Dashboard mode: the app opened from a published folder. It loads the published book
 * read-only (first the first screen's columns, then the rest) and shows only the chosen screens.
 */
class Dashboard {
  config = $state<PublishedDashboard | null>(null);
  status = $state<Status>(configPath() ? 'starting' : 'off');
  error = $state<string | null>(null);
  /** Milliseconds from start to the first screen's data being ready. */
  firstReadyMs = $state<number | null>(null);

  get active(): boolean {
    return this.status !== 'off';
  }

  shows(screen: Screen): boolean {
    if (!this.active) return true;
    return (this.config?.screens as readonly string[] | undefined)?.includes(screen) ?? false;
  }

  get firstScreen(): Screen {
    return this.config?.screens[0] ?? 'overview';
  }

  private openPack(path: string): Promise<boolean> {
    return openPublishedPack(path, (screen) => this.shows(screen));
  }

  get mode(): PublishMode {
    return this.config?.mode ?? 'loans';
  }

  /** An aggregate dashboard: cubes into the engine, and every metric answered from them. */
  private async openAggregate(config: PublishedDashboard): Promise<void> {
    const aggregate = config.book.aggregate!;
    const response = await fetch(aggregate.facts.path);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${aggregate.facts.path}`);
    const facts = (await response.json()) as FactsFile;
    this.status = 'first';
    const started = performance.now();
    let cubes = new Map<string, LoadedCube>();
    await book.openPublished(config.book.name, aggregate.shape, async () => {
      cubes = await stageAggregateBook(db, aggregate, facts, openParquetWhole);
      published.answerer = new CubeAnswerer(db, cubes, aggregate.minCell);
    });
    if (book.error) throw book.error;
    this.firstReadyMs = performance.now() - started;
    this.status = 'ready';
  }

  async start(): Promise<void> {
    const path = configPath();
    if (!path) return;
    const started = performance.now();
    try {
      const response = await fetch(path, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const config = parseDashboardConfig(await response.json());
      // A book read in parts waits for the service worker so that those reads are cached for offline
      // use; an aggregate dashboard's few small files are in its precache anyway, so it does not wait.
      if (!config.book.aggregate) await serviceWorkerControl();
      this.config = config;
      if (config.pack && (await this.openPack(config.pack.path))) {
        // the pack's first step is on screen (student mode)
      } else if (!this.shows(router.screen)) router.go(this.firstScreen, new URLSearchParams(config.filters ? { f: config.filters } : {}));
      else if (config.filters && router.param('f') === null) router.setParams({ f: config.filters });
      if (config.book.aggregate) {
        await this.openAggregate(config);
        return;
      }
      const plan = await planPublishedLoad(db, config.book, openParquetOverHttp, router.screen, decodeFilters(router.param('f')));
      this.status = 'first';
      await book.load(config.book.name, plan.first, undefined);
      if (book.error) throw book.error;
      this.firstReadyMs = performance.now() - started;
      if (plan.rest) {
        await firstScreenShown();
        this.status = 'rest';
        await book.load(config.book.name, plan.rest, undefined);
        if (book.error) throw book.error;
      }
      this.status = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }
}

/**
 * A dashboard published with a pack: the pack joins this browser's packs and its first step opens
 * in student mode, unless the URL already names a pack step (a reload keeps the student's place).
 */
async function openPublishedPack(path: string, shows: (screen: Screen) => boolean): Promise<boolean> {
  const response = await fetch(path, { cache: 'no-cache' });
  if (!response.ok) return false;
  const text = await response.text();
  const [{ packs }, { parsePackFile }] = await Promise.all([import('./packs.svelte'), import('../metrics/cases/records')]);
  const published = parsePackFile(text);
  await packs.bundledReady;
  const pack = packs.find(published.id) ?? packs.import(text);
  if (router.param('pack') === pack.id) return true;
  const first = pack.steps[0];
  if (!first) return false;
  const { screen, params } = parseHash(first.view);
  if (!shows(screen)) return false;
  params.set('pack', pack.id);
  params.set('step', '1');
  params.set('as', 'student');
  router.go(screen, params);
  return true;
}

export const dashboard = new Dashboard();
