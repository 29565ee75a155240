/**
 * Resolves in a new task, so the page can paint and answer input between slices of long work on
 * the main thread (a long task over 50 ms is what makes a page feel stuck). `scheduler.yield`
 * where the browser has it, a timer elsewhere (Node).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
