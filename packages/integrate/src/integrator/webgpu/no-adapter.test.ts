import { isPandaasError, shutdownBackends } from '@pandaas/core';
import { afterAll, expect, it } from 'vitest';
import { createWebGpuEngine } from './engine.js';

// This file runs in its own worker: forcing a Dawn back end that does not exist makes every
// adapter request fail, as on a machine without WebGPU.
const before = process.env.PANDAAS_WEBGPU_BACKEND;
process.env.PANDAAS_WEBGPU_BACKEND = 'no-such-backend';
afterAll(async () => {
  if (before === undefined) delete process.env.PANDAAS_WEBGPU_BACKEND;
  else process.env.PANDAAS_WEBGPU_BACKEND = before;
  await shutdownBackends();
});

it('createWebGpuEngine throws a BackendError saying why when no WebGPU adapter answers', async () => {
  const csr = { rows: 1, cols: 2, indptr: Int32Array.of(0, 2), indices: Int32Array.of(0, 1), weights: Float32Array.of(1, 1) };
  const corrections = { norm: Float32Array.of(1, 1), invalid: new Uint8Array(2), errorModel: 'poisson' as const };
  const failure = await createWebGpuEngine(csr, corrections).catch((err: unknown) => err);
  expect(isPandaasError(failure, 'E_BACKEND')).toBe(true);
  expect((failure as Error).message).toMatch(/no-such-backend/);
});
