import { array, isPandaasError, shutdownBackends } from '@pandaas/core';
import { afterAll, expect, it } from 'vitest';
import { Backprojector } from '../backproject/backprojector.js';
import { parallelGeometry } from '../backproject/geometry.js';
import { fbp } from './fbp.js';
import { FbpPlan } from './fbp-plan.js';

// This file runs in its own worker: forcing a Dawn back end that does not exist makes every
// adapter request fail, as on a machine without WebGPU.
const before = process.env.PANDAAS_WEBGPU_BACKEND;
process.env.PANDAAS_WEBGPU_BACKEND = 'no-such-backend';
afterAll(async () => {
  if (before === undefined) delete process.env.PANDAAS_WEBGPU_BACKEND;
  else process.env.PANDAAS_WEBGPU_BACKEND = before;
  await shutdownBackends();
});

it('FbpPlan, fbp and Backprojector throw a BackendError naming the option, saying why and pointing to the CPU', async () => {
  const attempts = [
    FbpPlan.create([0, 1], 16, { backend: 'webgpu' }),
    fbp(array(new Float32Array(32), { shape: [2, 16] }), { backend: 'webgpu' }),
    Backprojector.create(parallelGeometry([0, 1], 16), { backend: 'webgpu' }),
  ];
  for (const attempt of attempts) {
    const failure = await attempt.then(() => undefined, (e: unknown) => e);
    expect(isPandaasError(failure, 'E_BACKEND'), String(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/^options.backend asks for "webgpu": .*no-such-backend.*; use backend "cpu"$/s);
  }
  // the CPU still reconstructs
  const plan = await FbpPlan.create([0, 1], 16);
  expect(((await plan.reconstruct(new Float32Array(32).fill(1))) as Float32Array).length).toBe(11 * 11);
  plan.dispose();
});
