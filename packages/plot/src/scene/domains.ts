/**
 * The data ranges the axes show: fixed ones as given, automatic ones from the curves (nice
 * numbers) and the image (its exact extent). Checks that every curve has something to show.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { niceDomain } from '../scales/scale.js';
import type { Axes } from './axes.js';
import type { AxisModel } from './axis.js';
import type { LineSeries } from './line-series.js';

/** The [min, max] data range of each axis (min < max; the axis direction is separate). */
export interface Domains {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly y2?: readonly [number, number];
}

/** Whether v can be placed on an axis of this scale (finite; > 0 on log). */
function placeable(v: number, axis: AxisModel): boolean {
  return Number.isFinite(v) && (axis.scale !== 'log' || v > 0);
}

function describe(s: LineSeries, index: number): string {
  return s.label ? `curve ${index} (${JSON.stringify(s.label)})` : `curve ${index}`;
}

/** Throws unless the curve has a point with x and y both placeable on their axes. */
function checkCurve(s: LineSeries, index: number, x: AxisModel, y: AxisModel, yName: string): void {
  for (let i = 0; i < s.y.length; i++) if (placeable(s.x[i], x) && placeable(s.y[i], y)) return;
  const finiteY = s.y.some(Number.isFinite);
  const finiteX = s.x.some(Number.isFinite);
  let why: string;
  if (!finiteY) why = 'all its y values are NaN or infinite';
  else if (!finiteX) why = 'all its x values are NaN or infinite';
  else if (y.scale === 'log' || x.scale === 'log') {
    why = `no point has x and y both showable (x axis ${x.scale}, ${yName} axis ${y.scale}: a log axis shows values > 0 only)`;
  } else why = 'no point has both x and y finite';
  throw new ArgumentError(`${describe(s, index)} has nothing to plot: ${why}`);
}

/** Values of the curves along one axis (y with its error bar ends), placeable ones only. */
function collect(lines: readonly { s: LineSeries; i: number }[], axis: AxisModel, pick: 'x' | 'y'): number[] {
  const out: number[] = [];
  for (const { s } of lines) {
    const values = s[pick];
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (!placeable(v, axis)) continue;
      out.push(v);
      const e = pick === 'y' ? s.errors?.[k] : undefined;
      if (e !== undefined && Number.isFinite(e) && e > 0) {
        if (placeable(v - e, axis)) out.push(v - e);
        if (placeable(v + e, axis)) out.push(v + e);
      }
    }
  }
  return out;
}

function resolve(axis: AxisModel, values: number[], extent: readonly [number, number] | undefined): readonly [number, number] {
  if (axis.range !== undefined) return axis.range;
  if (extent !== undefined) {
    let lo = Math.min(extent[0], extent[1]);
    let hi = Math.max(extent[0], extent[1]);
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [lo, hi];
  }
  return niceDomain(axis.scale, values, { linthresh: axis.linthresh });
}

/**
 * The data range of every axis of `axes`. Throws an ArgumentError naming the curve when one has
 * no point that can be drawn (empty after NaNs, or nothing positive on a log axis): a plot never
 * silently leaves a curve out.
 *
 * @example
 * ```ts
 * resolveDomains(createAxes({ lines: [lineSeries({ y: [1, 2, 3] })] })).x; // [0, 2]
 * ```
 */
export function resolveDomains(axes: Axes): Domains {
  const indexed = axes.lines.map((s, i) => ({ s, i }));
  const left = indexed.filter(({ s }) => s.yAxis === 'left');
  const right = indexed.filter(({ s }) => s.yAxis === 'right');
  for (const { s, i } of left) checkCurve(s, i, axes.x, axes.y, 'y');
  if (axes.y2 !== undefined) for (const { s, i } of right) checkCurve(s, i, axes.x, axes.y2, 'y2');
  const image = axes.image;
  const x = resolve(axes.x, collect(indexed, axes.x, 'x'), image && [image.xAxis.start, image.xAxis.end]);
  const y = resolve(axes.y, collect(left, axes.y, 'y'), image && [image.yAxis.start, image.yAxis.end]);
  if (axes.y2 === undefined) return { x, y };
  if (right.length === 0 && axes.y2.range === undefined) {
    throw new ArgumentError("the y2 axis has no curve on it (yAxis: 'right') and no fixed range: there is nothing to scale it by");
  }
  return { x, y, y2: resolve(axes.y2, collect(right, axes.y2, 'y'), undefined) };
}
