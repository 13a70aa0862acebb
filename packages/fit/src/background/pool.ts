import { poolSize, registerPoolLoops, runOnPool, usePool, type LoopFunction } from '@pandaas/core';
import { snip1dRows, snip1dRowsWasm, snip2dBandWasm, snip2dStep } from './snip-kernels.js';

/** The loops of the backgrounds that run on core's CPU pool, under names of their own. */
const LOOPS: Readonly<Record<string, LoopFunction>> = {
  'fit/background:snip1dRows': snip1dRows,
  'fit/background:snip1dRowsWasm': snip1dRowsWasm,
  'fit/background:snip2dStep': snip2dStep,
  'fit/background:snip2dBandWasm': snip2dBandWasm,
};

let registered = false;

/**
 * Runs `loop` (a name of {@link LOOPS}) over `[0, n)` items: on the CPU pool in one task per
 * worker when core's `usePool` says so for `work` operations over the `shared` arrays, else at
 * once on this thread with `here`'s arguments (which may differ: a wasm instance instead of its
 * bytes). `argsFor(start, count)` gives the loop's arguments for one range.
 *
 * @example
 * ```ts
 * await overItems('fit/background:snip1dRows', rows, rows * m * width, [data], (start, count) => [count, m, data, start * m, width]);
 * ```
 */
export async function overItems(
  loop: string,
  n: number,
  work: number,
  shared: readonly ArrayBufferView[],
  argsFor: (start: number, count: number) => unknown[],
  here: (start: number, count: number) => unknown[] = argsFor,
): Promise<void> {
  const parts = Math.min(n, poolSize());
  if (parts < 2 || !usePool(work, shared)) {
    LOOPS[loop](...here(0, n));
    return;
  }
  if (!registered) {
    registerPoolLoops(LOOPS);
    registered = true;
  }
  const step = Math.ceil(n / parts);
  const tasks = [];
  for (let start = 0; start < n; start += step) tasks.push({ name: loop, fns: [], args: argsFor(start, Math.min(step, n - start)) });
  await runOnPool(tasks);
}
