import type { Screen } from '../routes';

export type PublishableScreen = Extract<Screen, 'overview' | 'structure' | 'cases' | 'causes' | 'process'>;
export type BookTableName = 'loans' | 'snapshots' | 'inspections';

export interface PublishedTable {
  /** Relative to the dashboard folder. */
  path: string;
  rows: number;
  bytes: number;
}

export type PublishMode = 'loans' | 'masked' | 'aggregate';

/** One published cube: a plan's measures grouped by its groups and `dimensions` (publish/aggregate.ts). */
export interface PublishedCube {
  /** planSignature of the plan it answers. */
  signature: string;
  dimensions: string[];
  /** The dimension sets it has cells for (aggregate.ts setName). */
  sets: string[];
  path: string;
  rows: number;
  bytes: number;
}

export interface PublishedAggregate {
  /** k: cells on fewer loans are suppressed. */
  minCell: number;
  /** Dimensions a viewer may filter on (one at a time). */
  dimensions: string[];
  cubes: PublishedCube[];
  /** book_presence and book_outcome (one row each) as JSON. */
  facts: { path: string };
  /** The book's shape as the app describes it (counts, mapped fields, outcome, settings). */
  shape: import('../book/activate').BookShape;
}

export interface PrivacyNote {
  pseudonymised: string[];
  dropped: string[];
  coarsened: string[];
  minCell?: number;
  /** Cells published, and how many of them were suppressed. */
  cells?: number;
  suppressedCells?: number;
}

export interface PublishedBook {
  name: string;
  /** No loans table in an aggregate dashboard. */
  tables: Partial<Record<BookTableName, PublishedTable>>;
  aggregate?: PublishedAggregate;
  /** The book's outcome rule and currency (book_settings) at publishing. */
  settings?: { outcomeRule: 'flag' | 'date' | 'flag_or_date' | null; currency: string | null };
}

export interface DashboardConfig {
  format: 'loanbook-lab-dashboard';
  version: 1;
  title: string;
  note: string;
  screens: PublishableScreen[];
  /** The filter set in its URL form (`f` parameter); empty for none. */
  filters: string;
  book?: PublishedBook;
  publishedAt?: string;
  /** A case-study pack published with the dashboard (a class works through it in student mode). */
  pack?: { path: string };
  mode: PublishMode;
  privacy?: PrivacyNote;
}

export type PublishedDashboard = DashboardConfig & { book: PublishedBook };

export const DASHBOARD_FILE: 'dashboard.json';
export const DASHBOARD_FORMAT: 'loanbook-lab-dashboard';
export const DASHBOARD_VERSION: 1;
export const DASHBOARD_META: 'loanbook-dashboard';
export const DATA_DIR: 'data';
export const PUBLISHABLE_SCREENS: readonly PublishableScreen[];
export const BOOK_TABLE_NAMES: readonly BookTableName[];
export const HEADLINE_LOAN_COLUMNS: readonly string[];
export const PUBLISH_MODES: readonly PublishMode[];
export const AGGREGATE_SCREENS: readonly PublishableScreen[];
export const DEFAULT_MIN_CELL: 5;

export class DashboardConfigError extends Error {}

export function parseDashboardConfig(value: unknown, options?: { requireBook?: true }): PublishedDashboard;
export function parseDashboardConfig(value: unknown, options: { requireBook: false }): DashboardConfig;
export function isSafeRelativePath(path: string): boolean;
