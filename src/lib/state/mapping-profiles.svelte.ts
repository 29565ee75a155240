import { parseProfiles, serialiseProfiles, type MappingProfile } from '../schema/profiles';
import { readStoredText } from './stored';

const PROFILES_KEY = 'lbl.mappingProfiles';

/** Saved mappings in localStorage, offered again for files with the same headers; exported and imported as JSON. */
export class MappingProfiles {
  list = $state.raw<MappingProfile[]>(load());

  save(profile: MappingProfile): void {
    this.list = [...this.list.filter((p) => p.name !== profile.name), profile];
    this.persist();
  }

  remove(name: string): void {
    this.list = this.list.filter((p) => p.name !== name);
    this.persist();
  }

  exportJson(): string {
    return serialiseProfiles(this.list);
  }

  /** Adds the profiles of an exported file (same names are replaced); throws ImportError('invalid_profile'). */
  importJson(text: string): number {
    const incoming = parseProfiles(text);
    const names = new Set(incoming.map((p) => p.name));
    this.list = [...this.list.filter((p) => !names.has(p.name)), ...incoming];
    this.persist();
    return incoming.length;
  }

  private persist(): void {
    globalThis.localStorage?.setItem(PROFILES_KEY, serialiseProfiles(this.list));
  }
}

function load(): MappingProfile[] {
  return readStoredText(PROFILES_KEY, parseProfiles, []);
}
