import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, shutdownBackends } from './backend-registry.js';
import { array } from './create.js';
import type { DType } from './dtype.js';
import { DTypeError } from './errors.js';
import type { BinaryOp, ReduceOp } from './kernel-names.js';
import type { NdArray } from './ndarray.js';
import { cast } from './ops/cast.js';
import { cumsum } from './ops/cumsum.js';
import { binary } from './ops/elementwise.js';
import { fft, ifft } from './ops/fft.js';
import { reduce } from './ops/reduce.js';
import { csrSpmv } from './ops/sparse.js';
import { compare, type Check, type Tolerance } from './testing/compare.js';
import { heldDtypes } from './testing/harness.js';
import { reduceOracle } from './testing/oracle-reduce.js';
import { csrOracle } from './testing/oracle-sparse.js';
import type { Logical } from './testing/oracle.js';

// Results of numpy 1.24 / scipy 1.10 written by scripts/fixtures/core_numpy.py (see its README).
// The CPU backend is held to float64 accuracy where the input is float64; every other backend
// gets the inputs it holds (float64 cast to float32 where it has none) and float32 tolerances.

interface Stored {
  dtype: string;
  shape: number[];
  data: (number | string)[];
}
type Fixture = { name: string } & Record<string, unknown>;

const load = (name: string): Fixture[] => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')).cases;
const numbers = (s: Stored): Float64Array => Float64Array.from(s.data, Number);
/** The magnitudes of a stored array, for the error scales of sums (computed by the test oracles). */
const magnitudes = (s: Stored): Logical => ({ dtype: 'float64', shape: s.shape, values: numbers(s).map(Math.abs) });

const backends = await availableBackends();
afterAll(() => shutdownBackends());

/** The stored array as an NdArray on `backend` (float64 as float32 where the backend has no float64). */
async function input(s: Stored, backend: string, arrays: NdArray[]): Promise<NdArray> {
  const cpu = array(numbers(s), { dtype: s.dtype as DType, shape: s.shape, backend: 'cpu' });
  const moved = await cpu.to(backend, { castFloat64: true });
  arrays.push(cpu, moved);
  return moved;
}

/** Compares a result with numpy's (as float64 numbers; the result's own dtype and the shape exactly). */
async function check(label: string, got: NdArray, want: Stored, tol: Tolerance, scale?: ArrayLike<number>): Promise<Check> {
  const values = await got.data();
  const w = { dtype: got.dtype, shape: want.shape, values: Float64Array.from(want.data, Number) };
  return compare(label, { dtype: got.dtype, shape: [...got.shape], values: Float64Array.from(values) }, w, tol, scale);
}

function failures(checks: Check[]): string[] {
  return checks.filter((c) => !c.passed).map((c) => `${c.label}: ${c.detail} (tolerance ${c.tolerance})`);
}

