import { array } from '@pandaas/core';
import { FIT_STATUS_CODES, FitManager, fitMany, type FitManyResult } from '@pandaas/fit';
import { openH5, readImage, writeH5, writeNxData } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../../core/src/testing/shared-data.js';
import { fixture } from '../../../../fit/src/testing/data.js';
import type { CommandContext } from '../../framework/command.js';
import { openInput } from '../../framework/inputs.js';
import { readDataset } from '../../testing/read-dataset.js';
import { runCli } from '../../testing/run-cli.js';
import { readCurves } from './curves.js';
import { fitMap } from './fit-map.js';
import { parseModelSpec } from './model-spec.js';

// pandaas fit on maps: the 36 azimuthal cakes of a real pixium pattern (LightForm's
// pixium_03150.dat: 2θ then 36 cakes of 5000 points, written here as a [36, 5000] NXdata), and
// scipy's curve_fit results on 16 gaussian + linear curves (the fit package's batch fixture).
// Results must equal fitMany called directly with the start the CLI documents (the mean curve's
// fit by FitManager).

let dir: string;
const CAKES = 36;
let tth: Float64Array;
let cakes: Float64Array; // [36, 5000]
const POINTS = 5000;
const RANGE: [number, number] = [3.4, 3.48];
const azimuth = Float64Array.from({ length: CAKES }, (_, c) => 5 + 10 * c);

/** The points of the cakes in RANGE, the mean curve's FitManager fit (the CLI's start), and the cakes' values there. */
function cakesProblem() {
  const keep = Array.from(tth.keys()).filter((i) => tth[i]! >= RANGE[0] && tth[i]! <= RANGE[1]);
  const x = Float64Array.from(keep, (i) => tth[i]!);
  const ys = new Float64Array(CAKES * keep.length);
  const total = new Float64Array(keep.length);
  for (let c = 0; c < CAKES; c++) {
    keep.forEach((i, j) => {
      ys[c * keep.length + j] = cakes[c * POINTS + i]!;
      total[j]! += cakes[c * POINTS + i]!;
    });
  }
  const fm = new FitManager();
  fm.setData(x, total.map((v) => v / CAKES));
  fm.setTheory('gaussian');
  fm.setBackground('linear');
  const mean = fm.fit();
  return { x, ys, m: keep.length, fm, start: mean.params, constraints: fm.parameters.map((p) => p.constraint) };
}

