import type { Screen } from '../routes';

export type PublishableScreen = Extract<Screen, 'overview' | 'structure' | 'cases' | 'causes' | 'process'>;
export type BookTableName = 'loans' | 'snapshots' | 'inspections';

export interface PublishedTable {
  /** Relative to the dashboard folder. */
  path: string;
  rows: number;
  bytes: number;
}

export interface PublishedBook {
  name: string;
  tables: Partial<Record<BookTableName, PublishedTable>> & { loans: PublishedTable };
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

export class DashboardConfigError extends Error {}

export function parseDashboardConfig(value: unknown, options?: { requireBook?: true }): PublishedDashboard;
export function parseDashboardConfig(value: unknown, options: { requireBook: false }): DashboardConfig;
export function isSafeRelativePath(path: string): boolean;
