import { router } from '../../lib/state/router.svelte';
import { formatHash } from '../../lib/routes';

/** A link to the cases screen with some parameters changed (null removes one); the rest are kept. */
export function casesLink(changes: Record<string, string | null>): string {
  const params = new URLSearchParams(router.route.params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  return formatHash({ screen: 'cases', params });
}
