import type { DType, TypedArray } from './dtype.js';

/**
 * Memory owned by one backend: a typed array on the CPU, a GPU buffer on WebGPU. Views of one
 * storage share it; it is released when the last {@link NdArray} over it is disposed.
 */
export interface Storage {
  /** The backend that owns the memory. */
  readonly backend: Backend;
  /** The element type, as the user sees it (the backend may hold it wider). */
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  /** The backend's own handle: a `TypedArray` on the CPU, a `GPUBuffer` on WebGPU. */
  readonly buffer: unknown;
  /** Number of live {@link NdArray}s over this storage. */
  refs: number;
  /**
   * Whether user code may hold this memory directly (a typed array it gave, or one handed out by
   * `dataSync()`). A backend may recycle the memory of freed storage only when this is false.
   */
  exposed?: boolean;
}

/**
 * What a backend provides besides its kernels: moving elements in and out, and memory.
 * Kernels are registered apart, with {@link registerKernel}.
 */
export interface Backend {
  /** The name kernels are registered under (`'cpu'`, `'webgpu'`). */
  readonly name: string;
  /** Storage holding `data` (the CPU backend wraps it without copying). */
  upload(data: TypedArray, dtype: DType): Storage;
  /** Zero-filled storage of `length` elements. */
  allocate(dtype: DType, length: number): Storage;
  /** Copies `length` elements from `offset` of a storage into a new typed array of its dtype. */
  read(storage: Storage, offset: number, length: number): Promise<TypedArray>;
  /** Releases the memory of a storage. */
  free(storage: Storage): void;
  /** One line saying what runs the kernels (the GPU adapter, the CPU threads). */
  describe(): string;
  /** Releases everything the backend holds (devices, pools, caches). */
  shutdown?(): Promise<void>;
}
