import { describe, expect, it } from 'vitest';
import './browser-globals';
import { Task } from '../../../src/lib/state/task.svelte';

/** A job that waits until `release` is called, resolving or rejecting with what it is given. */
function gate<T>() {
  let release!: (outcome: { value?: T; error?: unknown }) => void;
  const outcome = new Promise<{ value?: T; error?: unknown }>((r) => (release = r));
  const seen: AbortSignal[] = [];
  const job = async (_db: unknown, signal: AbortSignal) => {
    seen.push(signal);
    const o = await outcome;
    if (o.error) throw o.error;
    return o.value as T;
  };
  return { job, release, seen };
}

describe('Task (the one-shot way to get data)', () => {
  it('is running while its job runs and keeps the result', async () => {
    const task = new Task<number>();
    const g = gate<number>();
    const run = task.run(g.job);
    expect(task.running).toBe(true);
    g.release({ value: 42 });
    expect(await run).toBe(42);
    expect(task.running).toBe(false);
    expect(task.result).toBe(42);
    expect(task.error).toBeNull();
  });

  it('keeps what a failing job threw, and a DbError with its message', async () => {
    const task = new Task<number>();
    const g = gate<number>();
    const boom = new Error('Binder Error: no column x');
    const run = task.run(g.job);
    g.release({ error: boom });
    expect(await run).toBeUndefined();
    expect(task.thrown).toBe(boom);
    expect(task.error?.message).toContain('no column x');
    expect(task.running).toBe(false);
  });

  it('a second run aborts the first, whose outcome is ignored', async () => {
    const task = new Task<string>();
    const first = gate<string>();
    const second = gate<string>();
    const a = task.run(first.job);
    const b = task.run(second.job);
    expect(first.seen[0].aborted).toBe(true);
    first.release({ error: new Error('aborted') });
    expect(await a).toBeUndefined();
    expect(task.error).toBeNull();
    expect(task.running).toBe(true);
    second.release({ value: 'second' });
    expect(await b).toBe('second');
    expect(task.result).toBe('second');
  });

  it('cancel aborts the job and reports no failure', async () => {
    const task = new Task<string>();
    const g = gate<string>();
    const run = task.run(g.job);
    task.cancel();
    expect(g.seen[0].aborted).toBe(true);
    g.release({ error: new DOMException('aborted', 'AbortError') });
    expect(await run).toBeUndefined();
    expect(task.thrown).toBeUndefined();
    expect(task.running).toBe(false);
  });
});
