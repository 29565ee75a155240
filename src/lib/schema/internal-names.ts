/**
 * The build's own column names start with this prefix; a source column carrying it is kept as an
 * extra attribute under `src<name>` (see extraColumns), so no file can collide with them.
 */
export const INTERNAL_PREFIX = '__lb_';
/** The intermediate table's reject reason and rule columns. */
export const REASON = `${INTERNAL_PREFIX}reason`;
export const RULE = `${INTERNAL_PREFIX}rule`;
