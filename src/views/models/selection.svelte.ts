import { applyModelStatements, type ScorecardModel } from '../../lib/metrics/models';
import { classifyDbError, type DbError } from '../../lib/db/types';
import { db } from '../../lib/state/engine';
import { models } from '../../lib/state/models.svelte';
import { modelParams } from './params';

/** The saved model in view: the one in the URL, else the applied one, else the newest. */
export function selectedModel(): ScorecardModel | undefined {
  return models.find(modelParams.model) ?? models.appliedModel ?? models.saved[0];
}

/** Applying a model: the scores table and view, then the app knows which model they hold. */
class Applying {
  busy = $state(false);
  error = $state<DbError | null>(null);

  async apply(model: ScorecardModel): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      for (const s of applyModelStatements(model)) await db.exec(s.sql, s.params);
      models.markApplied(model.id);
    } catch (e) {
      this.error = classifyDbError(e);
    } finally {
      this.busy = false;
    }
  }
}

export const applying = new Applying();
