import { router } from './router.svelte';

/**
 * "Open in notebook" from any chart. The screen may not be mounted when a chart sends the event,
 * so the request waits in sessionStorage until the notebook screen takes it. Registered once, when
 * the notebook screen's module is first imported (App.svelte imports it at start).
 */
export interface OpenRequest {
  title: string;
  sql: string;
}

const KEY = 'lbl.notebook.open';

export function takeOpenRequest(): OpenRequest | null {
  const text = globalThis.sessionStorage?.getItem(KEY);
  if (!text) return null;
  sessionStorage.removeItem(KEY);
  try {
    const r = JSON.parse(text);
    return typeof r?.sql === 'string' ? { title: String(r.title ?? ''), sql: r.sql } : null;
  } catch {
    return null;
  }
}

/** Listeners for the notebook screen while it is mounted (it adds the cell at once). */
const waiting = new Set<() => void>();
export function onOpenRequest(listener: () => void): () => void {
  waiting.add(listener);
  return () => waiting.delete(listener);
}

let registered = false;
export function listenForOpenRequests(): void {
  if (registered || typeof window === 'undefined') return;
  registered = true;
  addEventListener('lbl:open-in-notebook', (event) => {
    const detail = (event as CustomEvent<Partial<OpenRequest>>).detail;
    if (!detail || typeof detail.sql !== 'string') return;
    sessionStorage.setItem(KEY, JSON.stringify({ title: detail.title ?? '', sql: detail.sql }));
    if (router.screen === 'notebook') for (const l of waiting) l();
    else router.go('notebook');
  });
}

listenForOpenRequests();
