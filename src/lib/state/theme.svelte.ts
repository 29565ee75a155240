export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'lbl.theme';

/** Light or dark from CSS variables: follows the system unless the user picks one. */
class Theme {
  choice = $state<ThemeChoice>(readChoice());
  private systemDark = $state(matchMedia('(prefers-color-scheme: dark)').matches);
  readonly effective = $derived<'light' | 'dark'>(
    this.choice === 'system' ? (this.systemDark ? 'dark' : 'light') : this.choice,
  );

  constructor() {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.systemDark = e.matches));
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  }
}

function readChoice(): ThemeChoice {
  const v = localStorage.getItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export const theme = new Theme();
