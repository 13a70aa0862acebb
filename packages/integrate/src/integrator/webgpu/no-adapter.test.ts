import { array, isPandaasError, shutdownBackends } from '@pandaas/core';
import { afterAll, expect, it } from 'vitest';
import { Detector } from '../../detectors/detector.js';
import { AzimuthalIntegrator } from '../azimuthal-integrator.js';
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

it('AzimuthalIntegrator names the option and the backend, and points to the CPU, when no WebGPU adapter answers', async () => {
  const detector = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [4, 5] });
  const ai = new AzimuthalIntegrator({ dist: 0.05, poni1: 2e-4, poni2: 2.5e-4, wavelength: 1e-10, detector });
  const frame = array(new Float32Array(20).fill(1), { shape: [4, 5] });
  const failure = await ai.integrate1d(frame, { npt: 3, method: ['bbox', 'csr', 'webgpu'] }).catch((err: unknown) => err);
  expect(isPandaasError(failure, 'E_BACKEND'), String(failure)).toBe(true);
  expect((failure as Error).message).toMatch(/^options.method asks for the backend "webgpu": the webgpu backend is not available here: .*no-such-backend.*; use method backend "cpu"$/s);
  // the CPU still integrates the same frame
  expect((await ai.integrate1d(frame, { npt: 3 })).count.reduce((a, b) => a + b, 0)).toBeCloseTo(20, 5);
});
