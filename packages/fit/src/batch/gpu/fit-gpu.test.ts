import { array, availableBackends, initWebGpuBackend, isPandaasError, registerBackend, shutdownBackends, type NdArray } from '@pandaas/core';
import { afterAll, describe, expect, it } from 'vitest';
// core's public API opens the WebGPU backend with its defaults only (initWebGpuBackend); these tests
// need the factory's options, as core's own WebGPU tests do: every submission validated, and a
// binding limit lowered to 16 KiB for the test of batches split over several dispatches
import { createWebGpuBackend } from '../../../../core/src/webgpu/index.js';
import type { Constraint } from '../../leastsq/constraints.js';
import { constant, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, pseudoVoigt } from '../../models/builtins.js';
import type { Model } from '../../models/model.js';
import { sum } from '../../models/sum.js';
import { fitMany, type FitManyResult } from '../fit-many.js';
import type { FitManyOptions } from '../problem.js';
import { FIT_STATUS_CODES } from '../status.js';
import { linspace } from '../../testing/finite-difference.js';
import { syntheticBatch } from '../testing/curves.js';

// every submission validated (errors throw); registered before anything opens a device, so that
// no backend is left behind unreferenced (see WebGpuBackend on Dawn's garbage-collection hazard)
registerBackend('webgpu', () => createWebGpuBackend({ validate: true }));
// .ci/run and the Linux CI leg set PANDAAS_REQUIRE_WEBGPU=1: there these suites must run (llvmpipe)
const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
const gpu = required || (await availableBackends()).includes('webgpu');

afterAll(shutdownBackends);

/**
 * The tolerance of the WebGPU path against the CPU path (float32 against float64, both
 * converged): parameters within 1e-4 relative or 1e-3 of their sigma (measured: about 1e-7
 * relative for well-determined parameters), chi² within 1e-5 relative, the same status. Sigmas
 * within 1e-3 relative: both take the covariance from the last iteration's Jacobian (as silx and
 * MINPACK do), at the start of the last step, and the two may stop one step apart (measured:
 * up to 2e-4 then, 1e-6 otherwise).
 */
const TOLERANCE = { params: 1e-4, paramsInSigma: 1e-3, sigmas: 1e-3, chi2: 1e-5 };

function expectAgreement(g: FitManyResult, c: FitManyResult, names: readonly string[]): void {
  const n = c.chi2.size, nP = names.length;
  const [gp, cp, gs, cs] = [g.params, c.params, g.sigmas, c.sigmas].map((a) => a.dataSync());
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    const status = FIT_STATUS_CODES[c.status.get(i)];
    if (FIT_STATUS_CODES[g.status.get(i)] !== status) failures.push(`curve ${i}: status ${FIT_STATUS_CODES[g.status.get(i)]} on webgpu, ${status} on cpu`);
    if (status !== 'converged') continue;
    for (let j = 0; j < nP; j++) {
      const k = i * nP + j;
      if (!(Math.abs(gp[k] - cp[k]) <= TOLERANCE.params * Math.abs(cp[k]) + TOLERANCE.paramsInSigma * cs[k])) {
        failures.push(`curve ${i} ${names[j]}: ${gp[k]} on webgpu, ${cp[k]} ± ${cs[k]} on cpu`);
      }
      if (!(Math.abs(gs[k] - cs[k]) <= TOLERANCE.sigmas * cs[k])) failures.push(`curve ${i} sigma of ${names[j]}: ${gs[k]} on webgpu, ${cs[k]} on cpu`);
    }
    const gc = g.chi2.get(i), cc = c.chi2.get(i);
    if (!(Math.abs(gc - cc) <= TOLERANCE.chi2 * cc)) failures.push(`curve ${i}: chi2 ${gc} on webgpu, ${cc} on cpu`);
  }
  expect(failures.slice(0, 10)).toEqual([]);
}

