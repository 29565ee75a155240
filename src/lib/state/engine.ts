import { BrowserDb } from '../db/browser';
import type { Db } from '../db/types';

/** The tab's one engine. DuckDB starts on the first query, not at page load. */
export const browserDb = new BrowserDb();
export const db: Db = browserDb;
