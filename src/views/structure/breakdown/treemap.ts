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
  /** Lays a row of tiles along the shorter side of the free rectangle, then shrinks it. */
  const place = (r: T[]) => {
    const sum = r.reduce((s, t) => s + weight(t) * scale, 0);
    const column = w >= h;
    const thickness = sum / (column ? h : w);
    let along = column ? y : x;
    for (const t of r) {
      const length = (weight(t) * scale) / thickness;
      out.push(column
        ? { item: t, x1: x, y1: along, x2: x + thickness, y2: along + length }
        : { item: t, x1: along, y1: y, x2: along + length, y2: y + thickness });
      along += length;
    }
    if (column) {
      x += thickness;
      w -= thickness;
    } else {
      y += thickness;
      h -= thickness;
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
