import ndarray from 'ndarray';
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, getBackend, initBackend, registerBackend, setBackend, shutdownBackends } from './backend-registry.js';
import { arange, array, fromScijs, full, toScijs, zeros } from './create.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { ArgumentError, BackendError, DisposedError, DTypeError, IndexRangeError, ShapeError, type ErrorCode, type PandaasError } from './errors.js';
import type { NdArray } from './ndarray.js';
import { cast } from './ops/cast.js';
import { cumsum } from './ops/cumsum.js';
import { binary, clip, unary, where } from './ops/elementwise.js';
import { fft, ifft } from './ops/fft.js';
import { reduce } from './ops/reduce.js';
import { csrSpmv } from './ops/sparse.js';

// Every public constructor, view method and op validates its inputs and throws the documented
// PandaasError subclass, with its code, naming the argument and the value it got.

type ErrorClass = new (message: string) => PandaasError;
const CODES = new Map<ErrorClass, ErrorCode>([
  [DTypeError, 'E_DTYPE'], [ShapeError, 'E_SHAPE'], [IndexRangeError, 'E_RANGE'],
  [DisposedError, 'E_DISPOSED'], [BackendError, 'E_BACKEND'], [ArgumentError, 'E_ARGUMENT'],
]);

/** The error that `f` throws or rejects with (a test failure when it succeeds). */
async function caught(f: () => unknown): Promise<PandaasError> {
  try {
    await f();
  } catch (err) {
    return err as PandaasError;
  }
  throw new Error('expected an error; none was thrown');
}

async function expectError(f: () => unknown, type: ErrorClass, message: RegExp): Promise<void> {
  const err = await caught(f);
  expect(err).toBeInstanceOf(type);
  expect(err.code).toBe(CODES.get(type));
  expect(err.message).toMatch(message);
}

const f32 = (shape: number[]) => zeros(shape, { dtype: 'float32' });
const i32 = (values: number[]) => array(values, { dtype: 'int32' });
const csr = () => ({ indptr: i32([0, 1, 2]), indices: i32([0, 1]), weights: array([1, 2], { dtype: 'float32' }) });

afterAll(() => shutdownBackends());

describe('constructors', () => {
  it.each<[string, () => unknown, ErrorClass, RegExp]>([
    ['array: unknown dtype', () => array([1], { dtype: 'complex64' as never }), DTypeError, /options\.dtype must be one of .*; got "complex64"/],
    ['array: typed array pandaas cannot hold', () => array(new BigInt64Array(2) as never), DTypeError, /data must be .*; got BigInt64Array/],
    ['array: ragged nesting', () => array([[1, 2], [3]]), ShapeError, /ragged: data\[1\] .*length 2; got \[3\]/],
    ['array: element that is not a number', () => array([1, 'a' as never]), ArgumentError, /data\[1\] must be a number or boolean; got "a"/],
    ['array: shape of the wrong size', () => array(new Float32Array(6), { shape: [4, 2] }), ShapeError, /options\.shape \[4, 2\] holds 8 elements; data has 6/],
    ['array: negative length', () => array(new Float32Array(0), { shape: [-1] }), ShapeError, /options\.shape must be an array of non-negative integers; got \[-1\]/],
    ['array: unknown backend', () => array([1], { backend: 'nope' }), BackendError, /unknown backend "nope"; registered backends: cpu/],
    ['full: shape not a list', () => full(3 as never, 1), ShapeError, /shape must be an array of non-negative integers; got 3/],
    ['full: value not a number', () => full([2], '1' as never), ArgumentError, /value must be a number; got "1"/],
    ['zeros: unknown dtype', () => zeros([2], { dtype: 'float16' as never }), DTypeError, /options\.dtype .*; got "float16"/],
    ['arange: NaN bound', () => arange(0, NaN), ArgumentError, /stop must be a finite number; got NaN/],
    ['arange: zero step', () => arange(0, 5, 0), ArgumentError, /step must not be 0/],
    ['fromScijs: plain-array data', () => fromScijs(ndarray([1, 2, 3]) as never), DTypeError, /view\.data must be a typed array/],
    ['toScijs: no constructor', () => toScijs(f32([2]), 'ndarray' as never), ArgumentError, /ndarray must be the scijs ndarray constructor; got "ndarray"/],
  ])('%s', async (_, f, type, message) => {
    await expectError(f, type, message);
  });
});