async function expectMapsEqual(file: string, names: readonly string[], r: FitManyResult, shape: readonly number[]): Promise<void> {
  const n = r.chi2.size;
  const params = r.params.dataSync(), sigmas = r.sigmas.dataSync();
  for (const [j, name] of names.entries()) {
    expect(await readDataset(file, `/entry/${name}/${name}`), name).toEqual(Array.from({ length: n }, (_, i) => params[i * names.length + j]));
    expect(await readDataset(file, `/entry/${name}/${name}_errors`), name).toEqual(Array.from({ length: n }, (_, i) => sigmas[i * names.length + j]));
  }
  expect(await readDataset(file, '/entry/chi2/chi2')).toEqual(Array.from(r.chi2.dataSync()));
  expect(await readDataset(file, '/entry/status/status')).toEqual(Array.from(r.status.dataSync()));
  expect(await readDataset(file, '/entry/iterations/iterations')).toEqual(Array.from(r.niter.dataSync()));
  const h5 = await openH5(file);
  try {
    expect((await h5.dataset(`/entry/${names[0]}/${names[0]}`)).shape).toEqual(shape);
  } finally {
    await h5.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-fit-maps-'));
  const rows = readFileSync(sharedData('spectra1d', 'pixium_03150.dat'), 'utf8').trim().split(/\r?\n/).map((line) => line.trim().split(/\s+/).map(Number));
  expect(rows.length).toBe(POINTS);
  tth = Float64Array.from(rows, (row) => row[0]!);
  cakes = new Float64Array(CAKES * POINTS);
  rows.forEach((row, i) => {
    for (let c = 0; c < CAKES; c++) cakes[c * POINTS + i] = row[c + 1]!;
  });
  const batch = fixture('batch', 'batch.json').curveFit;
  await writeH5(join(dir, 'maps.nxs'), async (w) => {
    w.group('/entry', { NX_class: 'NXentry' });
    await writeNxData(w, '/entry/cakes', {
      signal: { name: 'I', data: array(cakes, { shape: [CAKES, POINTS] }) },
      axes: [{ name: 'azimuth', data: azimuth, units: 'deg' }, { name: 'two_theta', data: tth, units: 'deg' }],
    });
    // scipy's 16 curves as a 4 x 4 stack, a plain dataset (x: the point index)
    await w.dataset('/entry/stack', Float64Array.from(batch.ys as number[]), { shape: [4, 4, batch.m] });
    // a map too large for JSON (10 001 curves of 4 points)
    await w.dataset('/entry/large', new Float64Array(10_001 * 4), { shape: [10_001, 4] });
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pandaas fit on the 36 cakes of a real pixium pattern', () => {
  it('fits one peak per cake with the batch fitter, equal to fitMany called directly, and writes the maps as NXdata', async () => {
    const run = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '-o', 'cakes.nxs', '--json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    const { x, ys, m, fm, start, constraints } = cakesProblem();
    expect(doc).toMatchObject({ shape: 'gaussian', mapShape: [CAKES], curves: CAKES, points: m, parameters: fm.names, statusCounts: { converged: CAKES }, backend: 'cpu' });
    expect(doc.x).toEqual({ name: 'two_theta', units: 'deg', source: 'axis', range: RANGE });
    expect(Object.values(doc.start)).toEqual(Array.from(start));
    expect(run.stderr).toContain(`${CAKES}/${CAKES} curves`);

    const r = await fitMany(fm.model!, x, array(ys, { shape: [CAKES, m] }), start, { constraints });
    const file = join(dir, 'cakes.nxs');
    await expectMapsEqual(file, fm.names, r, [CAKES]);
    expect(await readDataset(file, '/entry/Position1/azimuth')).toEqual(Array.from(azimuth));
    const positions = await readDataset(file, '/entry/Position1/Position1');
    // the 110 ring moves with azimuth (strain): every cake's peak inside the range, and not all at one place
    expect(Math.min(...positions)).toBeGreaterThan(3.42);
    expect(Math.max(...positions)).toBeLessThan(3.46);
    expect(Math.max(...positions) - Math.min(...positions)).toBeGreaterThan(1e-3);
    const h5 = await openH5(file);
    try {
      expect(await (await h5.get('/entry'))!.attr('default')).toBe('Position1');
      expect(await (await h5.dataset('/entry/status/status')).attr('codes')).toEqual([...FIT_STATUS_CODES]);
      expect(await (await h5.dataset('/entry/process/parameters/model')).readValue()).toBe('gaussian+linear');
    } finally {
      await h5.close();
    }
  });

  it('writes a small map as JSON, weighted per curve with Poisson sigmas', async () => {
    const run = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '--weights', 'poisson', '-o', 'cakes.json'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'cakes.json'), 'utf8'));
    expect([doc.shape, doc.mapShape]).toEqual(['gaussian', [CAKES]]); // the peak shape, and the map's
    const { x, ys, m, fm, start, constraints } = cakesProblem();
    const sigma = array(ys.map((v) => Math.sqrt(Math.max(v, 1))), { shape: [CAKES, m] });
    const r = await fitMany(fm.model!, x, array(ys, { shape: [CAKES, m] }), start, { constraints, sigma });
    const p = fm.names.length;
    fm.names.forEach((name, j) => {
      expect(doc.maps[name].values).toEqual(Array.from({ length: CAKES }, (_, i) => r.params.dataSync()[i * p + j]));
      expect(doc.maps[name].uncertainties).toEqual(Array.from({ length: CAKES }, (_, i) => r.sigmas.dataSync()[i * p + j]));
    });
    expect(doc.chi2).toEqual(Array.from(r.chi2.dataSync()));
    expect(doc.reducedChi2).toEqual(Array.from(r.chi2.dataSync(), (v) => v / (m - 5)));
    expect(doc.status).toEqual(Array.from(r.status.dataSync(), (code) => FIT_STATUS_CODES[code]));
    expect(run.stdout).toContain(`${CAKES} converged`);
  });

  it('streams the curves in batches: the same results with a batch of 4 cakes', async () => {
    const input = await openInput({ file: join(dir, 'maps.nxs'), path: '/entry/cakes' });
    try {
      const seen: number[] = [];
      for await (const batch of readCurves(input, { batchValues: 4 * POINTS })) {
        expect(batch.values).toEqual(cakes.subarray(batch.first * POINTS, (batch.first + batch.count) * POINTS));
        seen.push(batch.count);
      }
      expect(seen).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4]);
      let stderr = '';
      const ctx: CommandContext = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, interactive: false, signal: new AbortController().signal, cwd: dir };
      const keep = Array.from(tth.keys()).filter((i) => tth[i]! >= RANGE[0] && tth[i]! <= RANGE[1]);
      const map = await fitMap(ctx, input, tth, { spec: parseModelSpec('gaussian+linear'), peaks: { kind: 'auto' }, keep, weights: 'none', backend: 'cpu', batchValues: 4 * POINTS, scaleCovar: true });
      expect(stderr).toContain(`${CAKES}/${CAKES} curves`);
      const { x, ys, m, fm, start, constraints } = cakesProblem();
      const r = await fitMany(fm.model!, x, array(ys, { shape: [CAKES, m] }), start, { constraints });
      expect(Array.from(map.params)).toEqual(Array.from(r.params.dataSync()));
      expect(Array.from(map.chi2)).toEqual(Array.from(r.chi2.dataSync()));
    } finally {
      await input.close();
    }
  });

  it('reads an image file row by row: each row a curve', async () => {
    const tiff = sharedData('tomography', 'savu_24737_tiffs', 'tiffs', 'raw_00000.tiff');
    const image = await readImage(tiff);
    const frame = image.frames[0]!.data;
    const input = await openInput({ file: tiff });
    try {
      const batches = [];
      for await (const batch of readCurves(input, { batchValues: 1 })) batches.push(batch);
      expect(batches.map((b) => [b.first, b.count])).toEqual([[0, frame.shape[0]]]);
      expect(Array.from(batches[0]!.values)).toEqual(Array.from(frame.dataSync() as ArrayLike<number>));
    } finally {
      await input.close();
    }
  });

  it('fits on WebGPU within the fit package\'s float32 tolerance of the CPU (or says WebGPU is missing: exit 7)', async () => {
    const cpu = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '-o', 'cpu.json'], { cwd: dir });
    expect(cpu.status, cpu.stderr).toBe(0);
    const gpu = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '--backend', 'webgpu', '-o', 'gpu.json'], { cwd: dir });
    if (gpu.status === 7 && process.env.PANDAAS_REQUIRE_WEBGPU !== '1') {
      expect(gpu.stderr).toMatch(/webgpu/i);
      expect((await readdir(dir)).includes('gpu.json')).toBe(false);
      return;
    }
    expect(gpu.status, gpu.stderr).toBe(0);
    const [c, g] = ['cpu.json', 'gpu.json'].map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
    expect(g.backend).toBe('webgpu');
    expect(g.status).toEqual(c.status);
    // float32 against float64: parameters 1e-4 relative (or 1e-3 of their sigma), sigmas 1e-3, chi2 1e-5 (docs/fit.md)
    for (const name of c.parameters as string[]) {
      c.maps[name].values.forEach((v: number, i: number) => {
        const d = Math.abs(g.maps[name].values[i] - v);
        expect(d <= 1e-4 * Math.abs(v) || d <= 1e-3 * c.maps[name].uncertainties[i], `${name}[${i}]: ${g.maps[name].values[i]} vs ${v}`).toBe(true);
        expect(Math.abs(g.maps[name].uncertainties[i] - c.maps[name].uncertainties[i])).toBeLessThanOrEqual(1e-3 * c.maps[name].uncertainties[i]);
      });
    }
    c.chi2.forEach((v: number, i: number) => expect(Math.abs(g.chi2[i] - v)).toBeLessThanOrEqual(1e-5 * v));
  });

  it('ends with exit status 7 and no output when WebGPU is asked for and missing', async () => {
    const saved = process.env.PANDAAS_WEBGPU_BACKEND;
    process.env.PANDAAS_WEBGPU_BACKEND = 'no-such-api';
    try {
      const run = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '--backend', 'webgpu', '-o', 'nogpu.nxs'], { cwd: dir });
      expect(run.status).toBe(7);
      expect(run.stderr).toMatch(/pandaas fit: no backend of \["webgpu"\] is available/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      if (saved === undefined) delete process.env.PANDAAS_WEBGPU_BACKEND;
      else process.env.PANDAAS_WEBGPU_BACKEND = saved;
    }
    const tooLong = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--backend', 'webgpu', '-o', 'nogpu.nxs'], { cwd: dir });
    expect(tooLong.status).toBe(7);
    expect(tooLong.stderr).toContain('--backend webgpu fits curves of at most 1024 points; the x range holds 5000');
    expect((await readdir(dir)).filter((name) => name.startsWith('nogpu') || name.startsWith('.pandaas-partial-'))).toEqual([]);
  });
});

