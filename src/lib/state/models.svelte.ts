import { MODEL_FILE_FORMAT, STRESS_DIMENSIONS, type Scenario, type ScorecardModel, type StressBaseline } from '../metrics/models';
import { book } from './book.svelte';

const MODELS_KEY = 'lbl.models';
const SCENARIOS_KEY = 'lbl.scenarios';
const BASELINE_KEY = 'lbl.stress-baseline';
export const SCENARIOS_FILE_FORMAT = 'loanbook-lab.scenarios';

export const EXAMPLE_SCENARIOS: readonly Scenario[] = [
  {
    id: 'construction-downturn',
    name: 'Construction & real estate downturn · 建筑与房地产下行',
    pdShocks: [
      { dimension: 'industry', value: 'E', multiplier: 2 },
      { dimension: 'industry', value: 'K', multiplier: 1.5 },
    ],
    lgdAddOn: 0.05,
    collateralHaircut: 0.2,
  },
];

export interface AppliedModel {
  modelId: string;
  /** The book version the scores were computed on: another book, no scores. */
  bookVersion: number;
  /** Bumped on every apply, so that cached band figures are not reused. */
  revision: number;
}

/**
 * Saved scorecards, the applied one, stress scenarios and the stress baseline settings: saved in
 * the browser on every change and exported as files.
 */
class Models {
  saved = $state<ScorecardModel[]>(readList(MODELS_KEY, isModel));
  scenarios = $state<Scenario[]>(readList(SCENARIOS_KEY, isScenario, [...EXAMPLE_SCENARIOS]));
  baseline = $state<StressBaseline>(readBaseline());
  private appliedRaw = $state<AppliedModel | null>(null);

  /** The applied model, if its scores belong to the open book. */
  get applied(): AppliedModel | null {
    const a = this.appliedRaw;
    return a && a.bookVersion === book.version && this.saved.some((m) => m.id === a.modelId) ? a : null;
  }

  get appliedModel(): ScorecardModel | undefined {
    const a = this.applied;
    return a ? this.saved.find((m) => m.id === a.modelId) : undefined;
  }

  find(id: string | null | undefined): ScorecardModel | undefined {
    return id ? this.saved.find((m) => m.id === id) : undefined;
  }

  save(model: ScorecardModel): void {
    this.saved = [model, ...this.saved.filter((m) => m.id !== model.id)];
    this.persistModels();
  }

  rename(id: string, name: string): void {
    this.saved = this.saved.map((m) => (m.id === id ? { ...m, name } : m));
    this.persistModels();
  }

  remove(id: string): void {
    this.saved = this.saved.filter((m) => m.id !== id);
    this.persistModels();
  }

  markApplied(modelId: string): void {
    this.appliedRaw = { modelId, bookVersion: book.version, revision: (this.appliedRaw?.revision ?? 0) + 1 };
  }

  saveScenario(scenario: Scenario): void {
    const exists = this.scenarios.some((s) => s.id === scenario.id);
    this.scenarios = exists ? this.scenarios.map((s) => (s.id === scenario.id ? scenario : s)) : [...this.scenarios, scenario];
    this.persistScenarios();
  }

  removeScenario(id: string): void {
    this.scenarios = this.scenarios.filter((s) => s.id !== id);
    this.persistScenarios();
  }

  setBaseline(change: Partial<StressBaseline>): void {
    this.baseline = { ...this.baseline, ...change };
    globalThis.localStorage?.setItem(BASELINE_KEY, JSON.stringify($state.snapshot(this.baseline)));
  }

  scenariosFile(): string {
    return JSON.stringify({ format: SCENARIOS_FILE_FORMAT, version: 1, scenarios: $state.snapshot(this.scenarios) }, null, 2);
  }

  /** Adds the scenarios of an exported file (fresh ids for ones already present); returns how many. */
  importScenarios(text: string): number {
    const parsed = JSON.parse(text) as { format?: unknown; scenarios?: unknown };
    if (parsed?.format !== SCENARIOS_FILE_FORMAT || !Array.isArray(parsed.scenarios)) throw new Error('not a scenarios file');
    const incoming = parsed.scenarios.filter(isScenario).map((s) => (this.scenarios.some((x) => x.id === s.id) ? { ...s, id: newId('scenario') } : s));
    this.scenarios = [...this.scenarios, ...incoming];
    this.persistScenarios();
    return incoming.length;
  }

  modelFile(id: string): string | undefined {
    const m = this.find(id);
    return m && JSON.stringify({ format: MODEL_FILE_FORMAT, version: 1, model: $state.snapshot(m) }, null, 2);
  }

  private persistModels(): void {
    globalThis.localStorage?.setItem(MODELS_KEY, JSON.stringify($state.snapshot(this.saved)));
  }

  private persistScenarios(): void {
    globalThis.localStorage?.setItem(SCENARIOS_KEY, JSON.stringify($state.snapshot(this.scenarios)));
  }
}

export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

function readList<T>(key: string, valid: (x: unknown) => x is T, fallback: T[] = []): T[] {
  try {
    const text = globalThis.localStorage?.getItem(key);
    if (!text) return fallback;
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter(valid) : fallback;
  } catch {
    return fallback;
  }
}

function readBaseline(): StressBaseline {
  const fallback: StressBaseline = { pdSource: 'loan', lgd: 0.45, segment: 'industry' };
  try {
    const b = JSON.parse(globalThis.localStorage?.getItem(BASELINE_KEY) ?? 'null') as Partial<StressBaseline> | null;
    if (!b) return fallback;
    return {
      pdSource: b.pdSource === 'segment' || b.pdSource === 'band' ? b.pdSource : 'loan',
      lgd: typeof b.lgd === 'number' && b.lgd >= 0 && b.lgd <= 1 ? b.lgd : fallback.lgd,
      segment: STRESS_DIMENSIONS.includes(b.segment as never) ? (b.segment as StressBaseline['segment']) : 'industry',
    };
  } catch {
    return fallback;
  }
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isModel(x: unknown): x is ScorecardModel {
  const m = x as ScorecardModel;
  return !!m && typeof m.id === 'string' && typeof m.name === 'string' && isNum(m.intercept) && Array.isArray(m.terms) && Array.isArray(m.bandCuts) && Array.isArray(m.features);
}

function isScenario(x: unknown): x is Scenario {
  const s = x as Scenario;
  return (
    !!s && typeof s.id === 'string' && typeof s.name === 'string' && isNum(s.lgdAddOn) && isNum(s.collateralHaircut) && Array.isArray(s.pdShocks) &&
    s.pdShocks.every((p) => STRESS_DIMENSIONS.includes(p.dimension) && typeof p.value === 'string' && isNum(p.multiplier))
  );
}

export const models = new Models();