describe('views', () => {
  const a = arange(0, 24, 1, { dtype: 'int32' }).reshape([2, 3, 4]);
  it.each<[string, () => unknown, ErrorClass, RegExp]>([
    ['slice: index past the end', () => a.slice(0, 3), IndexRangeError, /index for axis 1 must be an integer in \[-3, 2\]; got 3/],
    ['slice: too many specs', () => a.slice(0, 0, 0, 0), IndexRangeError, /at most 3 specs for shape \[2, 3, 4\]; got 4/],
    ['slice: bound out of range', () => a.slice(null, null, [0, 9]), IndexRangeError, /slice stop for axis 2 must lie in \[-4, 4\]; got 9/],
    ['slice: zero step', () => a.slice([0, 2, 0]), ArgumentError, /slice step for axis 0 must not be 0/],
    ['slice: fractional start', () => a.slice([0.5]), ArgumentError, /slice start for axis 0 must be an integer; got 0\.5/],
    ['slice: spec of the wrong kind', () => a.slice('1' as never), ArgumentError, /slice spec for axis 0 .*; got "1"/],
    ['transpose: not a permutation', () => a.transpose(0, 0, 1), IndexRangeError, /axes must be a permutation of 0\.\.2; got \[0, 0, 1\]/],
    ['transpose: axis out of range', () => a.transpose(0, 1, 3), IndexRangeError, /axes must be an integer in \[-3, 2\] .*; got 3/],
    ['reshape: wrong size', () => a.reshape([5, 5]), ShapeError, /shape \[5, 5\] holds 25 elements; the array has 24/],
    ['reshape: strided view', () => a.transpose().reshape([24]), ShapeError, /non-contiguous view .*strides \[1, 4, 12\]/],
    ['squeeze: axis longer than 1', () => a.squeeze(1), ShapeError, /cannot squeeze axis 1 of length 3/],
    ['expandDims: axis out of range', () => a.expandDims(5), IndexRangeError, /axis must be an integer in \[-4, 3\] .*; got 5/],
    ['flip: axis out of range', () => a.flip(-4), IndexRangeError, /axes must be an integer in \[-3, 2\] .*; got -4/],
    ['get: wrong number of indices', () => a.get(1, 2), IndexRangeError, /indices must give one integer index per axis \(3\); got \[1, 2\]/],
    ['to: unknown backend', () => a.to('nope'), BackendError, /unknown backend "nope"/],
  ])('%s', async (_, f, type, message) => {
    await expectError(f, type, message);
  });
});