/** A batch of `n` curves of `model`, starts perturbed from the truth by `start`. */
function problem(model: Model, x: Float64Array, n: number, truth: (i: number, r: () => number) => number[], start: (v: number, j: number) => number, seed = 1) {
  const b = syntheticBatch(model, x, n, truth, { seed });
  const nP = model.parameters.length;
  return {
    ys: b.ys,
    p0: array(Float64Array.from(b.truth, (v, k) => start(v, k % nP)), { shape: [n, nP] }),
    shape: [n, x.length],
  };
}

async function compare(model: Model, x: Float64Array, data: ReturnType<typeof problem>, options: FitManyOptions = {}, ys?: NdArray): Promise<FitManyResult> {
  const curves = ys ?? array(data.ys, { shape: data.shape });
  const cpu = await fitMany(model, x, array(data.ys, { shape: data.shape }), data.p0, options);
  const onGpu = await fitMany(model, x, curves, data.p0, { ...options, backend: 'webgpu' });
  expectAgreement(onGpu, cpu, model.parameters);
  return onGpu;
}

const x128 = linspace(0, 127, 128);
/** Heights and widths 10 % off, positions 2 points off, background slopes from 0. */
const near = (names: readonly string[]) => (v: number, j: number) => {
  const name = names[j];
  if (name.startsWith('Position')) return v + 2;
  if (name === 'Slope') return 0;
  if (name.startsWith('Eta')) return 0.5;
  return v * 1.1;
};

it(`runs wherever an adapter answers${required ? ' (required here: PANDAAS_REQUIRE_WEBGPU=1)' : ''}, else says why`, async () => {
  const model = sum(linear(), gaussian());
  const data = problem(model, x128, 4, () => [20, 0, 900, 64, 10], near(model.parameters));
  const run = fitMany(model, x128, array(data.ys, { shape: data.shape }), data.p0, { backend: 'webgpu' });
  if (gpu) {
    expect((await run).status.size).toBe(4);
  } else {
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(isPandaasError(err, 'E_BACKEND')).toBe(true);
  }
});

