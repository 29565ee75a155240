export type ImportPhase = 'reading' | 'decoding' | 'parsing' | 'inserting' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  bytesRead: number;
  totalBytes: number;
  /** Rows read so far, when known. */
  rows?: number;
}

export type ProgressReporter = (p: ImportProgress) => void;
