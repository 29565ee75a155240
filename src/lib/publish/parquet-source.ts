/** A published Parquet table read in parts (column projections), e.g. over HTTP range requests. */
export interface ParquetSource {
  /** Column names in file order. */
  columns(): readonly string[];
  numRows(): number;
  /** The chosen columns (all when omitted) as an Arrow IPC stream. */
  readIPC(columns?: readonly string[]): Promise<Uint8Array>;
}

export type OpenParquet = (path: string) => Promise<ParquetSource>;
