import { COLORMAP_NAMES, NORMALIZATIONS, SCALE_TYPES, type ColormapName, type ImagePlotOptions, type LinePlotOptions, type Normalization, type ScaleType } from '@pandaas/plot';
import { UsageError } from '../../framework/cli-error.js';

/**
 * The `--scale` values: the image normalizations and the line plots' y scales.
 *
 * @example
 * ```ts
 * SCALE_CHOICES.includes('symlog'); // true (curves only)
 * ```
 */
export const SCALE_CHOICES: readonly string[] = [...new Set<string>([...NORMALIZATIONS, ...SCALE_TYPES])];

/**
 * The colormap names `--colormap` accepts (silx's list, from @pandaas/plot).
 *
 * @example
 * ```ts
 * COLORMAP_CHOICES.includes('magma'); // true
 * ```
 */
export const COLORMAP_CHOICES: readonly string[] = COLORMAP_NAMES;

/** What `pandaas plot`'s options ask of the figure (only what was given). */
export interface FigureChoices {
  readonly colormap?: ColormapName;
  readonly scale?: string;
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

/**
 * Options for `imagePlot`/`plotNxdata`'s images: colormap, `--scale` as the colour
 * normalization, size and title (keys left out when not given, so the library's defaults hold).
 * A scale that only axes have (`symlog`) is a {@link UsageError}.
 *
 * @example
 * ```ts
 * imageFigureOptions({ colormap: 'magma', scale: 'log' }); // { colormap: 'magma', normalization: 'log' }
 * ```
 */
export function imageFigureOptions(choices: FigureChoices): ImagePlotOptions {
  const { scale } = choices;
  if (scale !== undefined && !(NORMALIZATIONS as readonly string[]).includes(scale)) {
    throw new UsageError(`--scale ${scale} applies to line plots; an image takes one of ${NORMALIZATIONS.join(', ')}`);
  }
  return {
    ...figurePart(choices),
    ...(choices.colormap === undefined ? {} : { colormap: choices.colormap }),
    ...(scale === undefined ? {} : { normalization: scale as Normalization }),
  };
}

/**
 * Options for `linePlot`/`plotNxdata`'s curves: `--scale` as the y axis scale, size and title
 * (a colormap has no use there: the caller says so).
 *
 * @example
 * ```ts
 * lineFigureOptions({ scale: 'log', title: 'monitor' }); // { title: 'monitor', yAxis: { scale: 'log' } }
 * ```
 */
export function lineFigureOptions(choices: FigureChoices): LinePlotOptions {
  return { ...figurePart(choices), ...(choices.scale === undefined ? {} : { yAxis: { scale: choices.scale as ScaleType } }) };
}

function figurePart(choices: FigureChoices): { width?: number; height?: number; title?: string } {
  return {
    ...(choices.width === undefined ? {} : { width: choices.width }),
    ...(choices.height === undefined ? {} : { height: choices.height }),
    ...(choices.title === undefined ? {} : { title: choices.title }),
  };
}
