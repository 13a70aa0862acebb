import { specialise } from './loop-table.js';
import { poolSize, runOnPool, splitRange, usePool } from './pool.js';

/** Alignment of the chunk starts, in elements (a 64-byte cache line of float32). */
const CHUNK_ALIGN = 16;

/**
 * Runs loop `name` over `[0, n)`: split into one chunk per worker when {@link usePool} says so
 * (`shared` being every array it reads or writes), else at once on this thread. `argsFor(start,
 * count)` gives the loop's arguments for one chunk; the element functions `fns` follow them.
 *
 * @example
 * ```ts
 * await runChunked('unaryContiguous', ['unary:exp'], n, [x, out], (start, count) => [count, x, start, out, start]);
 * ```
 */
export async function runChunked(
  name: string,
  fns: readonly string[],
  n: number,
  shared: readonly ArrayBufferView[],
  argsFor: (start: number, count: number) => unknown[],
): Promise<void> {
  if (usePool(n, shared)) {
    const ranges = splitRange(n, poolSize(), CHUNK_ALIGN);
    await runOnPool(ranges.map(([start, count]) => ({ name, fns, args: argsFor(start, count) })));
    return;
  }
  const args = argsFor(0, n);
  const k = specialise(name, fns, args);
  k.run(...args, ...k.fns);
}
