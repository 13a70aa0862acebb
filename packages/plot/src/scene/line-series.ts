/**
 * A curve of a line plot: x and y values, optional y error bars, and how it looks.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { toFloat64, type Numbers } from './values.js';

/** How a curve's line is drawn. */
export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'dashdot' | 'none';
/** The symbol drawn at each point. */
export type MarkerShape = 'none' | 'circle' | 'square' | 'triangle' | 'diamond' | 'plus' | 'cross';
/** Which y axis a curve is plotted against: the left one, or the second (right) one. */
export type YAxisSide = 'left' | 'right';

const LINE_STYLES: readonly LineStyle[] = ['solid', 'dashed', 'dotted', 'dashdot', 'none'];
const MARKERS: readonly MarkerShape[] = ['none', 'circle', 'square', 'triangle', 'diamond', 'plus', 'cross'];

/**
 * The colours given, in turn, to curves without one (the ten "tab10" hues, readable on white
 * and distinguishable by most colour-blind readers in the first few).
 */
export const DEFAULT_COLORS: readonly string[] = Object.freeze([
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]);

/** A curve as users give it: y, and optionally x (default 0, 1, 2, ...), errors and looks. */
export interface LineInput {
  /** Abscissae (default: the indices 0..n-1). */
  x?: Numbers;
  /** Ordinates. NaN and ±Infinity leave gaps. */
  y: Numbers;
  /** Symmetric y uncertainties (one standard deviation), drawn as error bars; NaN: no bar. */
  errors?: Numbers;
  /** The name in the legend. */
  label?: string;
  /** A CSS colour (default: the next of {@link DEFAULT_COLORS}). */
  color?: string;
  /** Line style (default `'solid'`). */
  lineStyle?: LineStyle;
  /** Line width in pixels (default 1.5). */
  lineWidth?: number;
  /** Marker (default `'none'`). */
  marker?: MarkerShape;
  /** Marker size in pixels (default 6). */
  markerSize?: number;
  /** The y axis (default `'left'`). */
  yAxis?: YAxisSide;
}

/** A validated curve. Build it with {@link lineSeries}. */
export interface LineSeries {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly errors?: Float64Array;
  readonly label?: string;
  /** Undefined: the axes give the next default colour. */
  readonly color?: string;
  readonly lineStyle: LineStyle;
  readonly lineWidth: number;
  readonly marker: MarkerShape;
  readonly markerSize: number;
  readonly yAxis: YAxisSide;
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new ArgumentError(`${name} must be one of ${allowed.map(show).join(', ')}; got ${show(value)}`);
  return value;
}

function size(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ArgumentError(`${name} must be a finite number >= 0, got ${show(value)}`);
  return value;
}

/**
 * Validates a curve: x, y and errors of one length (ShapeError otherwise), at least one point,
 * errors >= 0 (or NaN), known styles. Values are copied.
 *
 * @param name - how errors name the curve (default `'series'`)
 * @example
 * ```ts
 * const s = lineSeries({ y: [1, 4, 9], errors: [1, 2, 3], label: 'squares', marker: 'circle' });
 * s.x; // Float64Array [0, 1, 2]
 * ```
 */
export function lineSeries(input: LineInput, name = 'series'): LineSeries {
  if (typeof input !== 'object' || input === null) throw new ArgumentError(`${name} must be an object {x?, y, errors?, ...}, got ${show(input)}`);
  const y = toFloat64(input.y, `${name}.y`);
  if (y.length === 0) throw new ArgumentError(`${name}.y is empty: there is nothing to plot`);
  const x = input.x === undefined ? Float64Array.from(y, (_, i) => i) : toFloat64(input.x, `${name}.x`);
  if (x.length !== y.length) throw new ShapeError(`${name}.x has ${x.length} values but ${name}.y has ${y.length}`);
  let errors: Float64Array | undefined;
  if (input.errors !== undefined) {
    errors = toFloat64(input.errors, `${name}.errors`);
    if (errors.length !== y.length) throw new ShapeError(`${name}.errors has ${errors.length} values but ${name}.y has ${y.length}`);
    const bad = errors.findIndex((e) => e < 0 || e === Infinity);
    if (bad >= 0) throw new ArgumentError(`${name}.errors[${bad}] must be a finite number >= 0 (or NaN for none), got ${show(errors[bad])}`);
  }
  if (input.label !== undefined && typeof input.label !== 'string') throw new ArgumentError(`${name}.label must be a string, got ${show(input.label)}`);
  if (input.color !== undefined && (typeof input.color !== 'string' || input.color.trim() === '')) {
    throw new ArgumentError(`${name}.color must be a CSS colour string, got ${show(input.color)}`);
  }
  const lineStyle = oneOf(input.lineStyle, LINE_STYLES, 'solid', `${name}.lineStyle`);
  const marker = oneOf(input.marker, MARKERS, 'none', `${name}.marker`);
  if (lineStyle === 'none' && marker === 'none' && errors === undefined) {
    throw new ArgumentError(`${name} has lineStyle 'none' and marker 'none': it would draw nothing`);
  }
  return {
    x,
    y,
    errors,
    label: input.label,
    color: input.color,
    lineStyle,
    lineWidth: size(input.lineWidth, 1.5, `${name}.lineWidth`),
    marker,
    markerSize: size(input.markerSize, 6, `${name}.markerSize`),
    yAxis: oneOf(input.yAxis, ['left', 'right'], 'left', `${name}.yAxis`),
  };
}