// no adapter and not required: the test above is the whole WebGPU suite here
if (gpu) {
  describe('fitMany on webgpu against the CPU (float32 per thread vs float64)', () => {
    it('gaussian + linear background, 128 points', async () => {
      const model = sum(linear(), gaussian());
      const data = problem(model, x128, 256, (_, r) => [20 + 10 * r(), 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters));
      const r = await compare(model, x128, data);
      expect(FIT_STATUS_CODES[r.status.get(0)]).toBe('converged');
    });

    it('a window far from x = 0 (channels 1000-1511, 512 points): the centring keeps float32 accurate', async () => {
      const x = linspace(1000, 1511, 512);
      const model = sum(linear(), gaussian());
      const data = problem(model, x, 64, (_, r) => [200 + 100 * r(), -0.1 * r(), 500 + 1500 * r(), 1200 + 100 * r(), 20 + 20 * r()], near(model.parameters), 4);
      await compare(model, x, data);
    });

    it('lorentzian, pseudo-Voigt and the area forms, on constant and linear backgrounds', async () => {
      const cases: [Model, (i: number, r: () => number) => number[]][] = [
        [sum(constant(), lorentzian()), (_, r) => [20, 900 + 200 * r(), 55 + 10 * r(), 8 + 4 * r()]],
        [sum(linear(), pseudoVoigt()), (_, r) => [20, 0.02, 900 + 200 * r(), 55 + 10 * r(), 8 + 4 * r(), 0.2 + 0.6 * r()]],
        [sum(linear(), gaussianArea()), (_, r) => [20, 0.02, 9000 + 2000 * r(), 55 + 10 * r(), 8 + 4 * r()]],
        [sum(constant(), lorentzianArea()), (_, r) => [20, 15000 + 2000 * r(), 55 + 10 * r(), 8 + 4 * r()]],
        [sum(constant(), pseudoVoigt({ form: 'area' })), (_, r) => [20, 12000 + 2000 * r(), 55 + 10 * r(), 8 + 4 * r(), 0.3 + 0.4 * r()]],
      ];
      for (const [model, truth] of cases) await compare(model, x128, problem(model, x128, 64, truth, near(model.parameters), 9));
    });

    it('two overlapping gaussians on a linear background (8 parameters, the most a thread fits)', async () => {
      const model = sum(linear(), gaussian(), gaussian());
      const data = problem(model, x128, 64, (_, r) => [20, 0.02, 800 + 200 * r(), 50 + 4 * r(), 9, 600 + 200 * r(), 75 + 4 * r(), 10], near(model.parameters), 11);
      await compare(model, x128, data);
    });

    it('weights: sigma shared by all curves, and per curve without covariance scaling', async () => {
      const model = sum(linear(), gaussian());
      const data = problem(model, x128, 64, (_, r) => [20 + 10 * r(), 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters), 5);
      await compare(model, x128, data, { sigma: Float64Array.from(x128, (v) => 3 + v / 16) });
      const sigma = array(Float64Array.from(data.ys, (v) => Math.sqrt(Math.max(v, 1))), { shape: data.shape });
      await compare(model, x128, data, { sigma, scaleCovar: false });
    });

    it('fixed and positive parameters', async () => {
      const model = sum(linear(), gaussian());
      const data = problem(model, x128, 64, (_, r) => [20 + 10 * r(), 0.05, 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters), 6);
      const constraints: Constraint[] = [{ code: 'free' }, { code: 'fixed' }, { code: 'positive' }, { code: 'free' }, { code: 'positive' }];
      const r = await compare(model, x128, data, { constraints });
      expect(r.sigmas.get(0, 1)).toBe(0);
      expect(r.params.get(0, 1)).toBe(0); // the fixed slope keeps its start value
    });

    it('reads curves already on the GPU (a float32 NdArray) without a copy', async () => {
      const model = sum(linear(), gaussian());
      const data = problem(model, x128, 64, (_, r) => [20, 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters), 8);
      const resident = array(Float32Array.from(data.ys), { shape: data.shape, backend: 'webgpu' });
      await compare(model, x128, data, {}, resident);
      resident.dispose();
    });

    it('gives invalid-input and NaN for curves with NaN values or starts, or a model that is NaN at the start, as the CPU does', async () => {
      const model = sum(linear(), gaussian());
      const data = problem(model, x128, 16, () => [20, 0, 900, 64, 10], near(model.parameters), 12);
      data.ys[3 * 128 + 7] = NaN;
      const p0 = data.p0.dataSync();
      p0[5 * 5 + 2] = NaN;
      p0[6 * 5 + 4] = 0; // zero FWHM
      const r = await compare(model, x128, data);
      for (const bad of [3, 5, 6]) {
        expect(FIT_STATUS_CODES[r.status.get(bad)]).toBe('invalid-input');
        expect(Number.isNaN(r.params.get(bad, 3))).toBe(true);
      }
      expect(FIT_STATUS_CODES[r.status.get(4)]).toBe('converged');
    });

    it('splits batches larger than a storage binding into several dispatches (binding lowered to 16 KiB)', async () => {
      const before = await initWebGpuBackend();
      registerBackend('webgpu', () => createWebGpuBackend({ validate: true, maxBindingBytes: 16384 }));
      try {
        const model = sum(linear(), gaussian());
        // 100 curves of 128 float32 points (51 KiB): 30 curves per dispatch, 4 dispatches
        const data = problem(model, x128, 100, (_, r) => [20, 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters), 13);
        await compare(model, x128, data);
        // 32 resident curves fill the 16 KiB binding: dispatches of 30 and 2 read their chunks at an offset
        const small = problem(model, x128, 32, (_, r) => [20, 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()], near(model.parameters), 14);
        const resident = array(Float32Array.from(small.ys), { shape: small.shape, backend: await initWebGpuBackend() });
        await compare(model, x128, small, {}, resident);
      } finally {
        await before.shutdown();
      }
    });
  });
}
