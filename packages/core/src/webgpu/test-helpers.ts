/**
 * Helpers for the WebGPU backend's own tests (device set-up, seeded data, tolerant comparison).
 * Not part of the package API.
 * @module
 */
import { expect } from 'vitest';
import { initBackend, registerBackend, shutdownBackends } from '../backend-registry.js';
import { array } from '../create.js';
import { typedArrayConstructor, type DType, type TypedArray } from '../dtype.js';
import type { NdArray } from '../ndarray.js';
import { createWebGpuBackend } from './index.js';
import type { WebGpuBackend } from './webgpu-backend.js';

/** Initialises `'webgpu'` with validation of every submission (errors throw instead of printing). */
export async function openTestBackend(): Promise<WebGpuBackend> {
  registerBackend('webgpu', () => createWebGpuBackend({ validate: true }));
  return (await initBackend('webgpu')) as WebGpuBackend;
}

/** Shuts the backends down (afterAll). */
export function closeTestBackend(): Promise<void> {
  return shutdownBackends();
}

/** A deterministic generator of floats in [0, 1) (a 32-bit linear congruential sequence). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `n` values of `dtype` from `make(i)`, stored as the dtype's typed array stores them. */
export function typed(dtype: DType, n: number, make: (i: number) => number): TypedArray {
  const out = new (typedArrayConstructor(dtype))(n);
  for (let i = 0; i < n; i++) out[i] = make(i);
  return out;
}

/** An array on the GPU of `dtype` and `shape` holding `values`. */
export function onGpu(values: TypedArray | number[], dtype: DType, shape?: readonly number[]): NdArray {
  const data = Array.isArray(values) ? typed(dtype, values.length, (i) => values[i]) : values;
  return array(data, { dtype, shape: shape ?? [data.length], backend: 'webgpu' });
}

/** An array on the CPU of `dtype` and `shape` holding `values`. */
export function onCpu(values: TypedArray | number[], dtype: DType, shape?: readonly number[]): NdArray {
  const data = Array.isArray(values) ? typed(dtype, values.length, (i) => values[i]) : values;
  return array(data, { dtype, shape: shape ?? [data.length], backend: 'cpu' });
}

/**
 * Asserts `actual[i]` equals `expected[i]` within `atol + rtol * |expected[i]|`, NaN matching
 * NaN and infinities matching exactly; the message names the first index that differs.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 0, atol = 0 } = {}): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= atol + rtol * Math.abs(e) : a === e;
    if (!ok) expect.fail(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}
