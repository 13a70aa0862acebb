import { array, isPandaasError, shutdownBackends } from '@pandaas/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from './azimuthal-integrator.js';

// The WebGPU engine module stands in for a machine without a usable GPU: loading it is recorded,
// and creating an engine fails the way a missing adapter makes a driver library fail.
const loaded = vi.hoisted(() => ({ count: 0 }));
vi.mock('./webgpu/engine.js', () => {
  loaded.count++;
  return { createWebGpuEngine: async () => Promise.reject(new Error('no GPU adapter found')) };
});

afterAll(() => shutdownBackends());

const detector = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [20, 30] });
const ai = new AzimuthalIntegrator({ dist: 0.05, poni1: 0.001, poni2: 0.0015, wavelength: 1e-10, detector });
const frame = array(new Float32Array(600).fill(5), { shape: [20, 30] });

describe('the webgpu backend', () => {
  it('is not loaded by CPU integrations', async () => {
    await ai.integrate1d(frame, { npt: 10 });
    await ai.integrate2d(frame, { nptRad: 10, nptAzim: 4, method: ['no', 'histogram'] });
    expect(loaded.count).toBe(0);
  });

  it('gives a BackendError that says so and points to the cpu backend when no GPU is available', async () => {
    let caught: unknown;
    try {
      await ai.integrate1d(frame, { npt: 10, method: { backend: 'webgpu' } });
    } catch (err) {
      caught = err;
    }
    expect(loaded.count).toBe(1);
    expect(isPandaasError(caught, 'E_BACKEND'), String(caught)).toBe(true);
    expect(String(caught)).toMatch(/options.method asks for the backend "webgpu": the webgpu backend is not available here: no GPU adapter found; use method backend "cpu"/);
  });
});

describe('AzimuthalIntegrator as a Geometry', () => {
  it('reads a PONI file and derives new integrators with with()/withShape()', async () => {
    const again = AzimuthalIntegrator.fromPoni(ai.toPoni());
    expect(again).toBeInstanceOf(AzimuthalIntegrator);
    expect([again.dist, again.poni1, again.poni2]).toEqual([0.05, 0.001, 0.0015]);
    const other = ai.with({ dist: 0.1 });
    expect(other).toBeInstanceOf(AzimuthalIntegrator);
    const r = await other.integrate1d(frame, { npt: 5, unit: 'r_mm', method: 'no', correctSolidAngle: false });
    expect(r.count.reduce((a, b) => a + b, 0)).toBe(600);
    expect(Array.from(r.intensity).every((v) => v === 5)).toBe(true); // a flat frame without corrections stays flat
  });
});
