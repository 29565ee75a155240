import type { DbError } from '../db/types';
import { lostReason, type LostReason } from '../db/lifeline';
import { browserDb } from './engine';

/** Whether the tab's engine is alive: lost (crashed, stopped answering) or quiet for a while. */
class EngineHealth {
  lost = $state<DbError | null>(null);
  quiet = $state(false);

  constructor() {
    browserDb.onLost((e) => (this.lost = e));
    browserDb.onQuiet((q) => (this.quiet = q));
  }

  get reason(): LostReason | null {
    return this.lost ? lostReason(this.lost) : null;
  }

  /** A fresh engine means a fresh page: the old one took the open book's tables with it. */
  reload(): void {
    void browserDb.restart().finally(() => location.reload());
  }
}

export const engineHealth = new EngineHealth();
