/** A rectangle of a treemap, in the units of the area it was laid out in. */
export interface Tile<T> {
  item: T;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Squarified treemap layout (Bruls, Huizing & van Wijk): areas proportional to `weight`, rows chosen
 * so that tiles stay close to square. Items with no positive weight get no tile.
 */
export function squarify<T>(items: readonly T[], weight: (t: T) => number, width: number, height: number): Tile<T>[] {
  const sorted = items.filter((t) => weight(t) > 0).sort((a, b) => weight(b) - weight(a));
  const total = sorted.reduce((s, t) => s + weight(t), 0);
  if (total <= 0) return [];
  const scale = (width * height) / total;
  const out: Tile<T>[] = [];
  let x = 0, y = 0, w = width, h = height;
  let row: T[] = [];

  const worst = (r: T[], side: number) => {
    const areas = r.map((t) => weight(t) * scale);
    const sum = areas.reduce((a, b) => a + b, 0);
    const max = Math.max(...areas), min = Math.min(...areas);
    return Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
  };
  const place = (r: T[]) => {
    const sum = r.reduce((s, t) => s + weight(t) * scale, 0);
    if (w >= h) {
      const rowWidth = sum / h;
      let cy = y;
      for (const t of r) {
        const th = (weight(t) * scale) / rowWidth;
        out.push({ item: t, x1: x, y1: cy, x2: x + rowWidth, y2: cy + th });
        cy += th;
      }
      x += rowWidth;
      w -= rowWidth;
    } else {
      const rowHeight = sum / w;
      let cx = x;
      for (const t of r) {
        const tw = (weight(t) * scale) / rowHeight;
        out.push({ item: t, x1: cx, y1: y, x2: cx + tw, y2: y + rowHeight });
        cx += tw;
      }
      y += rowHeight;
      h -= rowHeight;
    }
  };

  for (const t of sorted) {
    const side = Math.min(w, h);
    if (row.length === 0 || worst([...row, t], side) <= worst(row, side)) row.push(t);
    else {
      place(row);
      row = [t];
    }
  }
  if (row.length) place(row);
  return out;
}
