/**
 * `pandaas integrate` against references: pyFAI's own 1D pattern of the DLS Pixium frame
 * (../shared/data/diffraction2d/dls_pixium/integrated.dat, written by LightForm with pyFAI), and
 * the WebGPU backend against the CPU one.
 */
import { availableBackends } from '@pandaas/core';
import { AzimuthalIntegrator } from '@pandaas/integrate';
import { readImage } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { runCli } from '../testing/run-cli.js';
import { LAB6, lab6Frame, partialsIn, readResultFile, removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

let folder: string;

beforeAll(() => {
  folder = temporaryFolder();
});

afterAll(() => {
  removeFolder(folder);
});

/** The two columns of a pyFAI `.dat` pattern. */
function readPattern(path: string): [number[], number[]] {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => line.trim().split(/\s+/).map(Number));
  return [rows.map((r) => r[0]!), rows.map((r) => r[1]!)];
}

/** Largest |a - b| / |b| over the bins `select` keeps. */
function maxRelative(a: readonly number[], b: readonly number[], select: (i: number) => boolean = () => true): number {
  let max = 0;
  for (let i = 0; i < b.length; i++) if (select(i)) max = Math.max(max, b[i] === 0 ? Math.abs(a[i]!) : Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return max;
}

/** pyFAI's Rwp between two curves on the same bins: sqrt(sum((a - b)^2 / ((a + b) / 2)^2)) over bins whose mean is not 0. */
function rwp(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < b.length; i++) {
    const mean = (a[i]! + b[i]!) / 2;
    if (Math.abs(mean) > 1e-10) sum += ((a[i]! - b[i]!) / mean) ** 2;
  }
  return Math.sqrt(sum);
}

describe("pandaas integrate against pyFAI's integrated.dat (DLS Pixium, real data)", () => {
  it('full splitting, 5000 points in 2th_deg, polarization 0.99, azimuth range -180,180', async () => {
    const dir = ['diffraction2d', 'dls_pixium'];
    const tif = sharedData(...dir, 'pixium_03150.tif');
    const poni = sharedData(...dir, 'DLS_CeO2_1200mm_pyFAI.poni');
    const out = join(folder, 'pixium.nxs');
    const run = await runCli(
      ['integrate', tif, '--poni', poni, '--npt', '5000', '--unit', '2th_deg', '--polarization', '0.99', '--method', 'full,csr', '--azimuth-range', '-180,180', '-o', out],
      { cwd: folder },
    );
    expect(run.status, run.stderr).toBe(0);
    const result = await readResultFile(out);
    const [tth, intensity] = readPattern(sharedData(...dir, 'integrated.dat'));
    expect(result.fields.I!.shape).toEqual([5000]);
    // the CLI is the library: the same numbers as integrate1d called here (the PONI has no shape: the frame's)
    const frame = (await readImage(tif)).frames[0]!.data;
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(poni, 'utf8')).withShape(frame.shape as [number, number]);
    const library = await ai.integrate1d(frame, { npt: 5000, unit: '2th_deg', polarizationFactor: 0.99, method: ['full', 'csr'], azimuthRange: [-180, 180] });
    expect(result.fields.I!.values).toEqual(Array.from(library.intensity));
    // and pyFAI's file, with the bounds of packages/integrate/src/validation/pixium.test.ts: positions 1e-6
    // (the file prints 7 digits), Rwp <= 3 (pyFAI's cross-method bound), 3e-5 on the bins of >= 100 pixels
    const positions = maxRelative(result.fields['2th']!.values, tth);
    const r = rwp(result.fields.I!.values, intensity);
    const dense = maxRelative(result.fields.I!.values, intensity, (i) => library.count[i]! >= 100);
    console.log(`pixium vs integrated.dat: positions ${positions.toExponential(2)}, Rwp ${r.toPrecision(3)}, dense bins ${dense.toExponential(2)}`);
    expect(positions).toBeLessThanOrEqual(1e-6);
    expect(r).toBeLessThanOrEqual(3);
    expect(dense).toBeLessThanOrEqual(3e-5);
  });
});

const gpu = process.env.PANDAAS_REQUIRE_WEBGPU === '1' || (await availableBackends()).includes('webgpu');

describe('pandaas integrate --backend webgpu', () => {
  const argv = (out: string) => ['integrate', `${LAB6.scan}::/entry/data/data`, '--poni', LAB6.ponis[1]!, '--npt', '1000', '--error-model', 'poisson', '--backend', 'webgpu', '-o', out, '--json'];

  // never skipped: where WebGPU is not available (and PANDAAS_REQUIRE_WEBGPU=1 does not demand it),
  // the test checks the command's clear refusal instead
  it(`${gpu ? 'agrees with the CPU within the package bound (1e-5 relative on bins of >= 100 pixels)' : 'says clearly that WebGPU is not available here (exit 7), writing nothing'}`, async () => {
    const out = join(folder, 'gpu.nxs');
    const run = await runCli(argv(out), { cwd: folder });
    if (!gpu) {
      expect(run.status).toBe(7);
      expect(run.stderr).toMatch(/--backend webgpu: WebGPU is not available here .*--backend cpu/);
      expect(() => readFileSync(out)).toThrow();
      expect(partialsIn(folder)).toEqual([]);
      return;
    }
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ backend: 'webgpu', method: 'bbox-csr-webgpu', frames: 3 });
    const result = await readResultFile(out);
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(LAB6.ponis[1]!, 'utf8'));
    let worst = 0;
    for (let k = 0; k < 3; k++) {
      const cpu = await ai.integrate1d(await lab6Frame(k), { npt: 1000, errorModel: 'poisson' });
      const dense = (i: number) => cpu.count[i]! >= 100;
      const rows = (values: number[]) => values.slice(k * 1000, (k + 1) * 1000);
      worst = Math.max(worst, maxRelative(rows(result.fields.I!.values), Array.from(cpu.intensity), dense), maxRelative(rows(result.fields.I_errors!.values), Array.from(cpu.sigma!), dense));
    }
    console.log(`webgpu vs cpu: ${worst.toExponential(2)} relative on bins of >= 100 pixels`);
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});