describe('ops', () => {
  it.each<[string, () => unknown, ErrorClass, RegExp]>([
    ['binary: unknown op', () => binary('mod' as never, f32([2]), f32([2])), ArgumentError, /op must be one of add, .*; got "mod"/],
    ['binary: not an array', () => binary('add', [1, 2] as never, f32([2])), ArgumentError, /a must be an NdArray; got \[1, 2\]/],
    ['binary: shapes that do not broadcast', () => binary('add', f32([2, 3]), f32([4])), ShapeError, /shapes \[2, 3\] and \[4\] do not broadcast \(axis 1: 3 vs 4\)/],
    ['unary: unknown op', () => unary('tan' as never, f32([2])), ArgumentError, /op must be one of .*; got "tan"/],
    ['unary: not an array', () => unary('abs', null as never), ArgumentError, /x must be an NdArray; got null/],
    ['clip: NaN bound', () => clip(f32([2]), { min: NaN }), ArgumentError, /min must be a number; got NaN/],
    ['clip: crossed bounds', () => clip(f32([2]), { min: 2, max: 1 }), ArgumentError, /min \(2\) must not exceed max \(1\)/],
    ['where: float condition', () => where(f32([2]), f32([2]), f32([2])), DTypeError, /cond must be bool or an integer dtype; got float32/],
    ['where: shapes that do not broadcast', () => where(zeros([3], { dtype: 'bool' }), f32([2]), f32([2])), ShapeError, /shapes \[3\] and \[2\] do not broadcast/],
    ['reduce: unknown op', () => reduce('prod' as never, f32([2])), ArgumentError, /op must be one of sum, .*; got "prod"/],
    ['reduce: axis out of range', () => reduce('sum', f32([2, 3]), { axis: 2 }), IndexRangeError, /options\.axis must be an integer in \[-2, 1\] .*; got 2/],
    ['reduce: repeated axis', () => reduce('sum', f32([2, 3]), { axis: [1, -1] }), IndexRangeError, /options\.axis must not repeat an axis; got \[1, -1\]/],
    ['reduce: min of an empty axis', () => reduce('min', f32([2, 0]), { axis: 1 }), ShapeError, /min of an empty axis has no value \(shape \[2, 0\], axes \[1\]\)/],
    ['cast: unknown dtype', () => cast(f32([2]), 'int64' as never), DTypeError, /dtype must be one of .*; got "int64"/],
    ['csrSpmv: missing matrix', () => csrSpmv(undefined as never, f32([2])), ArgumentError, /matrix\.indptr must be an NdArray; got undefined/],
    ['csrSpmv: float row pointers', () => csrSpmv({ ...csr(), indptr: f32([3]) }, f32([2])), DTypeError, /matrix\.indptr must be int32 or uint32; got float32/],
    ['csrSpmv: 2-D indices', () => csrSpmv({ ...csr(), indices: i32([0, 1]).reshape([1, 2]) }, f32([2])), ShapeError, /matrix\.indices must be 1-D; got shape \[1, 2\]/],
    ['csrSpmv: integer weights', () => csrSpmv({ ...csr(), weights: i32([1, 2]) }, f32([2])), DTypeError, /matrix\.weights must be float32 or float64; got int32/],
    ['csrSpmv: weights of the wrong length', () => csrSpmv({ ...csr(), weights: f32([3]) }, f32([2])), ShapeError, /one weight per index \(2\); got shape \[3\]/],
    ['csrSpmv: integer vector', () => csrSpmv(csr(), i32([1, 2])), DTypeError, /x must be float32 or float64; got int32/],
    ['csrSpmv: 3-D vector', () => csrSpmv(csr(), f32([2, 1, 1])), ShapeError, /x must be \[columns\] or \[columns, channels\]; got shape \[2, 1, 1\]/],
    ['csrSpmv: powers of the wrong length', () => csrSpmv(csr(), f32([2, 2]), { powers: [1] }), ArgumentError, /options\.powers must list 0, 1 or 2 for each of the 2 channels; got \[1\]/],
    ['csrSpmv: power 3', () => csrSpmv(csr(), f32([2]), { powers: [3] }), ArgumentError, /options\.powers .*; got \[3\]/],
    ['fft: integer input', () => fft(i32([1, 2])), DTypeError, /re must be float32 or float64; got int32/],
    ['fft: length with a prime factor 11', () => fft(f32([2, 22])), ShapeError, /prime factors are 2, 3, 5, 7; got 22/],
    ['fft: scalar', () => fft(zeros([], { dtype: 'float32' })), ShapeError, /re must have at least one axis; got a scalar/],
    ['fft: imaginary part of another dtype', () => fft(f32([4]), zeros([4])), DTypeError, /im must have the dtype of re \(float32\); got float64/],
    ['ifft: imaginary part of another shape', () => ifft(f32([4]), f32([2, 4])), ShapeError, /im must have the shape of re \[4\]; got \[2, 4\]/],
    ['cumsum: scalar', () => cumsum(zeros([])), ShapeError, /x must have at least one axis; got a scalar/],
    ['cumsum: axis out of range', () => cumsum(f32([2, 3]), { axis: -3 }), IndexRangeError, /options\.axis must be an integer in \[-2, 1\] .*; got -3/],
  ])('%s', async (_, f, type, message) => {
    await expectError(f, type, message);
  });
});

describe('disposed arrays', () => {
  const gone = (): NdArray => {
    const x = f32([2, 2]);
    x.dispose();
    return x;
  };
  const live = () => f32([2, 2]);
  it.each<[string, (x: NdArray) => unknown]>([
    ['data', (x) => x.data()],
    ['dataSync', (x) => x.dataSync()],
    ['slice', (x) => x.slice(0)],
    ['transpose', (x) => x.transpose()],
    ['copy', (x) => x.copy()],
    ['to', (x) => x.to('cpu')],
    ['binary (second operand)', (x) => binary('add', live(), x)],
    ['unary', (x) => unary('abs', x)],
    ['clip', (x) => clip(x, { min: 0 })],
    ['where (value)', (x) => where(zeros([2, 2], { dtype: 'bool' }), live(), x)],
    ['reduce', (x) => reduce('sum', x)],
    ['cast', (x) => cast(x, 'int32')],
    ['csrSpmv (vector)', (x) => csrSpmv(csr(), x)],
    ['fft', (x) => fft(x)],
    ['cumsum', (x) => cumsum(x)],
  ])('%s refuses a disposed array', async (_, f) => {
    await expectError(() => f(gone()), DisposedError, /has been disposed/);
  });

  it('names the dtype and shape of the disposed array', async () => {
    await expectError(() => gone().dataSync(), DisposedError, /NdArray \(dtype float32, shape \[2, 2\]\) has been disposed/);
  });
});

