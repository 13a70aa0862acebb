/**
 * The CPU engines' loops on the core pool (internal): their names, and their registration, all
 * at once at the first engine (a registration replaces the pool's idle workers, so one is better
 * than one per engine kind).
 *
 * @example
 * ```ts
 * registerIntegrateLoops();
 * await runOnPool([{ name: LOOP.rows, fns: [], args }]);
 * ```
 * @module
 */
import { registerPoolLoops } from '@pandaas/core';
import { axisSpan, splitBBox1d, splitBBox2d } from '../splitting/bbox.js';
import { splitFull1d, splitFull2d } from '../splitting/full.js';
import { columnFill, recenter, stripAreas } from '../splitting/quad.js';
import { csrIntegrateRows, csrIntegrateRowsAzimuthal, mergeChunks, prepareFrame, scatterAzimuthal, scatterSums } from './cpu-loops.js';

/**
 * The pool names of the loops and of the functions the splitting loops take.
 *
 * @example
 * ```ts
 * runOnPool([{ name: LOOP.bbox1d, fns: [LOOP.scatterSums, LOOP.axisSpan], args }]);
 * ```
 */
export const LOOP = {
  rows: 'integrate:csrIntegrateRows',
  rowsAzimuthal: 'integrate:csrIntegrateRowsAzimuthal',
  prepare: 'integrate:prepareFrame',
  merge: 'integrate:mergeChunks',
  bbox1d: 'integrate:splitBBox1d',
  bbox2d: 'integrate:splitBBox2d',
  full1d: 'integrate:splitFull1d',
  full2d: 'integrate:splitFull2d',
  axisSpan: 'integrate:axisSpan',
  recenter: 'integrate:recenter',
  stripAreas: 'integrate:stripAreas',
  columnFill: 'integrate:columnFill',
  scatterSums: 'integrate:scatterSums',
  scatterAzimuthal: 'integrate:scatterAzimuthal',
} as const;

let registered = false;

/**
 * Puts every loop of {@link LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerIntegrateLoops();
 * ```
 */
export function registerIntegrateLoops(): void {
  if (registered) return;
  registerPoolLoops({
    [LOOP.rows]: csrIntegrateRows,
    [LOOP.rowsAzimuthal]: csrIntegrateRowsAzimuthal,
    [LOOP.prepare]: prepareFrame,
    [LOOP.merge]: mergeChunks,
    [LOOP.bbox1d]: splitBBox1d,
    [LOOP.bbox2d]: splitBBox2d,
    [LOOP.full1d]: splitFull1d,
    [LOOP.full2d]: splitFull2d,
    [LOOP.axisSpan]: axisSpan,
    [LOOP.recenter]: recenter,
    [LOOP.stripAreas]: stripAreas,
    [LOOP.columnFill]: columnFill,
    [LOOP.scatterSums]: scatterSums,
    [LOOP.scatterAzimuthal]: scatterAzimuthal,
  });
  registered = true;
}
