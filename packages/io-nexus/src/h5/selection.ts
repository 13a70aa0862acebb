import { ArgumentError, IndexRangeError, type SliceSpec } from '@pandaas/core';
import { show } from '@pandaas/core';
import type { Hyperslab } from './types.js';

/**
 * A selection of a dataset: one {@link SliceSpec} per leading axis, as `NdArray.slice` takes
 * them (an integer picks one index and drops the axis, `null` keeps the axis, `[start, stop,
 * step]` keeps a range; negative start/stop count from the end). Steps must be positive: HDF5
 * hyperslabs only go forward (flip the NdArray afterwards).
 */
export type Selection = readonly SliceSpec[];

/** A selection turned into a hyperslab, and the shape of the array it gives. */
export interface ResolvedSelection {
  readonly slab: Hyperslab;
  /** The result's shape: the hyperslab's counts without the axes picked by an integer. */
  readonly shape: readonly number[];
}

/**
 * Checks a {@link Selection} against a dataset shape and turns it into a hyperslab; indices and
 * bounds outside the axis are an {@link IndexRangeError}, never clamped.
 */
export function resolveSelection(shape: readonly number[], selection: Selection, where: string): ResolvedSelection {
  if (!Array.isArray(selection)) throw new ArgumentError(`${where}: selection must be an array of per-axis specs; got ${show(selection)}`);
  if (selection.length > shape.length) {
    throw new IndexRangeError(`${where}: selection has ${selection.length} specs for a dataset of shape ${show(shape)}`);
  }
  const start: number[] = [];
  const count: number[] = [];
  const step: number[] = [];
  const out: number[] = [];
  shape.forEach((n, ax) => {
    const spec = selection[ax] ?? null;
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < -n || spec >= n) {
        throw new IndexRangeError(`${where}: index for axis ${ax} must be an integer in [${-n}, ${n - 1}]; got ${show(spec)}`);
      }
      start.push(spec < 0 ? spec + n : spec);
      count.push(1);
      step.push(1);
      return;
    }
    if (spec !== null && !Array.isArray(spec)) {
      throw new ArgumentError(`${where}: selection spec for axis ${ax} must be an integer, null or [start, stop, step]; got ${show(spec)}`);
    }
    const [s, c, st] = range(spec ?? [], n, ax, where);
    start.push(s);
    count.push(c);
    step.push(st);
    out.push(c);
  });
  return { slab: { start, count, step }, shape: out };
}

function range(spec: readonly (number | null | undefined)[], n: number, ax: number, where: string): [number, number, number] {
  const [rawStart, rawStop, rawStep] = spec;
  const step = rawStep ?? 1;
  if (!Number.isInteger(step) || step < 1) {
    throw new ArgumentError(`${where}: step for axis ${ax} must be a positive integer (HDF5 hyperslabs go forward); got ${show(rawStep)}`);
  }
  const bound = (v: number | null | undefined, fallback: number, name: string): number => {
    if (v === null || v === undefined) return fallback;
    if (!Number.isInteger(v) || v < -n || v > n) {
      throw new IndexRangeError(`${where}: ${name} for axis ${ax} must be an integer in [${-n}, ${n}]; got ${show(v)}`);
    }
    return v < 0 ? v + n : v;
  };
  const start = bound(rawStart, 0, 'start');
  const stop = bound(rawStop, n, 'stop');
  const count = stop > start ? Math.ceil((stop - start) / step) : 0;
  return [count === 0 ? 0 : start, count, step];
}

/** Checks a hyperslab received from elsewhere (a worker message) against a shape. */
export function assertHyperslab(shape: readonly number[], slab: Hyperslab, where: string): void {
  const ok =
    slab.start.length === shape.length &&
    slab.count.length === shape.length &&
    slab.step.length === shape.length &&
    shape.every((n, ax) => {
      const [s, c, st] = [slab.start[ax], slab.count[ax], slab.step[ax]];
      return Number.isInteger(s) && Number.isInteger(c) && Number.isInteger(st) && s >= 0 && c >= 0 && st >= 1 && (c === 0 || s + (c - 1) * st < n);
    });
  if (!ok) throw new IndexRangeError(`${where}: hyperslab ${show([slab.start, slab.count, slab.step])} does not fit shape ${show(shape)}`);
}

/**
 * The hyperslab of frames `[first, first + count)` of a stack (axis 0), whole along the other axes.
 *
 * @example
 * ```ts
 * framesSlab([200, 2167, 2070], 8, 2); // { start: [8, 0, 0], count: [2, 2167, 2070], step: [1, 1, 1] }
 * ```
 */
export function framesSlab(shape: readonly number[], first: number, count: number): Hyperslab {
  return {
    start: shape.map((_, axis) => (axis === 0 ? first : 0)),
    count: shape.map((n, axis) => (axis === 0 ? count : n)),
    step: shape.map(() => 1),
  };
}