describe('backends', () => {
  it('initBackend of an unknown name lists what is available', async () => {
    await expectError(() => initBackend('nope'), BackendError, /no backend of \["nope"\] is available \(nope: unknown backend "nope"; .*\); available: cpu/);
  });

  it.each<[string, () => unknown, ErrorClass, RegExp]>([
    ['initBackend: empty preference', () => initBackend([]), ArgumentError, /preference must name at least one backend; got \[\]/],
    ['setBackend: unknown name', () => setBackend(['nope', 'nada']), BackendError, /no backend of \["nope", "nada"\] is available/],
    ['getBackend: unknown name', () => getBackend('nope'), BackendError, /unknown backend "nope"; registered backends: cpu/],
    ['registerBackend: empty name', () => registerBackend('', async () => new CpuBackend()), ArgumentError, /name must be a non-empty string; got ""/],
  ])('%s', async (_, f, type, message) => {
    await expectError(f, type, message);
  });

  it('getBackend of a registered, uninitialised backend says how to initialise it', async () => {
    registerBackend('lazy-cpu', async () => new CpuBackend());
    await expectError(() => getBackend('lazy-cpu'), BackendError, /backend "lazy-cpu" is not initialised; call await initBackend\("lazy-cpu"\) first/);
  });

  it('refuses inputs that live on different backends, naming each', async () => {
    class OtherCpu extends CpuBackend {
      override readonly name = 'other-cpu';
    }
    registerBackend('other-cpu', async () => new OtherCpu());
    await initBackend('other-cpu');
    const there = array([1, 2], { dtype: 'float32', backend: 'other-cpu' });
    const here = array([1, 2], { dtype: 'float32' });
    await expectError(() => binary('add', here, there), BackendError, /inputs of binary live on different backends \(a on cpu, b on other-cpu\); move them with to\(\) first/);
    await expectError(() => where(array([true, false]), there, here), BackendError, /cond on cpu, a on other-cpu, b on cpu/);
    await expectError(() => csrSpmv(csr(), there), BackendError, /inputs of csrSpmv live on different backends .*x on other-cpu/);
    await expectError(() => fft(here, there), BackendError, /re on cpu, im on other-cpu/);
  });

  it('float64 needs castFloat64 to move to webgpu (or webgpu is reported unavailable, listing cpu)', async () => {
    const x = array([1.5, 2.5], { dtype: 'float64' });
    if (!(await availableBackends()).includes('webgpu')) {
      await expectError(() => initBackend('webgpu'), BackendError, /no backend of \["webgpu"\] is available \(webgpu: .*\); available: cpu/);
      return;
    }
    await expectError(() => x.to('webgpu'), DTypeError, /float64/);
    await expectError(() => array([1], { dtype: 'float64', backend: 'webgpu' }), DTypeError, /float64/);
    const moved = await x.to('webgpu', { castFloat64: true });
    expect(moved.dtype).toBe('float32');
    expect(Array.from(await moved.data())).toEqual([1.5, 2.5]);
    moved.dispose();
  });
});

describe('csrSpmv row pointers', () => {
  it('must start at 0, never decrease, and end at the number of stored elements', async () => {
    const { array: make } = await import('./create.js');
    const { csrSpmv } = await import('./ops/sparse.js');
    const x = make([1, 2], { dtype: 'float32' });
    const m = (indptr: number[]) => ({
      indptr: make(indptr, { dtype: 'int32' }),
      indices: make([1, 0], { dtype: 'int32' }),
      weights: make([1, 1], { dtype: 'float32' }),
    });
    await expect(csrSpmv(m([0, 1, 5]), x)).rejects.toThrow(/must end at the number of stored elements \(2\); got 5/);
    await expect(csrSpmv(m([0, 2, 1]), x)).rejects.toThrow(/never decrease; got 1 at 2 after 2/);
    await expect(csrSpmv(m([1, 2, 2]), x)).rejects.toThrow(/start at 0/);
    expect(Array.from(await (await csrSpmv(m([0, 1, 2]), x)).data())).toEqual([2, 1]);
  });
});
