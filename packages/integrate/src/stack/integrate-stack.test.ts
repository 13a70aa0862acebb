import { array, availableBackends, isPandaasError, shutdownBackends, type NdArray } from '@pandaas/core';
import { frames, openH5, writeH5 } from '@pandaas/io-nexus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { Accumulators } from '../integrator/engine.js';
import type { Integrate1dResult } from '../integrator/results.js';
import { WebGpuEngine, createWebGpuEngine } from '../integrator/webgpu/engine.js';
import { integrateStack, type StackPlan } from './integrate-stack.js';

// PANDAAS_REQUIRE_WEBGPU=1 (CI on llvmpipe): the WebGPU cases must run; elsewhere without an
// adapter they check the BackendError instead
const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
const gpuHere = required || (await availableBackends()).includes('webgpu');

const ROWS = 72;
const COLS = 88;
const PIXELS = ROWS * COLS;
const FRAMES = 11;

const ai = new AzimuthalIntegrator({
  dist: 0.08,
  poni1: 0.0031,
  poni2: 0.0047,
  rot1: 0.02,
  rot2: -0.01,
  wavelength: 1e-10,
  detector: Detector.generic({ pixel1: 1e-4, pixel2: 1.1e-4, shape: [ROWS, COLS] }),
});
const OPTIONS = { npt: 40, unit: '2th_deg', errorModel: 'poisson', dummy: 65535, deltaDummy: 0.5 } as const;

/** Frame k: rings whose height grows with k, noise, and a gap column at 65535 (a uint16 detector's dummy). */
function frameValues(k: number): Uint16Array {
  const out = new Uint16Array(PIXELS);
  let state = 12345 + k;
  for (let i = 0; i < PIXELS; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const r = Math.hypot(Math.floor(i / COLS) - 30, (i % COLS) - 45);
    out[i] = i % COLS === 60 ? 65535 : Math.round((50 + 10 * k) * (1 + Math.cos(r / 3) ** 2) + (state % 20));
  }
  return out;
}

let dir: string;
let path: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pandaas-stack-'));
  path = join(dir, 'scan.h5');
  const stack = new Uint16Array(FRAMES * PIXELS);
  for (let k = 0; k < FRAMES; k++) stack.set(frameValues(k), k * PIXELS);
  await writeH5(path, async (w) => {
    w.group('/entry', { NX_class: 'NXentry' });
    await w.dataset('/entry/data/data', stack, { shape: [FRAMES, ROWS, COLS], chunks: [1, ROWS, COLS], compression: 'deflate' });
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownBackends();
});

/** Each frame integrated alone, in memory: what the stack must give, in order. */
async function oneByOne(plan: StackPlan<Integrate1dResult>): Promise<Integrate1dResult[]> {
  const out: Integrate1dResult[] = [];
  for (let k = 0; k < FRAMES; k++) out.push(await plan.integrate(array(frameValues(k), { shape: [ROWS, COLS] })));
  return out;
}

async function collect<R>(generator: AsyncGenerator<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of generator) out.push(r);
  return out;
}

function expectSame(got: Integrate1dResult[], expected: Integrate1dResult[], rtol = 0): void {
  expect(got.length).toBe(expected.length);
  got.forEach((r, k) => {
    for (const field of ['sumSignal', 'sumVariance', 'sumNormalization', 'count'] as const) {
      const a = r[field];
      const e = expected[k][field];
      for (let b = 0; b < e.length; b++) {
        if (!(Math.abs(a[b] - e[b]) <= rtol * Math.abs(e[b]))) expect.fail(`frame ${k} ${field}[${b}]: got ${a[b]}, expected ${e[b]} (rtol ${rtol})`);
      }
    }
  });
}

