/** The portfolio metric layer: each export builds a MetricQuery (SQL + params + shape) over `loan_facts`/`snapshots`. */
export * from './overview';
export * from './mix';
export * from './trend';
export * from './breakdown';
export * from './concentration';
export * from './lorenz';
export * from './limits';
export * from './vintage';
export * from './rollrate';
export * from './migration';
export * from './transition';
export * from './consistency';
export type { Figure, Requirement } from './requirements';
export type { InclusiveTolerance } from './tolerance';
export { INCLUSIVE_NPL_TOLERANCE_POINTS } from './tolerance';
export type { ScopeOptions } from './sql';
export { DPD_BUCKETS, type DpdBucket } from '../dpd';
