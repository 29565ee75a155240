export * from './measures';
export * from './turnaround';
export * from './byGroup';
