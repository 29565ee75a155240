import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lifeline, lostReason, type LifelineTimings } from '../../../src/lib/db/lifeline';
import { DbError } from '../../../src/lib/db/types';

/*
 * The lifeline against a stand-in worker (an EventTarget whose messages the test sends), with
 * fake timers: a worker that fails or falls silent ends every pending and later call.
 */
const TIMINGS: LifelineTimings = { pingAfterMs: 1_000, stallMs: 10_000, quietAfterMs: 3_000 };

class FakeWorker extends EventTarget {
  /** The worker "answers": any message is a sign of life. */
  speak(): void {
    this.dispatchEvent(new Event('message'));
  }
  crash(message: string): void {
    const e = new Event('error') as Event & { message: string };
    e.message = message;
    this.dispatchEvent(e);
  }
}

const never = <T>() => new Promise<T>(() => {});

let worker: FakeWorker;
let pings: number;
let answerPings: boolean;
let line: Lifeline;

beforeEach(() => {
  vi.useFakeTimers();
  worker = new FakeWorker();
  pings = 0;
  answerPings = true;
  line = new Lifeline(worker, async () => {
    pings++;
    if (answerPings) worker.speak();
    else await never();
  }, TIMINGS, () => Date.now());
});
afterEach(() => {
  vi.useRealTimers();
});

describe('engine lifeline', () => {
  it('passes results and ordinary errors through', async () => {
    await expect(line.run(async () => 42)).resolves.toBe(42);
    const err = new DbError('syntax', 'Parser Error: nope');
    await expect(line.run(async () => Promise.reject(err))).rejects.toBe(err);
    expect(line.lost).toBeUndefined();
  });

  it('fails every pending call, and every later one, when the worker reports an error', async () => {
    const a = line.run(never);
    const b = line.run(never);
    worker.crash('Out of memory');
    await expect(a).rejects.toMatchObject({ kind: 'lost' });
    await expect(b).rejects.toMatchObject({ kind: 'lost' });
    await expect(line.run(async () => 1)).rejects.toMatchObject({ kind: 'lost' });
    expect(lostReason(line.lost!)).toBe('crashed');
    expect(line.lost!.detail).toContain('Out of memory');
  });

  it('treats a wasm trap in a call as the loss of the engine', async () => {
    const pending = line.run(never);
    await expect(line.run(async () => Promise.reject(new Error('RuntimeError: Aborted(OOM)')))).rejects.toMatchObject({ kind: 'lost' });
    await expect(pending).rejects.toMatchObject({ kind: 'lost' });
  });

  it('keeps a busy worker that answers its pings, however long the call', async () => {
    const call = line.run(never);
    let settled = false;
    call.catch(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pings).toBeGreaterThan(5);
    expect(settled).toBe(false);
    expect(line.lost).toBeUndefined();
  });

  it('gives up a worker that sends nothing while a call waits, and says so', async () => {
    answerPings = false;
    const quiet: boolean[] = [];
    line.onQuiet((q) => quiet.push(q));
    const lost: DbError[] = [];
    line.onLost((e) => lost.push(e));
    const call = line.run(never);
    const rejected = expect(call).rejects.toMatchObject({ kind: 'lost' });
    await vi.advanceTimersByTimeAsync(TIMINGS.quietAfterMs + 1_000);
    expect(quiet).toEqual([true]);
    expect(line.lost).toBeUndefined();
    await vi.advanceTimersByTimeAsync(TIMINGS.stallMs);
    await rejected;
    expect(lost).toHaveLength(1);
    expect(lostReason(lost[0])).toBe('stalled');
    expect(pings).toBe(1);
  });

  it('forgives silence when the worker speaks again, and does not watch an idle engine', async () => {
    answerPings = false;
    const quiet: boolean[] = [];
    line.onQuiet((q) => quiet.push(q));
    let finish!: (v: number) => void;
    const call = line.run(() => new Promise<number>((r) => (finish = r)));
    await vi.advanceTimersByTimeAsync(TIMINGS.quietAfterMs + 1_000);
    worker.speak();
    finish(7);
    await expect(call).resolves.toBe(7);
    expect(quiet).toEqual([true, false]);
    // Idle for longer than the stall limit: nothing is pending, so nothing is lost.
    await vi.advanceTimersByTimeAsync(TIMINGS.stallMs * 3);
    expect(line.lost).toBeUndefined();
    await expect(line.run(async () => 'still here')).resolves.toBe('still here');
  });
});
