import type { Backend, Storage } from './backend.js';
import { getBackend } from './backend-registry.js';
import type { DType, TypedArrayMap } from './dtype.js';
import { ArgumentError, BackendError, DisposedError, IndexRangeError, ShapeError, show } from './errors.js';
import { copyStrided } from './cpu/kernels/copy-impl.js';
import { getKernel } from './kernel-registry.js';
import { assertShape, contiguousStrides, isContiguous, normalizeAxes, normalizeAxis, sizeOf, type Shape } from './shape.js';

/**
 * One axis of a {@link NdArray.slice}: an integer picks one index and drops the axis; `null`
 * keeps the whole axis; `[start, stop, step]` (each optional, negatives count from the end, as
 * in Python) keeps a strided range. Unlike Python, bounds outside `[-n, n]` are an
 * {@link IndexRangeError} rather than clamped, so a wrong bound is never silently shortened.
 */
export type SliceSpec = number | null | readonly [start?: number | null, stop?: number | null, step?: number | null];

/** Options of {@link NdArray.to}. */
export interface MoveOptions {
  /** Cast float64 to float32 where the target backend has no float64 (WebGPU). Default false: refuse. */
  castFloat64?: boolean;
}

/**
 * An n-dimensional array: a dtype, a shape, strides and an offset over a {@link Storage} that
 * lives on one backend. Views (slice, transpose, reshape, flip, squeeze, expandDims) share the
 * storage and never copy. Structurally compatible with scijs `ndarray` views on the CPU
 * (`data`-free: use {@link toScijs}).
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * const a = array([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
 * const b = a.transpose().slice(null, [0, 2]); // shape [3, 2], no copy
 * console.log(b.shape, await b.data());
 * ```
 */
export class NdArray<D extends DType = DType> {
  /** The element type. */
  readonly dtype: D;
  /** Length of each axis. */
  readonly shape: readonly number[];
  /** Step, in elements of the storage, between neighbours along each axis. */
  readonly strides: readonly number[];
  /** Index in the storage of the element at all-zero indices. */
  readonly offset: number;
  #storage: Storage | undefined;

  /** Wraps a storage as a view; prefer {@link array} and the view methods. */
  constructor(storage: Storage, shape: Shape, strides: readonly number[] = contiguousStrides(shape), offset = 0) {
    this.#storage = storage;
    this.dtype = storage.dtype as D;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze([...strides]);
    this.offset = offset;
    storage.refs++;
  }

