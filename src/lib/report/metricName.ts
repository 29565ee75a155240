/** data-metric names are snake_case, as on the other screens. */
export function metricName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
