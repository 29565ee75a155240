/** The diagnosis report: metric results → findings, causes, remedies and cases; HTML export. */
export * from './types';
export * from './settings';
export * from './stats';
export * from './collect';
export * from './assemble';
export * from './queries';
export { runDownToLimit } from './findings/structure';
export { exceptionFigures } from './findings/classification';
export { liftTests } from './findings/flags';
export * from './text';
export * from './html';
export { evidenceSvg, escapeXml } from './svg';
export * from './changes';
