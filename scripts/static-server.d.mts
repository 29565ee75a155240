export interface ServedRequest {
  path: string;
  bytes: number;
}
export function serveStatic(
  root: string,
  port?: number,
): Promise<{ url: string; requests: ServedRequest[]; close(): Promise<void> }>;
