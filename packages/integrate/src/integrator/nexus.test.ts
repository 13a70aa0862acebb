import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, shutdownBackends } from '@pandaas/core';
import { openH5, readNxData, writeH5, writeNxData, writeNxProcess } from '@pandaas/io-nexus';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from './azimuthal-integrator.js';

const dir = mkdtempSync(join(tmpdir(), 'pandaas-integrate-nexus-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownBackends();
});

const detector = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [30, 40] });
const ai = new AzimuthalIntegrator({ dist: 0.05, poni1: 0.0011, poni2: 0.0023, wavelength: 1e-10, detector });
const frame = array(Float32Array.from({ length: 1200 }, (_, p) => 10 + (p % 17)), { shape: [30, 40] });

describe('results written with @pandaas/io-nexus', () => {
  it('a 1D result as NXdata inside NXprocess reads back with readNxData: signal, errors, axis, units, PONI', async () => {
    const r = await ai.integrate1d(frame, { npt: 20, unit: '2th_deg', errorModel: 'poisson' });
    const path = join(dir, 'pattern.nxs');
    await writeH5(path, async (w) => {
      w.group('/entry', { NX_class: 'NXentry' });
      await writeNxProcess(w, '/entry/integrate', r.toNxProcess());
      await writeNxData(w, '/entry/integrate/result', r.toNxData(), { setDefault: true });
    });
    const file = await openH5(path);
    try {
      const nx = await readNxData(await file.group('/entry/integrate/result'));
      expect(nx.valid, nx.problems.join('; ')).toBe(true);
      expect(nx.signal?.name).toBe('I');
      expect(Array.from((await nx.signal!.dataset.read()).dataSync())).toEqual(Array.from(r.intensity));
      expect(Array.from((await nx.signal!.errors!.read()).dataSync())).toEqual(Array.from(r.sigma!));
      expect(nx.axes[0]?.name).toBe('2th');
      expect(nx.axes[0]?.units).toBe('deg');
      expect(Array.from((await nx.axes[0]!.dataset.read()).dataSync())).toEqual(Array.from(r.radial));
      expect(nx.interpretation).toBe('spectrum');
      const text = async (p: string) => String(await (await file.dataset(p)).readValue());
      expect(await text('/entry/integrate/program')).toBe('pandaas');
      expect(await text('/entry/integrate/version')).toBe(r.toNxProcess().version);
      expect(await text('/entry/integrate/parameters/method')).toBe('bbox-csr-cpu');
      expect(await text('/entry/integrate/parameters/poni')).toBe(ai.toPoni());
    } finally {
      await file.close();
    }
  });

  it('a 2D result as an image with chi and radial axes', async () => {
    const r = await ai.integrate2d(frame, { nptRad: 12, nptAzim: 6 });
    const path = join(dir, 'map.nxs');
    await writeH5(path, async (w) => {
      w.group('/entry', { NX_class: 'NXentry' });
      await writeNxData(w, '/entry/map', r.toNxData());
    });
    const file = await openH5(path);
    try {
      const nx = await readNxData(await file.group('/entry/map'));
      expect(nx.valid, nx.problems.join('; ')).toBe(true);
      expect(nx.signal!.dataset.shape).toEqual([6, 12]);
      expect(nx.signal!.errors).toBeUndefined();
      expect(nx.axes.map((a) => [a?.name, a?.units])).toEqual([['chi', 'deg'], ['q', 'nm^-1']]);
      expect(Array.from((await nx.signal!.dataset.read()).dataSync())).toEqual(Array.from(r.intensity));
    } finally {
      await file.close();
    }
  });
});
