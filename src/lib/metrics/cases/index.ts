/** Case analysis: the case list, one loan's file (record, borrower, timeline, peers) and the notes / pack file formats. */
export * from './list';
export * from './caseFile';
export * from './timeline';
export * from './peers';
export * from './records';
