export * from './outcome';
export * from './source';
export * from './binning';
export * from './woe';
export * from './discrimination';
export * from './psi';
export * from './leakage';
export * from './candidates';
