import { formatHash, parseHash, type Route, type Screen } from '../routes';

const KEPT = ['f', 'cmp'] as const;

/** The URL hash as state: a reload or a shared link opens the same screen, filters and selection. */
class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => (this.route = parseHash(location.hash)));
  }

  get screen(): Screen {
    return this.route.screen;
  }

  param(name: string): string | null {
    return this.route.params.get(name);
  }

  /** The link to a screen, carrying the parameters that travel between screens. */
  href(screen: Screen): string {
    return formatHash({ screen, params: this.keptParams() });
  }

  go(screen: Screen, params: URLSearchParams = this.keptParams()): void {
    this.write({ screen, params }, 'push');
  }

  /** Sets or clears query parameters on the current screen. */
  setParams(changes: Record<string, string | null>, mode: 'push' | 'replace' = 'replace'): void {
    const params = new URLSearchParams(this.route.params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') params.delete(k);
      else params.set(k, v);
    }
    this.write({ screen: this.route.screen, params }, mode);
  }

  /** Parameters that travel between screens (the filter set, the compare baseline); screen-local ones stay behind. */
  private keptParams(): URLSearchParams {
    const kept = new URLSearchParams();
    for (const name of KEPT) {
      const v = this.route.params.get(name);
      if (v) kept.set(name, v);
    }
    return kept;
  }

  private write(route: Route, mode: 'push' | 'replace'): void {
    const hash = formatHash(route);
    if (hash === location.hash) return;
    if (mode === 'push') history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
    this.route = route;
  }
}

export const router = new Router();
