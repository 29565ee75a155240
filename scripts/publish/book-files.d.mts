/** A book on disk: its name and, per canonical table, the file holding it (`loans` always). */
export interface LocatedBook {
  name: string;
  tables: { loans: string; snapshots?: string; inspections?: string };
}
export declare const ROW_GROUP_SIZE: number;
export declare function locateBook(path: string): LocatedBook;
export declare function writeBookFiles(conn: unknown, book: LocatedBook, out: string): Promise<Record<string, { path: string; rows: number; bytes: number }>>;
