import { DbError } from './types';
import { Listeners } from './listeners';

/** Why the engine was given up: its worker failed (crash, out of memory) or stopped answering. */
export type LostReason = 'crashed' | 'stalled';

export interface LifelineTimings {
  /** Silence from the worker, while a call is pending, after which it is pinged. */
  pingAfterMs: number;
  /**
   * Silence after which a busy worker is given up. A single long statement (a big import) keeps
   * the worker from answering until it ends, so this is generous; a page tells the user much
   * earlier (`quietAfterMs`) and lets them reload sooner.
   */
  stallMs: number;
  /** Silence after which `onQuiet` listeners hear that the engine has not answered for a while. */
  quietAfterMs: number;
}

export const DEFAULT_TIMINGS: LifelineTimings = { pingAfterMs: 5_000, stallMs: 10 * 60_000, quietAfterMs: 45_000 };

/** A harness (the e2e tests) may shorten the timings by putting them here before the app loads. */
export function harnessTimings(): LifelineTimings {
  const own = (globalThis as { __lblEngineTimings?: Partial<LifelineTimings> }).__lblEngineTimings;
  return { ...DEFAULT_TIMINGS, ...(own && typeof own === 'object' ? own : {}) };
}

/** What the lifeline watches: the engine's Worker (its messages are the signs of life). */
export interface WatchedWorker {
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (e: Event) => void): void;
}

/** Engine errors after which the wasm instance cannot be trusted any more. */
const FATAL = /RuntimeError|Aborted\(|memory access out of bounds|unreachable executed|table index is out of bounds|worker is not set/i;

export function engineLostError(reason: LostReason, detail: string): DbError {
  return new DbError('lost', `${reason}: ${detail}`);
}

export function lostReason(e: DbError): LostReason {
  return e.detail.startsWith('stalled') ? 'stalled' : 'crashed';
}

/**
 * Keeps every engine call finite. A call run through `run` rejects as soon as the engine is lost,
 * whatever its own promise does: DuckDB-WASM forgets its pending requests when its worker fails
 * and would leave them waiting forever. The engine is lost when the worker reports an error, when
 * a call fails with a wasm trap, or when a busy worker sends nothing (not even the answer to a
 * ping) for `stallMs`. Once lost, every later call fails at once with the same error.
 */
export class Lifeline {
  private lostError?: DbError;
  private readonly pending = new Set<(e: DbError) => void>();
  private lastSign: number;
  private quietSent = false;
  private pinging = false;
  private timer?: ReturnType<typeof setInterval>;
  private readonly lostListeners = new Listeners<DbError>();
  private readonly quietListeners = new Listeners<boolean>();

  constructor(
    worker: WatchedWorker,
    private readonly ping: () => Promise<unknown>,
    private readonly timings: LifelineTimings = harnessTimings(),
    private readonly now: () => number = () => Date.now(),
  ) {
    this.lastSign = now();
    worker.addEventListener('message', () => this.sign());
    worker.addEventListener('error', (e) => {
      // Handled here (the user is told and offered a fresh engine), so not reported as uncaught.
      e.preventDefault();
      this.lose('crashed', (e as ErrorEvent).message || 'the engine worker failed');
    });
    worker.addEventListener('messageerror', () => this.lose('crashed', 'a message from the engine could not be read'));
  }

  get lost(): DbError | undefined {
    return this.lostError;
  }

  /** Runs one engine call under watch. */
  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.lostError) return Promise.reject(this.lostError);
    return new Promise<T>((resolve, reject) => {
      const onLost = (e: DbError) => reject(e);
      this.pending.add(onLost);
      this.watch();
      call()
        .then(resolve, (e: unknown) => {
          const text = e instanceof DbError ? e.detail : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          if (FATAL.test(text)) this.lose('crashed', text);
          reject(this.lostError ?? e);
        })
        .finally(() => {
          this.pending.delete(onLost);
          if (this.pending.size === 0) this.unwatch();
        });
    });
  }

  /** Gives the engine up: every pending call and every later one fails with the same error. */
  lose(reason: LostReason, detail: string): void {
    if (this.lostError) return;
    const error = engineLostError(reason, detail);
    this.lostError = error;
    this.unwatch();
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    this.lostListeners.emit(error);
  }

  onLost(listener: (e: DbError) => void): () => void {
    return this.lostListeners.add(listener);
  }

  /** Hears `true` when a busy engine has been silent for `quietAfterMs`, `false` when it speaks again. */
  onQuiet(listener: (quiet: boolean) => void): () => void {
    return this.quietListeners.add(listener);
  }

  private sign(): void {
    this.lastSign = this.now();
    if (this.quietSent) {
      this.quietSent = false;
      this.quietListeners.emit(false);
    }
  }

  private watch(): void {
    if (this.timer !== undefined) return;
    this.lastSign = this.now();
    const tick = Math.max(50, Math.min(1_000, this.timings.pingAfterMs / 2));
    this.timer = setInterval(() => this.check(), tick);
  }

  private unwatch(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.quietSent) this.sign();
  }

  private check(): void {
    const silent = this.now() - this.lastSign;
    if (silent >= this.timings.stallMs) {
      this.lose('stalled', `no answer from the engine for ${Math.round(silent / 1000)} s`);
      return;
    }
    if (silent >= this.timings.quietAfterMs && !this.quietSent) {
      this.quietSent = true;
      this.quietListeners.emit(true);
    }
    if (silent >= this.timings.pingAfterMs && !this.pinging) {
      this.pinging = true;
      // The answer arrives as a worker message, which counts as a sign of life by itself.
      void this.ping()
        .catch(() => {})
        .finally(() => (this.pinging = false));
    }
  }
}