describe('pandaas fit on a stack of curves against scipy curve_fit', () => {
  it('gives curve_fit\'s parameters and sigmas for every curve of a [4, 4, 128] stack', async () => {
    // scripts/fixtures/fit/batch.py: 16 gaussian + linear curves (Poisson counts), each fitted by
    // scipy curve_fit (lm, tolerances 1e-14, sigmas scaled by the reduced chi2)
    const batch = fixture('batch', 'batch.json').curveFit;
    const run = await runCli(['fit', 'maps.nxs::/entry/stack', '--model', 'gaussian+linear', '--delta-chi', '0', '-o', 'stack.nxs'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('16 converged');
    const file = join(dir, 'stack.nxs');
    const { float64 } = await import('../../../../fit/src/testing/data.js');
    const params = float64(batch.params), sigmas = float64(batch.sigmas);
    let worstParams = 0, worstSigmas = 0;
    for (const [j, name] of ['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1'].entries()) {
      const values = await readDataset(file, `/entry/${name}/${name}`);
      const errors = await readDataset(file, `/entry/${name}/${name}_errors`);
      values.forEach((v, i) => (worstParams = Math.max(worstParams, Math.abs(v - params[i * 5 + j]!) / Math.abs(params[i * 5 + j]!))));
      errors.forEach((v, i) => (worstSigmas = Math.max(worstSigmas, Math.abs(v - sigmas[i * 5 + j]!) / sigmas[i * 5 + j]!)));
    }
    // both run to the minimum: 1e-6 relative (the fit package's tolerance against curve_fit)
    expect(worstParams).toBeLessThan(1e-6);
    expect(worstSigmas).toBeLessThan(1e-6);
    const h5 = await openH5(file);
    try {
      expect((await h5.dataset('/entry/Position1/Position1')).shape).toEqual([4, 4]);
    } finally {
      await h5.close();
    }
  });
});

describe('pandaas fit on maps: bad input', () => {
  it('refuses JSON for a large map before any work, and leaves nothing behind', async () => {
    const run = await runCli(['fit', 'maps.nxs::/entry/large', '--model', 'gaussian', '-o', 'large.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('holds 10001 curves: JSON is written for up to 10000; write NeXus (-o maps.nxs)');
    expect((await readdir(dir)).filter((name) => name.startsWith('large') || name.startsWith('.pandaas-partial-'))).toEqual([]);
  });

  it('asks for -o, and refuses --png and strip or snip backgrounds on maps', async () => {
    const cases: [string[], RegExp][] = [
      [[], /holds 36 curves .*give -o maps\.nxs/],
      [['-o', 'm.nxs', '--png', 'm.png'], /--png plots a single curve's fit/],
      [['-o', 'm.nxs', '--background', 'snip'], /--background snip is for single curves/],
    ];
    for (const [extra, message] of cases) {
      const run = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian', ...extra], { cwd: dir });
      expect(run.status, extra.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('stops when interrupted, leaving no output and no partial folder', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(['fit', 'maps.nxs::/entry/cakes', '--model', 'gaussian+linear', '--x-range', '3.4,3.48', '-o', 'stopped.nxs'], { cwd: dir, signal: controller.signal });
    expect(run.status).toBe(130);
    expect(run.stderr).toContain('interrupted');
    expect((await readdir(dir)).filter((name) => name.startsWith('stopped') || name.startsWith('.pandaas-partial-'))).toEqual([]);
  });
});
