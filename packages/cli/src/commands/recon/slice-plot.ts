import { imagePlot, renderPng, renderSvg } from '@pandaas/plot';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';

/**
 * One reconstructed slice to plot: its values `[size, size]` (row-major), the image pixel the
 * axis passes through, and its title.
 *
 * @example
 * ```ts
 * const slice: SlicePicture = { values, size: 452, imageCenter: 225.5, title: 'tooth.h5, detector row 1' };
 * ```
 */
export interface SlicePicture {
  readonly values: Float32Array;
  readonly size: number;
  readonly imageCenter: number;
  readonly title: string;
}

/**
 * The picture of a slice as a heatmap (viridis, min–max, row 0 on top as image viewers show it),
 * x and y in pixels from the rotation axis, the colorbar in 1/pixel.
 *
 * @example
 * ```ts
 * const png = await slicePng(slice);
 * ```
 */
export function slicePng(slice: SlicePicture, scale = 1): Promise<Uint8Array> {
  return renderPng(sliceFigure(slice), { scale });
}

function sliceFigure(slice: SlicePicture) {
  const edges = Float64Array.from({ length: slice.size + 1 }, (_, i) => i - 0.5 - slice.imageCenter);
  return imagePlot(
    { values: slice.values, width: slice.size, height: slice.size },
    {
      x: edges,
      y: edges,
      origin: 'upper',
      title: slice.title,
      xAxis: { label: 'x', units: 'pixels from the axis' },
      yAxis: { label: 'y', units: 'pixels from the axis' },
      colorbar: { label: 'μ', units: '1/pixel' },
      width: 640,
      height: 560,
    },
  );
}

/**
 * Writes the picture of a slice as PNG or SVG (by the extension of `path`).
 *
 * @example
 * ```ts
 * await writeSlicePlot('slice.png', slice);
 * ```
 */
export async function writeSlicePlot(path: string, slice: SlicePicture): Promise<void> {
  await writeFile(path, extname(path).toLowerCase() === '.svg' ? renderSvg(sliceFigure(slice)) : await slicePng(slice));
}
