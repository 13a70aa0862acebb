/**
 * A figure: the picture's size, background and title, and its axes.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import type { Axes } from './axes.js';

/** How to build a {@link Figure}. */
export interface FigureOptions {
  /** Width in CSS pixels (default 640). */
  width?: number;
  /** Height in CSS pixels (default 480). */
  height?: number;
  /** A title above the plot. */
  title?: string;
  /** A CSS colour behind everything (default `'#ffffff'`). */
  background?: string;
  /** The axes (one plot area for now). */
  axes: Axes;
}

/** A validated figure, ready for `renderSvg`, `renderPng` or `renderCanvas`. */
export interface Figure {
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  readonly background: string;
  readonly axes: readonly Axes[];
}

/** The smallest figure side: below it there is no room for ticks and labels. */
export const MIN_FIGURE_SIDE = 120;
/** The largest figure side (the canvas limit of common browsers). */
export const MAX_FIGURE_SIDE = 16384;

function side(v: number | undefined, fallback: number, name: string): number {
  const n = v ?? fallback;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < MIN_FIGURE_SIDE || n > MAX_FIGURE_SIDE) {
    throw new ArgumentError(`${name} must be a number from ${MIN_FIGURE_SIDE} to ${MAX_FIGURE_SIDE} (pixels), got ${show(v)}`);
  }
  return Math.round(n);
}

/**
 * Validates a figure.
 *
 * @example
 * ```ts
 * const fig = createFigure({ width: 800, height: 600, title: 'scan 12', axes });
 * ```
 */
export function createFigure(options: FigureOptions): Figure {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`figure options must be an object, got ${show(options)}`);
  if (typeof options.axes !== 'object' || options.axes === null) throw new ArgumentError(`axes must be built with createAxes(), got ${show(options.axes)}`);
  if (options.title !== undefined && typeof options.title !== 'string') throw new ArgumentError(`title must be a string, got ${show(options.title)}`);
  const background = options.background ?? '#ffffff';
  if (typeof background !== 'string' || background.trim() === '') throw new ArgumentError(`background must be a CSS colour string, got ${show(background)}`);
  return {
    width: side(options.width, 640, 'width'),
    height: side(options.height, 480, 'height'),
    title: options.title === '' ? undefined : options.title,
    background,
    axes: [options.axes],
  };
}