describe('integrateStack over an HDF5 stack written by io-nexus', () => {
  it('yields every frame in order on the CPU, from chunks of several frames in one reused buffer', async () => {
    const plan = await ai.plan1d(OPTIONS);
    const file = await openH5(path);
    try {
      const dataset = await file.dataset('/entry/data/data');
      const got = await collect(integrateStack(plan, frames(dataset, { batch: 4, reuse: true })));
      expectSame(got, await oneByOne(plan));
      expect(got[FRAMES - 1].intensity[20]).toBeGreaterThan(got[0].intensity[20]); // the rings grow with k
    } finally {
      await file.close();
      plan.dispose();
    }
  });

  it('overlaps two frames on the GPU, each frame uploaded before the next is read (reused buffer), results as the CPU\'s', async () => {
    if (!gpuHere) {
      await expect(ai.plan1d({ ...OPTIONS, method: ['bbox', 'csr', 'webgpu'] })).rejects.toMatchObject({ code: 'E_BACKEND' });
      return;
    }
    const cpu = await ai.plan1d(OPTIONS);
    const expected = await oneByOne(cpu);
    const engine = await createWebGpuEngine(cpu.csr!, cpu.corrections);
    // a plan over the WebGPU engine, counting the frames in flight
    let inFlight = 0;
    let most = 0;
    const gpuPlan: StackPlan<Accumulators> = {
      engine,
      async integrate(frame: NdArray) {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await engine.run(frame);
        } finally {
          inFlight--;
        }
      },
    };
    const file = await openH5(path);
    try {
      const dataset = await file.dataset('/entry/data/data');
      const sums = await collect(integrateStack(gpuPlan, frames(dataset, { batch: 3, reuse: true })));
      expect(most).toBe(2); // double buffering: never more, and it did overlap
      expect(sums.length).toBe(FRAMES);
      // compensated float32 sums vs float64: 1e-5 relative on the bins of >= 100 pixels
      sums.forEach((s, k) => {
        const e = expected[k];
        for (let b = 0; b < s.signal.length; b++) {
          if (e.count[b] < 100) continue;
          expect(Math.abs(s.signal[b] - e.sumSignal[b]) / e.sumSignal[b], `frame ${k} bin ${b}`).toBeLessThan(1e-5);
          expect(Math.abs(s.variance[b] - e.sumVariance[b]) / e.sumVariance[b]).toBeLessThan(1e-5);
        }
      });
      // the integrator's own WebGPU plan through the same generator
      const plan = await ai.plan1d({ ...OPTIONS, method: ['bbox', 'csr', 'webgpu'] });
      expect(plan.engine).toBeInstanceOf(WebGpuEngine); // so integrateStack overlaps its frames too
      expectSame(await collect(integrateStack(plan, frames(dataset, { batch: 2 }))), expected, 1e-5);
      plan.dispose();
    } finally {
      await file.close();
      engine.dispose();
      cpu.dispose();
    }
  });
});

describe('integrateStack inputs and early ends', () => {
  it('takes arrays of frames and stops where the loop breaks', async () => {
    const plan = await ai.plan1d(OPTIONS);
    const stack = [0, 1, 2, 3].map((k) => array(frameValues(k), { shape: [ROWS, COLS] }));
    let integrated = 0;
    const counting: StackPlan<Integrate1dResult> = { integrate: (f) => (integrated++, plan.integrate(f)) };
    for await (const r of integrateStack(counting, stack)) {
      expect(r.intensity.length).toBe(40);
      if (integrated === 2) break;
    }
    expect(integrated).toBe(2);
    plan.dispose();
  });

  it('refuses what is not a plan, a stream or a frame, and stops on an aborted signal', async () => {
    const plan = await ai.plan1d(OPTIONS);
    const frame = array(frameValues(0), { shape: [ROWS, COLS] });
    await expect(collect(integrateStack({} as StackPlan<unknown>, [frame]))).rejects.toThrow(/plan must be an integration plan/);
    await expect(collect(integrateStack(plan, 42 as unknown as NdArray[]))).rejects.toThrow(/frames must be an iterable or async iterable of NdArrays; got 42/);
    await expect(collect(integrateStack(plan, [frame, 'x' as unknown as NdArray]))).rejects.toThrow(/frames\[1\] must be an NdArray/);
    const flat = array(frameValues(0), { shape: [PIXELS] });
    await expect(collect(integrateStack(plan, [flat]))).rejects.toSatisfy((e) => isPandaasError(e, 'E_SHAPE') && /frames\[0\] must be a frame/.test(e.message));
    const wrong = array(new Uint16Array(PIXELS), { shape: [COLS, ROWS] });
    await expect(collect(integrateStack(plan, [frame, wrong]))).rejects.toMatchObject({ code: 'E_SHAPE' });
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(collect(integrateStack(plan, [frame], { signal: controller.signal }))).rejects.toThrow('stopped by the user');
    plan.dispose();
  });
});
