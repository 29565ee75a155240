/** Raw tables → the canonical book. Call order: proposeMapping → (user edits) → buildBook → qualityReport. */
export { proposeMapping, proposeTableMapping, profileColumns, type ColumnProfile, type Proposal } from './propose';
export { buildBook, buildMappingSql, extraColumns, type BuildCounts, type BuildTarget } from './build';
export { qualityReport, rawQuality, mappedFieldQuality, type QualityReport, type QualityCheck, type FieldQuality, type RawColumnQuality, type TableQuality } from './quality';
export { rejectsCsv } from './rejects';
export { headerSignature, makeProfile, matchProfile, applyProfile, serialiseProfiles, parseProfiles, type MappingProfile } from './profiles';
export { fieldStatuses, mappingProblems, JOIN_KEY, OUTCOME_FIELDS, type Mapping, type TableMapping, type FieldMapping, type FieldInfo } from './mapping';
export { defaultParser, type ParserSpec, type DateFormat, DEFAULT_TRUE_VALUES, DEFAULT_FALSE_VALUES } from './parsers';
