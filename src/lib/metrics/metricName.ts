/** A figure's data-metric name: its key in snake_case, the form every screen, the report, the CLI and the tests use. */
export function metricName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
