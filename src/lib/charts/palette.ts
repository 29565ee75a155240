import type { ChartContext } from './types';

let cached: { theme: string | undefined; colors: ChartContext['colors'] } | undefined;

/**
 * The theme's chart colours from the page's CSS variables, read once per applied theme (the
 * `data-theme` of the page): reading computed styles forces a style recalculation, which every
 * chart redrawn after a click would otherwise pay.
 */
export function themeColors(): ChartContext['colors'] {
  const theme = document.documentElement.dataset.theme;
  if (cached && cached.theme === theme) return cached.colors;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const colors = {
    text: v('--text'),
    muted: v('--text-muted'),
    accent: v('--accent'),
    grid: v('--border'),
    seqLow: v('--seq-low'),
    seqHigh: v('--seq-high'),
    weak: v('--weak'),
  };
  // Before the stylesheet is in (no variable set yet), nothing is kept.
  if (colors.text) cached = { theme, colors };
  return colors;
}
