import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, shutdownBackends } from '@pandaas/core';
import { openH5, readNxData, writeH5, writeNxData, writeNxProcess, type H5File, type NxData } from '@pandaas/io-nexus';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from './azimuthal-integrator.js';
import type { Integrate1dResult, Integrate2dResult } from './results.js';

const dir = mkdtempSync(join(tmpdir(), 'pandaas-integrate-nexus-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownBackends();
});

const detector = Detector.generic({ pixel1: 1e-4, pixel2: 1e-4, shape: [30, 40] });
const ai = new AzimuthalIntegrator({ dist: 0.05, poni1: 0.0011, poni2: 0.0023, wavelength: 1e-10, detector });
const frame = array(Float32Array.from({ length: 1200 }, (_, p) => 10 + (p % 17)), { shape: [30, 40] });

/**
 * Writes `r` as NXdata `/entry/integrate/result` inside the NXprocess `/entry/integrate`, reads the
 * NXdata back with readNxData, checks what 1D and 2D share (signal I and its errors, the axes'
 * values, the process' program, version, method and PONI), and hands the NXdata and the file over.
 */
async function roundTrip(name: string, r: Integrate1dResult | Integrate2dResult, check: (nx: NxData, file: H5File) => Promise<void>): Promise<void> {
  const path = join(dir, name);
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
    const axes = 'azimuthal' in r ? [r.azimuthal, r.radial] : [r.radial];
    expect(nx.axes).toHaveLength(axes.length);
    for (const [k, values] of axes.entries()) expect(Array.from((await nx.axes[k]!.dataset.read()).dataSync())).toEqual(Array.from(values));
    const text = async (p: string) => String(await (await file.dataset(p)).readValue());
    expect(await text('/entry/integrate/program')).toBe('pandaas');
    expect(await text('/entry/integrate/version')).toBe(r.toNxProcess().version);
    expect(await text('/entry/integrate/parameters/method')).toBe(`${r.method.split}-${r.method.algorithm}-${r.method.backend}`);
    expect(await text('/entry/integrate/parameters/poni')).toBe(ai.toPoni());
    await check(nx, file);
  } finally {
    await file.close();
  }
}

describe('results written with @pandaas/io-nexus', () => {
  it('a 1D result as NXdata inside NXprocess reads back with readNxData: signal, errors, axis, units, PONI, method', async () => {
    const r = await ai.integrate1d(frame, { npt: 20, unit: '2th_deg', errorModel: 'poisson' });
    await roundTrip('pattern.nxs', r, async (nx) => {
      expect(nx.interpretation).toBe('spectrum');
      expect(nx.axes.map((a) => [a?.name, a?.units])).toEqual([['2th', 'deg']]);
    });
  });

  it('a 2D result as an image: signal [nptAzim, nptRad], errors, chi and radial axes with their units, PONI, method', async () => {
    const r = await ai.integrate2d(frame, { nptRad: 12, nptAzim: 6, unit: 'r_mm', unitAzimuthal: 'chi_rad', errorModel: 'poisson', method: ['full', 'csr'] });
    await roundTrip('map.nxs', r, async (nx, file) => {
      expect(nx.interpretation).toBe('image');
      expect(nx.signal!.dataset.shape).toEqual([6, 12]);
      expect(nx.axes.map((a) => [a?.name, a?.units])).toEqual([['chi', 'rad'], ['r', 'mm']]);
      expect(String(await (await file.dataset('/entry/integrate/parameters/unit_azimuthal')).readValue())).toBe('chi_rad');
    });
  });
});
