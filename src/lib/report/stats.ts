// The interval arithmetic lives in the metric layer (metrics/stats.ts), which the segment finder uses too.
export * from '../metrics/stats';
