import type { Limit } from '../metrics/portfolio/limits';
import { DEFAULT_LIMITS, parseLimitsFile, toLimit, type LimitSetting, type LimitsFile } from './limit-settings';
import { readStoredText, writeStored } from './stored';

export { DEFAULT_LIMITS, parseLimitsFile, type LimitSetting, type LimitsFile };

const STORAGE_KEY = 'lbl.limits';

class Limits {
  netCapital = $state<number | null>(null);
  list = $state<LimitSetting[]>([...DEFAULT_LIMITS]);

  constructor() {
    const stored = readStored();
    if (stored) this.apply(stored);
  }

  /** The metric layer's form of a setting; null when it cannot be checked yet (no net capital). */
  toLimit(s: LimitSetting): Limit | null {
    return toLimit(s, this.netCapital);
  }

  setNetCapital(value: number | null): void {
    this.netCapital = value !== null && Number.isFinite(value) && value > 0 ? value : null;
    this.save();
  }

  update(id: string, change: Partial<Omit<LimitSetting, 'id' | 'kind'>>): void {
    this.list = this.list.map((l) => (l.id === id ? ({ ...l, ...change } as LimitSetting) : l));
    this.save();
  }

  addSegmentLimit(dimension: string, max: number): void {
    this.list = [...this.list, { id: `seg-${Date.now().toString(36)}`, kind: 'segment_share', dimension, max }];
    this.save();
  }

  remove(id: string): void {
    this.list = this.list.filter((l) => l.id !== id);
    this.save();
  }

  reset(): void {
    this.list = [...DEFAULT_LIMITS];
    this.save();
  }

  toFile(): LimitsFile {
    return { format: 'loanbook-lab.limits', version: 1, netCapital: this.netCapital, limits: $state.snapshot(this.list) };
  }

  /** Replaces the settings by an exported file; throws a readable error when the file is not one. */
  importText(text: string): void {
    const parsed = parseLimitsFile(JSON.parse(text));
    if (!parsed) throw new Error('not a limits file');
    this.apply(parsed);
    this.save();
  }

  private apply(file: LimitsFile): void {
    this.netCapital = file.netCapital;
    this.list = file.limits;
  }

  private save(): void {
    writeStored(STORAGE_KEY, this.toFile());
  }
}

function readStored(): LimitsFile | null {
  return readStoredText(STORAGE_KEY, (text) => parseLimitsFile(JSON.parse(text)), null);
}

export const limits = new Limits();
