/**
 * `@pandaas/core`: the n-dimensional array of pandaas and the kernels every science package
 * needs, on the CPU (all cores) and on a GPU through WebGPU, in Node.js and in browsers.
 *
 * @example
 * ```ts
 * import { array, add, sum, setBackend } from '@pandaas/core';
 * await setBackend(['webgpu', 'cpu']); // the first that works here
 * const a = array([[1, 2], [3, 4]], { dtype: 'float32' });
 * const b = await add(a, a);
 * console.log(await (await sum(b)).data()); // Float32Array [20]
 * ```
 * @module
 */

// Arrays
export { NdArray } from './ndarray.js';
export type { MoveOptions, SliceSpec } from './ndarray.js';
export { arange, array, fromScijs, full, toScijs, zeros } from './create.js';
export type { ArrayOptions, NestedArray, ScijsConstructor, ScijsLike } from './create.js';

// Dtypes and shapes
export { DTYPES, allocate, assertDType, bytesPerElement, dtypeOf, isDType, isFloat, resultType, typedArrayConstructor } from './dtype.js';
export type { DType, TypedArray, TypedArrayConstructor, TypedArrayMap } from './dtype.js';
export { isShared, onShared } from './shared-memory.js';
export { broadcastShapes, contiguousStrides, isContiguous, sizeOf } from './shape.js';
export type { Shape } from './shape.js';

// Errors
export {
  ArgumentError,
  BackendError,
  DTypeError,
  DisposedError,
  IndexRangeError,
  PandaasError,
  ShapeError,
  isPandaasError,
  show,
} from './errors.js';
export type { ErrorCode } from './errors.js';

// Backends and kernels
export {
  availableBackends,
  getBackend,
  initBackend,
  registerBackend,
  registerBackendInstance,
  registeredBackends,
  setBackend,
  shutdownBackends,
} from './backend-registry.js';
export type { BackendPreference } from './backend-registry.js';
export type { Backend, Storage } from './backend.js';
export { CpuBackend } from './cpu/cpu-backend.js';
export { poolSize, registerPoolLoops, runOnPool, setPoolSize, usePool } from './cpu/pool.js';
export type { PoolTask } from './cpu/worker-script.js';
export type { LoopFunction } from './cpu/specialise.js';
export { getKernel, kernelsOf, registerKernel } from './kernel-registry.js';
export { initWebGpuBackend } from './webgpu-access.js';
export type { GpuStorage, WebGpuBackend, WebGpuBackendOptions } from './webgpu/webgpu-backend.js';
export type { WebGpuInfo } from './webgpu/device.js';
export type { Dispatch, Program } from './webgpu/program.js';
export type { PoolStats } from './webgpu/buffer-pool.js';
export type { BinaryOp, KernelFunc, KernelName, KernelSignatures, ReduceOp, UnaryOp } from './kernel-names.js';

// Operations
export { abs, add, binary, clip, div, exp, log, mul, sqrt, sub, unary, where } from './ops/elementwise.js';
export { argmax, max, mean, min, reduce, sum } from './ops/reduce.js';
export type { ReduceOptions } from './ops/reduce.js';
export { cast } from './ops/cast.js';
export { csrSpmv } from './ops/sparse.js';
export type { CsrMatrix, CsrSpmvOptions } from './ops/sparse.js';
export { fft, ifft, isSmoothLength } from './ops/fft.js';
export type { Complex } from './ops/fft.js';
export { cumsum } from './ops/cumsum.js';
export type { CumsumOptions } from './ops/cumsum.js';
