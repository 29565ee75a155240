/** A book on disk: its name and, per canonical table, the file holding it (`loans` always). */
export interface LocatedBook {
  name: string;
  tables: { loans: string; snapshots?: string; inspections?: string };
}
export declare const ROW_GROUP_SIZE: number;
export declare function locateBook(path: string): LocatedBook;
