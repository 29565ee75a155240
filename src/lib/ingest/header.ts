import { modeOf } from './delimited';

type Cell = string | null | undefined;

const NUMBER_LIKE = /^[\s(（+-]*[¥$￥]?\s*[\d.,，]+\s*(%|万元|万|亿元|亿|元)?[)）]?\s*$/;
const DATE_LIKE = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?([ T].*)?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

/** A cell that reads like data (a number, date or boolean) rather than like a column label. */
export function isDataLike(cell: Cell): boolean {
  if (cell === null || cell === undefined) return false;
  const v = cell.trim();
  if (v === '') return false;
  return NUMBER_LIKE.test(v) || DATE_LIKE.test(v) || /^(true|false)$/i.test(v);
}

const isBlank = (c: Cell) => c === null || c === undefined || c.trim() === '';

/**
 * Index of the header row among the first rows, or -1 when the file has no header. The header is
 * the first row that is about as wide as the data, whose cells are all label-like (no numbers or
 * dates) and distinct, and that is followed by a row with data-like cells or by rows only.
 */
export function detectHeaderRow(rows: readonly (readonly Cell[])[], lookAhead = 15): number {
  if (rows.length === 0) return -1;
  const widths = rows.slice(0, 200).map((r) => r.filter((c) => !isBlank(c)).length);
  const { value: dataWidth } = modeOf(widths.slice(Math.min(widths.length - 1, 1)));
  for (let r = 0; r < Math.min(rows.length, lookAhead); r++) {
    const cells = rows[r].filter((c) => !isBlank(c)).map((c) => c!.trim());
    if (cells.length === 0 || cells.length < Math.max(1, Math.ceil(dataWidth * 0.6))) continue;
    if (cells.some(isDataLike)) {
      // Data before any label row: the file has no header.
      if (cells.filter(isDataLike).length >= cells.length / 2) return -1;
      continue;
    }
    // Exports repeat a name now and then (two 备注 columns): dedupeHeaders renames them; a row of mostly repeated words is data.
    if (new Set(cells).size < cells.length * 0.5) continue;
    return r;
  }
  return -1;
}

/**
 * Column names for a table: blank headers become `column_<n>`, and duplicates (DuckDB compares
 * names case-insensitively) get `_2`, `_3` … so every source column survives under a name close
 * to its own. `reserved` names (such as `_row`) are treated as taken.
 */
export function dedupeHeaders(headers: readonly Cell[], reserved: readonly string[] = ['_row']): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return headers.map((h, i) => {
    const base = isBlank(h) ? `column_${i + 1}` : h!;
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
