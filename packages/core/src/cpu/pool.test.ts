import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../backend-registry.js';
import { isPandaasError } from '../errors.js';
import { binary } from '../ops/elementwise.js';
import { lastPoolRun, poolSize, POOL_MIN_ELEMENTS, registerPoolLoops, runOnPool, setPoolSize, shutdownPool, splitRange, usePool } from './pool.js';
import { logical, view } from './test-support.js';

afterEach(() => {
  delete process.env.PANDAAS_THREADS;
  setPoolSize(undefined);
});
afterAll(() => shutdownBackends());

const shared = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n));

describe('cpu pool', () => {
  it('sizes itself from setPoolSize, else PANDAAS_THREADS, else the number of cores', () => {
    expect(poolSize()).toBe(availableParallelism());
    process.env.PANDAAS_THREADS = '5';
    setPoolSize(undefined);
    expect(poolSize()).toBe(5);
    setPoolSize(3);
    expect(poolSize()).toBe(3);
    process.env.PANDAAS_THREADS = 'many';
    setPoolSize(undefined);
    expect(() => poolSize()).toThrow(/PANDAAS_THREADS must be a positive integer; got "many"/);
  });

  it('refuses sizes that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, NaN, '2']) {
      let caught: unknown;
      try {
        setPoolSize(bad as number);
      } catch (err) {
        caught = err;
      }
      expect(isPandaasError(caught, 'E_ARGUMENT'), String(bad)).toBe(true);
    }
  });

  it('splits ranges into aligned, consecutive chunks covering everything', () => {
    for (const [n, parts, align] of [[100, 3, 16], [5, 8, 1], [1_000_003, 7, 16], [0, 2, 1]]) {
      const ranges = splitRange(n, parts, align);
      expect(ranges.length).toBeLessThanOrEqual(parts);
      let next = 0;
      for (const [start, count] of ranges) {
        expect(start).toBe(next);
        expect(start % align).toBe(0);
        expect(count).toBeGreaterThan(0);
        next = start + count;
      }
      expect(next).toBe(n);
    }
  });

  it('takes only large work over shared memory, with more than one thread', () => {
    setPoolSize(2);
    const big = shared(POOL_MIN_ELEMENTS);
    expect(usePool(POOL_MIN_ELEMENTS, [big])).toBe(true);
    expect(usePool(POOL_MIN_ELEMENTS - 1, [big])).toBe(false);
    expect(usePool(POOL_MIN_ELEMENTS, [big, new Float64Array(10)])).toBe(false);
    setPoolSize(1);
    expect(usePool(POOL_MIN_ELEMENTS, [big])).toBe(false);
  });

  it('runs tasks on distinct workers and returns their results in order', async () => {
    setPoolSize(3);
    const x = shared(30);
    x.forEach((_, i) => (x[i] = i));
    const out = shared(30);
    const tasks = [0, 10, 20].map((start) => ({ name: 'unaryContiguous', fns: ['unary:square'], args: [10, x, start, out, start] }));
    const results = await runOnPool(tasks);
    expect(results).toEqual([undefined, undefined, undefined]);
    expect(lastPoolRun()).toMatchObject({ tasks: 3, workers: 3 });
    expect(Array.from(out)).toEqual(Array.from(x, (v) => v * v));
    const sums = await runOnPool([0, 1].map((first) => ({ name: 'reduceRow', fns: ['combine:add'], args: [15, x, 1, first * 15, 0] })));
    expect(sums).toEqual([105, 330]);
  });

  it('reports a failing task as a BackendError and keeps working', async () => {
    setPoolSize(2);
    const failure = runOnPool([{ name: 'noSuchLoop', fns: [], args: [] }]);
    await expect(failure).rejects.toThrow(/worker failed in noSuchLoop: .*no loop or function named "noSuchLoop"/);
    await expect(failure).rejects.toSatisfy((err) => isPandaasError(err, 'E_BACKEND'));
    const x = shared(4).fill(2);
    expect(await runOnPool([{ name: 'reduceRow', fns: ['combine:max'], args: [4, x, 1, 0, -Infinity] }])).toEqual([2]);
  });

  it('runs loops registered later, on workers started before, and refuses a clash of names', async () => {
    setPoolSize(2);
    const x = shared(8).fill(3);
    await runOnPool([0, 1].map(() => ({ name: 'reduceRow', fns: ['combine:add'], args: [8, x, 1, 0, 0] }))); // workers up
    const triple = (n: number, a: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++) out[i] = 3 * a[i];
    };
    registerPoolLoops({ 'test:triple': triple });
    registerPoolLoops({ 'test:triple': triple }); // same source: nothing to do
    const out = shared(8);
    await runOnPool([0, 4].map((start) => ({ name: 'test:triple', fns: [], args: [4, x.subarray(start), out.subarray(start)] })));
    expect(Array.from(out)).toEqual(new Array(8).fill(9));
    expect(lastPoolRun()).toMatchObject({ tasks: 2, workers: 2 });
    expect(() => registerPoolLoops({ 'test:triple': (n: number) => n })).toThrow(/different pool loop is already registered as "test:triple"/);
    expect(() => registerPoolLoops({ 'test:bad': 3 as unknown as () => void })).toThrow(/loops.test:bad must be a function; got 3/);
  });

  it('restarts after shutdown, and leaves kernels over non-shared inputs on the calling thread', async () => {
    setPoolSize(2);
    const n = POOL_MIN_ELEMENTS * 2;
    const a = view('float64', [n], new Array<number>(n).fill(1.5), 'contiguous', true);
    await binary('add', a, a);
    await shutdownPool();
    const runs = lastPoolRun().runs;
    const got = await binary('add', a, a);
    expect(lastPoolRun().runs).toBe(runs + 1);
    expect(logical(got).every((v) => v === 3)).toBe(true);
    await binary('add', view('float64', [n], new Array<number>(n).fill(1), 'contiguous', false), a);
    expect(lastPoolRun().runs).toBe(runs + 1);
  });

  it("lets Node exit while its idle workers are still started (they are unref'd)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pandaas-pool-'));
    try {
      const index = fileURLToPath(new URL('../index.ts', import.meta.url));
      const pool = fileURLToPath(new URL('./pool.ts', import.meta.url));
      const script = join(dir, 'exit.mts');
      writeFileSync(script, `import { add, array, setPoolSize } from ${JSON.stringify(index)};
import { lastPoolRun } from ${JSON.stringify(pool)};
setPoolSize(2);
const a = array(new Float32Array(new SharedArrayBuffer(4 * 100000)).fill(1));
const c = await add(a, a);
console.log(JSON.stringify({ value: c.dataSync()[99999], workers: lastPoolRun().workers }));
`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@pandaas/source', script], { encoding: 'utf8', timeout: 30_000 });
      expect(child.error).toBeUndefined();
      expect(child.status, child.stderr).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual({ value: 2, workers: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
