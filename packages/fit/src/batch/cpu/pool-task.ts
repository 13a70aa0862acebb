/**
 * The pool loop of batch fits, registered with core's `registerPoolLoops`: self-contained (its
 * source text runs in the workers), it compiles the library source it is given once per worker
 * (kept on the worker's global object, so the compiled code stays warm from one call to the
 * next), makes a workspace of the layout it is given and runs the library's `runCurves`.
 *
 * @module
 */
import type { LmArrays } from '../../leastsq/lm-core.js';
import type { ComponentCodes, CurvesInput, CurvesOutput } from './run-curves.js';

/** The typed arrays of a `leastsqInto` workspace: name, class and length of each. */
export interface WorkspaceLayout {
  nPoints: number;
  nParams: number;
  arrays: [name: string, type: 'Float64Array' | 'Int32Array', length: number][];
}

/**
 * Runs curves [first, first + count) on a pool worker: see the module comment.
 *
 * @example
 * ```ts
 * await runOnPool([{ name: 'fit/batch:curves', fns: [], args: [librarySource(), layout, codes, input, 0, n, out] }]);
 * ```
 */
export function fitCurvesTask(
  source: string, layout: WorkspaceLayout, codes: ComponentCodes, input: CurvesInput, first: number, count: number, out: CurvesOutput,
): void {
  const g = globalThis as unknown as { __pandaasFitLibraries?: Map<string, { runCurves: (...args: unknown[]) => void }> };
  const cache = (g.__pandaasFitLibraries ??= new Map());
  let lib = cache.get(source);
  if (lib === undefined) {
    lib = new Function(source)() as { runCurves: (...args: unknown[]) => void };
    cache.set(source, lib);
  }
  const ws: Record<string, unknown> = { nPoints: layout.nPoints, nParams: layout.nParams };
  for (const [name, type, length] of layout.arrays) ws[name] = type === 'Int32Array' ? new Int32Array(length) : new Float64Array(length);
  lib.runCurves(lib, ws as unknown as LmArrays, null, codes, input, first, count, out);
}