describe.each(backends)('numpy fixtures on %s', (backend) => {
  const arrays: NdArray[] = [];
  afterAll(() => arrays.forEach((a) => a.dispose()));
  // float64 data keeps float64 accuracy on the CPU; float32 data, or a backend without float64, float32.
  const precise = async (dtype: string) => dtype === 'float64' && (await heldDtypes(backend)).includes('float64');

  it('fft and ifft match numpy.fft (L2 error relative to the transform: 1e-14 or 1e-5 times log2 n)', async () => {
    const checks: Check[] = [];
    for (const f of load('fft')) {
      const s = f.re as Stored;
      const n = s.shape[s.shape.length - 1];
      const tol = { l2: ((await precise(s.dtype)) ? 1e-14 : 1e-5) * Math.max(1, Math.log2(n)) };
      const re = await input(s, backend, arrays);
      const im = f.im === undefined ? undefined : await input(f.im as Stored, backend, arrays);
      const out = f.inverse ? await ifft(re, im as NdArray) : await fft(re, im);
      arrays.push(out.re, out.im);
      // real and imaginary parts as one array: the L2 error is relative to the whole transform
      const [gr, gi] = [await out.re.data(), await out.im.data()];
      const got = { dtype: out.re.dtype, shape: [2, ...out.re.shape], values: Float64Array.from([...gr, ...gi]) };
      const want = { dtype: out.re.dtype, shape: [2, ...s.shape], values: Float64Array.from([...numbers(f.outRe as Stored), ...numbers(f.outIm as Stored)]) };
      checks.push(compare(f.name, got, want, tol));
    }
    expect(failures(checks)).toEqual([]);
  });

  it('reductions match numpy with NaNs (sums relative to the sum of magnitudes: 1e-12, or 1e-6 in float32)', async () => {
    const checks: Check[] = [];
    for (const f of load('reduce')) {
      const x = f.x as Stored;
      const a = await input(x, backend, arrays);
      const axis = (f.axis ?? undefined) as number | number[] | undefined;
      const axes = axis === undefined ? x.shape.map((_, i) => i) : [axis].flat().map((ax) => (ax + x.shape.length) % x.shape.length).sort((p, q) => p - q);
      for (const op of ['sum', 'mean', 'min', 'max', 'argmin', 'argmax'] as ReduceOp[]) {
        const out = await reduce(op, a, { axis });
        arrays.push(out);
        const tol = op === 'sum' || op === 'mean' ? { rel: (await precise(x.dtype)) ? 1e-12 : 1e-6 } : {};
        const scale = op === 'sum' || op === 'mean' ? reduceOracle(op, magnitudes(x), axes, false).values : undefined;
        const want = f[op] as Stored;
        // min/max of float64 data cast to float32 are numpy's values rounded to float32
        const rounded = out.dtype === 'float32' && x.dtype === 'float64' && (op === 'min' || op === 'max');
        checks.push(await check(`${f.name} ${op}`, out, rounded ? { ...want, data: want.data.map((v) => Math.fround(Number(v))) } : want, tol, scale));
      }
    }
    expect(failures(checks)).toEqual([]);
  });

  it('cumsum matches numpy inclusive and exclusive (integers exactly)', async () => {
    const checks: Check[] = [];
    for (const f of load('cumsum')) {
      const x = f.x as Stored;
      const a = await input(x, backend, arrays);
      for (const exclusive of [false, true]) {
        const out = await cumsum(a, { axis: f.axis as number, exclusive });
        arrays.push(out);
        const tol = (await precise(x.dtype)) ? { rel: 1e-14, abs: 1e-13 } : { rel: 1e-6, abs: 1e-5 };
        checks.push(await check(`${f.name} ${exclusive ? 'exclusive' : 'inclusive'}`, out, f[exclusive ? 'exclusive' : 'inclusive'] as Stored, tol));
      }
    }
    expect(failures(checks)).toEqual([]);
  });

  it('casts match numpy where numpy defines them (exactly)', async () => {
    const held = await heldDtypes(backend);
    const checks: Check[] = [];
    for (const f of load('cast')) {
      const x = await input(f.x as Stored, backend, arrays);
      const to = f.to as DType;
      if (!held.includes(to)) {
        const refused = await cast(x, to).then(() => false, (err: unknown) => err instanceof DTypeError);
        checks.push({ label: `${f.name} refused`, passed: refused, maxAbs: 0, maxRel: 0, tolerance: 'exact', detail: 'no DTypeError' });
        continue;
      }
      const out = await cast(x, to);
      arrays.push(out);
      checks.push(await check(f.name as string, out, f.out as Stored, {}));
    }
    expect(failures(checks)).toEqual([]);
  });

  it('broadcasting arithmetic matches numpy (1 ulp in float64; 1e-6 relative + 1e-5 in float32)', async () => {
    const ops: Record<string, BinaryOp> = {
      add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', power: 'pow', maximum: 'maximum', minimum: 'minimum', less: 'less', greater_equal: 'greaterEqual',
    };
    const checks: Check[] = [];
    for (const f of load('broadcast')) {
      const a = await input(f.a as Stored, backend, arrays);
      const b = await input(f.b as Stored, backend, arrays);
      const out = await binary(ops[f.op as string], a, b);
      arrays.push(out);
      const tol = out.dtype === 'float64' ? { ulp: 1 } : { rel: 1e-6, abs: 1e-5 };
      checks.push(await check(f.name, out, f.out as Stored, tol));
    }
    expect(failures(checks)).toEqual([]);
  });

  it('csrSpmv matches scipy.sparse (relative to the sum of magnitudes: 1e-13, or 1e-6 in float32)', async () => {
    const checks: Check[] = [];
    for (const f of load('csr')) {
      const [indptr, indices, weights, x] = await Promise.all(['indptr', 'indices', 'weights', 'x'].map((k) => input(f[k] as Stored, backend, arrays)));
      const out = await csrSpmv({ indptr, indices, weights }, x, { powers: f.powers as number[] });
      arrays.push(out);
      const s = f.x as Stored;
      const tol = { rel: (await precise(s.dtype)) ? 1e-13 : 1e-6 };
      const [p, i, w, v] = ['indptr', 'indices', 'weights', 'x'].map((k) => magnitudes(f[k] as Stored));
      checks.push(await check(f.name, out, f.out as Stored, tol, csrOracle(p, i, w, v, f.powers as number[], true).values));
    }
    expect(failures(checks)).toEqual([]);
  });
});
