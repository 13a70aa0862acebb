/**
 * The fixed look of pandaas plots: fonts, sizes, gaps and colours, in CSS pixels.
 *
 * @module
 */
import { ASCENT_EM, CAP_HEIGHT_EM, DESCENT_EM } from '../render/text-metrics.js';

/** The font family: DejaVu Sans (registered for PNG output in Node.js), then look-alikes. */
export const FONT_FAMILY = '"DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif';

/** Font sizes in pixels. */
export const FONT_SIZE = { tick: 11, label: 12, title: 14, legend: 11 } as const;

/**
 * The CSS font shorthand of a size, e.g. `font(11)` is `'11px "DejaVu Sans", ...'`.
 *
 * @example
 * ```ts
 * ctx.font = font(FONT_SIZE.tick);
 * ```
 */
export function font(size: number): string {
  return `${size}px ${FONT_FAMILY}`;
}

/**
 * Vertical extents of a line of text at `size` pixels, from its alphabetic baseline.
 *
 * @example
 * ```ts
 * textBox(12).cap; // 8.75: the height of capitals and digits
 * ```
 */
export function textBox(size: number): { cap: number; ascent: number; descent: number; line: number } {
  return { cap: size * CAP_HEIGHT_EM, ascent: size * ASCENT_EM, descent: size * DESCENT_EM, line: size * (ASCENT_EM + DESCENT_EM) };
}

/** Gaps and lengths of the layout. */
export const SPACING = {
  /** Empty border around the figure. */
  pad: 8,
  /** Major tick length (minor ticks are half). */
  tick: 5,
  /** Between a tick and its label. */
  tickGap: 3,
  /** Between tick labels and the axis title. */
  labelGap: 6,
  /** Between the plot area (or the y2 axis) and the colorbar. */
  colorbarGap: 16,
  /** Width of the colorbar. */
  colorbarWidth: 14,
  /** Target spacing of major ticks along x and along y. */
  xTickSpacing: 90,
  yTickSpacing: 55,
  /** Legend: inner padding, row height, sample line length, margin to the plot frame. */
  legendPad: 6,
  legendRow: 16,
  legendSample: 26,
  legendMargin: 8,
} as const;

/** Colours of the frame, text, grid and legend box. */
export const COLORS = { frame: '#000000', text: '#000000', grid: '#dcdcdc', legendFill: '#ffffff', legendEdge: '#b0b0b0' } as const;