  /** The storage, or a {@link DisposedError} once disposed. */
  get storage(): Storage {
    if (this.#storage === undefined) throw new DisposedError(`this NdArray (dtype ${this.dtype}, shape ${show(this.shape)}) has been disposed`);
    return this.#storage;
  }

  /** The backend that holds the data. */
  get backend(): Backend {
    return this.storage.backend;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Whether the elements lie in row-major order, without gaps, from `offset`. */
  get isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** Whether {@link dispose} has been called. */
  get isDisposed(): boolean {
    return this.#storage === undefined;
  }

  /**
   * The elements in row-major order. On the CPU a contiguous view returns its storage without
   * copying (writes show through); otherwise a new typed array.
   */
  async data(): Promise<TypedArrayMap[D]> {
    const storage = this.storage;
    if (storage.backend.name === 'cpu') return this.dataSync();
    if (this.isContiguous) return (await storage.backend.read(storage, this.offset, this.size)) as TypedArrayMap[D];
    const copy = await this.copy();
    try {
      return (await copy.storage.backend.read(copy.storage, 0, copy.size)) as TypedArrayMap[D];
    } finally {
      copy.dispose();
    }
  }

  /**
   * The elements in row-major order, synchronously: CPU-resident arrays only (a
   * {@link BackendError} otherwise; use `await data()`).
   */
  dataSync(): TypedArrayMap[D] {
    const storage = this.storage;
    if (storage.backend.name !== 'cpu') {
      throw new BackendError(`dataSync() needs a CPU-resident array; this one is on ${show(storage.backend.name)}: use await data() or await to('cpu')`);
    }
    const buffer = storage.buffer as TypedArrayMap[D];
    if (this.isContiguous) {
      storage.exposed = true; // the caller now holds the memory: never recycle it
      return buffer.subarray(this.offset, this.offset + this.size) as TypedArrayMap[D];
    }
    const out = new (buffer.constructor as new (n: number) => TypedArrayMap[D])(this.size);
    copyStrided(this.shape, buffer, this.strides, this.offset, out);
    return out;
  }

  /**
   * The element at these indices (negatives count from the end), synchronously: CPU only.
   *
   * @example
   * ```ts
   * array([[1, 2], [3, 4]]).get(1, -1); // 4
   * ```
   */
  get(...indices: number[]): number {
    const view = this.#pick(indices);
    try {
      if (view.backend.name !== 'cpu') throw new BackendError(`get() needs a CPU-resident array; this one is on ${show(view.backend.name)}`);
      return (view.storage.buffer as TypedArrayMap[D])[view.offset];
    } finally {
      view.dispose();
    }
  }

  /** Sets the element at these indices, synchronously: CPU only. */
  set(...args: [...indices: number[], value: number]): void {
    const value = args.pop() as number;
    if (typeof value !== 'number') throw new ArgumentError(`value must be a number; got ${show(value)}`);
    const view = this.#pick(args);
    try {
      if (view.backend.name !== 'cpu') throw new BackendError(`set() needs a CPU-resident array; this one is on ${show(view.backend.name)}`);
      view.storage.exposed = true; // written from outside a kernel: never recycle under the caller
      (view.storage.buffer as TypedArrayMap[D])[view.offset] = this.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
    } finally {
      view.dispose();
    }
  }

  #pick(indices: number[]): NdArray<D> {
    if (indices.length !== this.ndim || !indices.every((i) => Number.isInteger(i))) {
      throw new IndexRangeError(`indices must give one integer index per axis (${this.ndim}); got ${show(indices)}`);
    }
    return this.slice(...indices);
  }

  /**
   * A strided view: one {@link SliceSpec} per leading axis (missing trailing axes are kept whole).
   *
   * @example
   * ```ts
   * const a = array([0, 1, 2, 3, 4, 5]);
   * a.slice([1, null, 2]); // [1, 3, 5]
   * a.slice([null, null, -1]); // reversed
   * ```
   */
  slice(...specs: SliceSpec[]): NdArray<D> {
    if (specs.length > this.ndim) {
      throw new IndexRangeError(`slice takes at most ${this.ndim} specs for shape ${show(this.shape)}; got ${specs.length}`);
    }
    const shape: number[] = [];
    const strides: number[] = [];
    let offset = this.offset;
    for (let ax = 0; ax < this.ndim; ax++) {
      const spec = specs[ax] ?? null;
      const n = this.shape[ax];
      const stride = this.strides[ax];
      if (typeof spec === 'number') {
        if (!Number.isInteger(spec) || spec < -n || spec >= n) {
          throw new IndexRangeError(`index for axis ${ax} must be an integer in [${-n}, ${n - 1}]; got ${show(spec)}`);
        }
        offset += (spec < 0 ? spec + n : spec) * stride;
        continue;
      }
      if (spec !== null && !Array.isArray(spec)) {
        throw new ArgumentError(`slice spec for axis ${ax} must be an integer, null or [start, stop, step]; got ${show(spec)}`);
      }
      const [start, stop, step] = sliceRange(spec ?? [], n, ax);
      const length = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
      if (length > 0) offset += start * stride;
      shape.push(length);
      strides.push(stride * step);
    }
    return new NdArray<D>(this.storage, shape, strides, offset);
  }

  /**
   * A view with the axes permuted (reversed when none given).
   *
   * @example
   * ```ts
   * zeros([2, 3, 4]).transpose(2, 0, 1).shape; // [4, 2, 3]
   * ```
   */
  transpose(...axes: number[]): NdArray<D> {
    const perm = axes.length === 0 ? this.shape.map((_, i) => this.ndim - 1 - i) : axes.map((a) => normalizeAxis(a, this.ndim, 'axes'));
    if (perm.length !== this.ndim || new Set(perm).size !== this.ndim) {
      throw new IndexRangeError(`axes must be a permutation of 0..${this.ndim - 1}; got ${show(axes)}`);
    }
    return new NdArray<D>(this.storage, perm.map((p) => this.shape[p]), perm.map((p) => this.strides[p]), this.offset);
  }

  /**
   * A view with another shape of the same size; one length may be -1 (inferred). Only
   * contiguous views can be reshaped without a copy: others throw a {@link ShapeError}
   * (call `await copy()` first).
   *
   * @example
   * ```ts
   * zeros([6]).reshape([2, -1]).shape; // [2, 3]
   * ```
   */
  reshape(shape: readonly number[]): NdArray<D> {
    if (!Array.isArray(shape)) throw new ShapeError(`shape must be an array of integers; got ${show(shape)}`);
    const inferred = shape.indexOf(-1);
    const known = shape.filter((d, i) => i !== inferred);
    assertShape(known, 'shape');
    if (shape.lastIndexOf(-1) !== inferred) throw new ShapeError(`shape may hold at most one -1; got ${show(shape)}`);
    const full = [...shape];
    if (inferred >= 0) {
      const rest = sizeOf(known);
      if (rest === 0 || this.size % rest !== 0) throw new ShapeError(`cannot infer the -1 of shape ${show(shape)} for ${this.size} elements`);
      full[inferred] = this.size / rest;
    }
    if (sizeOf(full) !== this.size) {
      throw new ShapeError(`shape ${show(shape)} holds ${sizeOf(full)} elements; the array has ${this.size} (shape ${show(this.shape)})`);
    }
    if (!this.isContiguous) {
      throw new ShapeError(`cannot reshape a non-contiguous view (shape ${show(this.shape)}, strides ${show(this.strides)}) without copying; call await copy() first`);
    }
    return new NdArray<D>(this.storage, full, contiguousStrides(full), this.offset);
  }

  /**
   * A view reversed along the given axes (all axes when none given).
   *
   * @example
   * ```ts
   * array([1, 2, 3]).flip().dataSync(); // [3, 2, 1]
   * ```
   */
  flip(axes?: number | readonly number[]): NdArray<D> {
    const flipped = new Set(normalizeAxes(axes, this.ndim));
    let offset = this.offset;
    const strides = this.strides.map((s, ax) => {
      if (!flipped.has(ax)) return s;
      if (this.shape[ax] > 0) offset += s * (this.shape[ax] - 1);
      return -s;
    });
    return new NdArray<D>(this.storage, this.shape, strides, offset);
  }

  /** A view without the given length-1 axes (all length-1 axes when none given). */
  squeeze(axes?: number | readonly number[]): NdArray<D> {
    const drop = axes === undefined ? this.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : normalizeAxes(axes, this.ndim);
    for (const ax of drop) {
      if (this.shape[ax] !== 1) throw new ShapeError(`cannot squeeze axis ${ax} of length ${this.shape[ax]} (shape ${show(this.shape)})`);
    }
    const keep = this.shape.map((_, i) => i).filter((i) => !drop.includes(i));
    return new NdArray<D>(this.storage, keep.map((i) => this.shape[i]), keep.map((i) => this.strides[i]), this.offset);
  }

  /** A view with a new length-1 axis at position `axis` (in [-ndim-1, ndim]). */
  expandDims(axis: number): NdArray<D> {
    const ax = normalizeAxis(axis, this.ndim + 1, 'axis');
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape.splice(ax, 0, 1);
    strides.splice(ax, 0, ax < this.ndim ? this.strides[ax] * this.shape[ax] : 1);
    return new NdArray<D>(this.storage, shape, strides, this.offset);
  }

  /** A contiguous copy on the same backend. */
  async copy(): Promise<NdArray<D>> {
    return (await holding([this], () => getKernel('copy', this.backend.name)({ x: this }, {}))) as NdArray<D>;
  }

  /**
   * A contiguous copy on another backend (by name; it must be initialised). float64 data moving
   * to WebGPU needs `castFloat64: true`, which makes float32.
   *
   * @example
   * ```ts
   * import { array, initBackend } from '@pandaas/core';
   * await initBackend('webgpu');
   * const gpu = await array([1, 2, 3], { dtype: 'float32' }).to('webgpu');
   * const back = await gpu.to('cpu');
   * ```
   */
  async to(backend: string, options: MoveOptions = {}): Promise<NdArray> {
    const target = getBackend(backend);
    if (target.name === this.backend.name) return this.copy();
    let values = await this.data();
    let dtype: DType = this.dtype;
    if (dtype === 'float64' && options.castFloat64 === true) {
      values = Float32Array.from(values as Float64Array) as TypedArrayMap[D];
      dtype = 'float32';
    }
    if (target.name === 'cpu') {
      // through the CPU backend's own allocation: shared when large, so its pool can work on it
      const storage = target.allocate(dtype, this.size);
      (storage.buffer as TypedArrayMap[D]).set(values as never);
      return new NdArray(storage, this.shape);
    }
    return new NdArray(target.upload(values, dtype), this.shape);
  }

  /** Releases this view; the storage is freed when its last view is disposed. Idempotent. */
  dispose(): void {
    const storage = this.#storage;
    if (storage === undefined) return;
    this.#storage = undefined;
    if (--storage.refs === 0) storage.backend.free(storage);
  }

  /** A short description: dtype, shape and backend. */
  toString(): string {
    return `NdArray(${this.dtype}, [${this.shape.join(', ')}], ${this.#storage?.backend.name ?? 'disposed'})`;
  }
}

/**
 * Runs `work` with the storages of `arrays` held: an input disposed while its kernel still runs
 * (awaiting the worker pool, or a pipeline before its GPU dispatch is submitted) is freed, and its
 * memory recycled, only once the kernel is done with it.
 */
export async function holding<T>(arrays: readonly NdArray[], work: () => Promise<T>): Promise<T> {
  const storages = arrays.map((a) => a.storage);
  for (const storage of storages) storage.refs++;
  try {
    return await work();
  } finally {
    for (const storage of storages) if (--storage.refs === 0) storage.backend.free(storage);
  }
}

function sliceRange(spec: readonly (number | null | undefined)[], n: number, ax: number): [number, number, number] {
  const [start, stop, step = 1] = spec.map((v) => v ?? undefined);
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new ArgumentError(`slice ${name} for axis ${ax} must be an integer; got ${show(v)}`);
  }
  if (step === 0) throw new ArgumentError(`slice step for axis ${ax} must not be 0`);
  const bound = (v: number, name: string) => {
    if (v < -n || v > n) throw new IndexRangeError(`slice ${name} for axis ${ax} must lie in [${-n}, ${n}]; got ${v}`);
    return v < 0 ? v + n : v;
  };
  if (step > 0) return [start === undefined ? 0 : bound(start, 'start'), stop === undefined ? n : bound(stop, 'stop'), step];
  const s = start === undefined ? n - 1 : Math.min(bound(start, 'start'), n - 1);
  return [s, stop === undefined ? -1 : bound(stop, 'stop'), step];
}
