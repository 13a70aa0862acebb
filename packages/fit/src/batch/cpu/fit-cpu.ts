/**
 * Batch fits on the CPU: `leastsqInto`'s Levenberg-Marquardt core once per curve, the curves split
 * over core's worker pool (built-in models) or run on this thread (user models, whose code
 * cannot travel to a worker, and batches too small to be worth splitting).
 *
 * @module
 */
import { allocate, poolSize, registerPoolLoops, runOnPool, usePool, type PoolTask } from '@pandaas/core';
import { createLeastsqWorkspace } from '../../leastsq/workspace.js';
import { componentArrays } from '../../models/components.js';
import type { BatchProblem, BatchResult } from '../problem.js';
import { librarySource, LOCAL_LIBRARY } from './library.js';
import { fitCurvesTask, type WorkspaceLayout } from './pool-task.js';
import type { CurvesInput } from './run-curves.js';

/** The pool loop's name. */
const LOOP = 'fit/batch:curves';
/** Tasks per worker: fits differ in cost, so smaller tasks keep every worker busy to the end. */
const TASKS_PER_WORKER = 4;

let registered = false;

function layoutOf(m: number, nP: number): WorkspaceLayout {
  const ws = createLeastsqWorkspace(m, nP) as unknown as Record<string, unknown>;
  const arrays: WorkspaceLayout['arrays'] = [];
  for (const [name, value] of Object.entries(ws)) {
    if (value instanceof Float64Array) arrays.push([name, 'Float64Array', value.length]);
    else if (value instanceof Int32Array) arrays.push([name, 'Int32Array', value.length]);
  }
  return { nPoints: m, nParams: nP, arrays };
}

/** The curves as float64 that workers can see: the array's own storage when it already is, else a shared copy. */
async function sharedCurves(problem: BatchProblem): Promise<{ ys: Float64Array; yOff: number }> {
  const { ys } = problem;
  if (ys.backend.name === 'cpu' && ys.dtype === 'float64' && ys.isContiguous) {
    const own = ys.storage.buffer as Float64Array;
    if (own.buffer instanceof SharedArrayBuffer) return { ys: own, yOff: ys.offset };
  }
  const copy = allocate('float64', problem.n * problem.m, true);
  copy.set(await ys.data());
  return { ys: copy, yOff: 0 };
}

/**
 * Runs the fits of `problem` on the CPU and fills `result`.
 *
 * @example
 * ```ts
 * await fitOnCpu(problem, result);
 * ```
 */
export async function fitOnCpu(problem: BatchProblem, result: BatchResult): Promise<void> {
  const { n, m, nParams: nP } = problem;
  if (n === 0) return;
  const { ys, yOff } = await sharedCurves(problem);
  const x = allocate('float64', m, true);
  x.set(problem.x);
  const settings = Float64Array.of(
    problem.maxIter, problem.deltaChi, problem.epsfcn, problem.numericJacobian ? 1 : 0, problem.scaleCovar ? 1 : 0, problem.invSigma ? 1 : 0,
  );
  const input: CurvesInput = {
    m, nP, x, ys, yOff, p0: problem.p0, invalid: problem.invalid, invSigma: problem.invSigma ?? new Float64Array(0), settings,
    code: problem.code, ca: problem.ca, cb: problem.cb, ref: problem.ref,
  };
  const codes = problem.components === undefined ? null : componentArrays(problem.components);
  const work = n * m * nP;
  const parts = Math.min(n, poolSize() * TASKS_PER_WORKER);
  if (codes === null || parts < 2 || !usePool(work, [ys, problem.p0, result.params, result.sigmas, result.chi2, result.status, result.iterations])) {
    LOCAL_LIBRARY.runCurves(LOCAL_LIBRARY, createLeastsqWorkspace(m, nP), problem.model, null, input, 0, n, result);
    return;
  }
  if (!registered) {
    registerPoolLoops({ [LOOP]: fitCurvesTask });
    registered = true;
  }
  const source = librarySource();
  const layout = layoutOf(m, nP);
  const step = Math.ceil(n / parts);
  const tasks: PoolTask[] = [];
  for (let first = 0; first < n; first += step) {
    tasks.push({ name: LOOP, fns: [], args: [source, layout, codes, input, first, Math.min(step, n - first), result] });
  }
  await runOnPool(tasks);
}
