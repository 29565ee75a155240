import { applyModel, type ScorecardModel } from '../../lib/metrics/models';
import { models } from '../../lib/state/models.svelte';
import { Task } from '../../lib/state/task.svelte';
import { modelParams } from './params';

/** The saved model in view: the one in the URL, else the applied one, else the newest. */
export function selectedModel(): ScorecardModel | undefined {
  return models.find(modelParams.model) ?? models.appliedModel ?? models.saved[0];
}

/** Applying a model: the scores table and view, then the app knows which model they hold. */
class Applying {
  private task = new Task<void>();

  get busy(): boolean {
    return this.task.running;
  }

  get error() {
    return this.task.error;
  }

  async apply(model: ScorecardModel): Promise<void> {
    await this.task.run(async (db, signal) => {
      await applyModel(db, model, signal);
      models.markApplied(model.id);
    });
  }
}

export const applying = new Applying();
