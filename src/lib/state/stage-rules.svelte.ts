import { DEFAULT_STAGE_RULES, readStageRules, type StageRules } from '../metrics/ecl/rules';
import { book } from './book.svelte';

const PREFIX = 'lbl.stageRules.';
export const STAGE_RULES_FILE_KIND = 'loanbook-lab.stage-rules';

interface StageRulesFile {
  format: typeof STAGE_RULES_FILE_KIND;
  version: 1;
  book: string;
  rules: StageRules;
}

/**
 * The IFRS 9 staging rules of the open book, saved on every change under the book's name (another
 * book, its own rules) and exchanged as a JSON file.
 */
class StageRuleSettings {
  private revision = $state(0);
  /** Fields the last stored or imported rules could not read (replaced by defaults). */
  problems = $state<string[]>([]);

  readonly rules: StageRules = $derived.by(() => {
    void this.revision;
    return book.name ? read(book.name) : DEFAULT_STAGE_RULES;
  });

  update(change: Partial<StageRules>): void {
    if (!book.name) return;
    const next = readStageRules({ ...this.rules, ...change });
    this.problems = next.problems;
    write(book.name, next.rules);
    this.revision++;
  }

  reset(): void {
    if (!book.name) return;
    globalThis.localStorage?.removeItem(PREFIX + book.name);
    this.problems = [];
    this.revision++;
  }

  toFile(): StageRulesFile {
    return { format: STAGE_RULES_FILE_KIND, version: 1, book: book.name ?? '', rules: $state.snapshot(this.rules) as StageRules };
  }

  /** Replaces the open book's rules by an exported file; throws a readable error when it is not one. */
  importText(text: string): void {
    const o = JSON.parse(text) as Partial<StageRulesFile>;
    if (o?.format !== STAGE_RULES_FILE_KIND) throw new Error('not a stage rules file');
    if (!book.name) return;
    const next = readStageRules(o.rules);
    this.problems = next.problems;
    write(book.name, next.rules);
    this.revision++;
  }
}

function read(bookName: string): StageRules {
  try {
    const text = globalThis.localStorage?.getItem(PREFIX + bookName);
    return text ? readStageRules(JSON.parse(text)).rules : DEFAULT_STAGE_RULES;
  } catch {
    return DEFAULT_STAGE_RULES;
  }
}

function write(bookName: string, rules: StageRules): void {
  globalThis.localStorage?.setItem(PREFIX + bookName, JSON.stringify(rules));
}

export const stageRules = new StageRuleSettings();
