import { csvLines } from '../csv';

/** A table's rows as CSV text, with a BOM so that Excel reads Chinese text. */
export function toCsv(columns: readonly { key: string; label: string }[], rows: readonly object[]): string {
  const body = rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c.key]));
  return `\uFEFF${csvLines([columns.map((c) => c.label), ...body])}`;
}

/** A standalone SVG document of a rendered chart, with the computed colours baked in. */
export function svgDocument(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = getComputedStyle(svg);
  clone.style.background = getComputedStyle(document.body).backgroundColor;
  clone.style.color = style.color;
  clone.style.fontFamily = style.fontFamily;
  return new XMLSerializer().serializeToString(clone);
}

/** Rasterises a rendered chart at twice its size. */
export async function svgToPng(svg: SVGSVGElement): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([svgDocument(svg)], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * 2);
  canvas.height = Math.ceil(height * 2);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, width, height);
  URL.revokeObjectURL(img.src);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
}

/** A file name from a chart title: keeps letters of any script, drops the rest. */
export function fileName(title: string, ext: string): string {
  const base = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'chart';
  return `${base}.${ext}`;
}
