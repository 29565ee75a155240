import { DIMENSIONS, sourceField } from './params';

/**
 * The dimension to show: the chosen one when the book maps it, otherwise the first of the
 * offered dimensions it maps (other than `exclude`), so a default such as Region never draws an
 * empty view on a book without regions. A column of the book's own (not an offered dimension) stands,
 * and so does the choice when nothing is mapped (the view then says what to map).
 */
export function mappedDimension(chosen: string, mapped: ReadonlySet<string>, exclude?: string): string {
  const isMapped = (d: string) => mapped.has(sourceField(d));
  const offered = (DIMENSIONS as readonly string[]).includes(chosen);
  if (chosen !== exclude && (isMapped(chosen) || !offered)) return chosen;
  return DIMENSIONS.find((d) => d !== exclude && isMapped(d)) ?? chosen;
}
