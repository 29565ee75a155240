export const SCREENS = ['data', 'overview', 'structure', 'pivot', 'ecl', 'cases', 'causes', 'process', 'models', 'report', 'notebook', 'publish'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  /** Query parameters after the hash path: what the user chose, never defaults. */
  params: URLSearchParams;
}

/** `#/structure?dim=industry` → { screen: 'structure', params }. Unknown screens fall back to Data. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path, query = ''] = body.split('?', 2);
  const screen = (SCREENS as readonly string[]).includes(path) ? (path as Screen) : 'data';
  return { screen, params: new URLSearchParams(query) };
}

export function formatHash(route: Route): string {
  const q = route.params.toString();
  return `#/${route.screen}${q ? `?${q}` : ''}`;
}
