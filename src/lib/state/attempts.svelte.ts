import { answerStep, attemptFile, finishAttempt, giveUp, newAttempt, revealHint, validAttempt, type Answer, type Attempt, type AttemptFile } from '../metrics/cases/quiz';
import type { Pack } from '../metrics/cases/records';
import { newRecordId, readStoredList, writeStored } from './stored';

const STORAGE_KEY = 'lbl.attempts';

/**
 * A student's attempts at packs, kept in this browser (one open attempt per pack, finished ones
 * kept too), and exported as a file for the trainer. The marking is metrics/cases/quiz.ts.
 */
class Attempts {
  list = $state<Attempt[]>(readStoredList(STORAGE_KEY, validAttempt));

  /** The attempt in progress on this pack, else its last one. */
  current(packId: string): Attempt | undefined {
    const mine = this.list.filter((a) => a.packId === packId);
    return mine.find((a) => a.finished === null) ?? mine[0];
  }

  /** The attempt in progress on this pack (read only: `ensure` starts one). */
  open(pack: Pack): Attempt | undefined {
    return this.list.find((a) => a.packId === pack.id && a.finished === null && a.steps.length === pack.steps.length);
  }

  /** The attempt in progress, started (with this name) when there is none. */
  ensure(pack: Pack, name = ''): Attempt {
    const open = this.open(pack);
    if (open) return open;
    const attempt = newAttempt(pack, name || this.current(pack.id)?.name || '', newRecordId('attempt'), new Date().toISOString());
    this.list = [attempt, ...this.list];
    this.persist();
    return attempt;
  }

  /** A fresh attempt (the previous one stays, finished). */
  restart(pack: Pack): Attempt {
    const name = this.current(pack.id)?.name ?? '';
    this.list = this.list.map((a) => (a.packId === pack.id && a.finished === null ? finishAttempt(a, new Date().toISOString()) : a));
    return this.ensure(pack, name);
  }

  rename(pack: Pack, name: string): void {
    this.change(pack, (a) => ({ ...a, name: name.slice(0, 200) }));
  }

  answer(pack: Pack, index: number, answer: Answer): boolean | null {
    let result: boolean | null = null;
    this.change(pack, (a) => {
      const r = answerStep(pack, a, index, answer);
      result = r.correct;
      return r.attempt;
    });
    return result;
  }

  hint(pack: Pack, index: number): void {
    this.change(pack, (a) => revealHint(pack, a, index));
  }

  giveUp(pack: Pack, index: number): void {
    this.change(pack, (a) => giveUp(a, index));
  }

  /** The attempt file (finishing the attempt: its time is the time of the export). */
  export(pack: Pack): AttemptFile {
    this.change(pack, (a) => finishAttempt(a, new Date().toISOString()));
    const done = this.current(pack.id) ?? this.ensure(pack);
    return attemptFile(pack, $state.snapshot(done) as Attempt);
  }

  private change(pack: Pack, f: (a: Attempt) => Attempt): void {
    const id = this.ensure(pack).id;
    this.list = this.list.map((a) => (a.id === id ? f($state.snapshot(a) as Attempt) : a));
    this.persist();
  }

  private persist(): void {
    writeStored(STORAGE_KEY, $state.snapshot(this.list).slice(0, 200));
  }
}

export const attempts = new Attempts();
