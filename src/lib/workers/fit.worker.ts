/// <reference lib="webworker" />
import { fitLogistic } from '../models/logistic';
import type { FitRequest, FitResponse } from './fit-protocol';

/** Fits a logistic regression off the main thread; the design arrives row-major in one buffer. */
self.onmessage = (event: MessageEvent<FitRequest>) => {
  const { x, y, rows, columns, names } = event.data;
  try {
    const design = Array.from({ length: rows }, (_, i) => x.subarray(i * columns, (i + 1) * columns));
    const fit = fitLogistic(design, y, { names });
    self.postMessage({ ok: true, fit } satisfies FitResponse);
  } catch (e) {
    self.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies FitResponse);
  }
};
