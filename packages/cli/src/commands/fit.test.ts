import { array } from '@pandaas/core';
import { FitManager, gaussian, leastsq, linear, sum, type Constraint } from '@pandaas/fit';
import { openH5, writeH5, writeNxData } from '@pandaas/io-nexus';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { fixture, readSpectrum } from '../../../fit/src/testing/data.js';
import { readDataset } from '../testing/read-dataset.js';
import { runCli } from '../testing/run-cli.js';

// pandaas fit on one curve: the real XRF spectrum (PyMca's XRFSpectrum.mca, 4096 channels,
// written into a NeXus file here) and the real rocking curves of an ID01 scan; every number is
// compared with @pandaas/fit called directly on the same data (equal: the CLI adds no science),
// and with scipy curve_fit / silx FitManager where the fit package's fixtures hold them.

let dir: string;
let spectrum: Float64Array;
const kmap = sharedData('kmap', 'PTO_STO_SL_0001.h5');

interface Parameter {
  name: string;
  value: number;
  uncertainty: number;
  start: number;
  constraint: Constraint['code'];
}
interface CurveDoc {
  parameters: Parameter[];
  chi2: number;
  reducedChi2: number;
  degreesOfFreedom: number;
  status: string;
  converged: boolean;
  iterations: number;
  points: number;
  xFitted: [number, number];
  x: { name: string; units?: string; source: string; range: [number, number] | null };
  outputs?: string[];
}

const column = (doc: CurveDoc, key: 'value' | 'uncertainty' | 'start') => doc.parameters.map((p) => p[key]);

/** max |a - b| / |b| over two lists. */
function relative(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.abs(b[i]!)));
}

async function attributeOf(file: string, path: string, name: string): Promise<unknown> {
  const h5 = await openH5(file);
  try {
    return await (await h5.get(path))!.attr(name);
  } finally {
    await h5.close();
  }
}

async function fitJson(argv: readonly string[]): Promise<CurveDoc> {
  const run = await runCli(['fit', ...argv, '--json'], { cwd: dir });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CurveDoc;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-fit-'));
  spectrum = readSpectrum({ file: 'spectra1d/XRFSpectrum.mca', format: 'mca' });
  await writeH5(join(dir, 'xrf.nxs'), async (w) => {
    w.group('/entry', { NX_class: 'NXentry' });
    await writeNxData(w, '/entry/mca', { signal: { name: 'counts', data: array(spectrum) } }, { setDefault: true });
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pandaas fit on the real XRF spectrum (Co Kα near channel 1474)', () => {
  // scripts/fixtures/fit/leastsq.py: scipy curve_fit, channels 1410-1540, gaussian + linear, sigma = sqrt(max(y, 1))
  const scipy = fixture('leastsq', 'fits.json').cases.find((c: { name: string }) => c.name === 'XRFSpectrum.mca Co K-alpha').scipy;

  it('gives scipy curve_fit\'s parameters and uncertainties with Poisson weights, and exactly FitManager\'s', async () => {
    const doc = await fitJson(['xrf.nxs::/entry/mca', '--model', 'gaussian+linear', '--x-range', '1410,1540', '--weights', 'poisson', '--delta-chi', '0', '-o', 'co.json']);
    expect(doc.parameters.map((p) => p.name)).toEqual(['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1']);
    expect(doc.status).toBe('converged');
    expect(doc.points).toBe(131);
    expect(doc.degreesOfFreedom).toBe(126);
    expect(doc.x).toEqual({ name: 'index', source: 'index', range: [1410, 1540] });
    // against scipy run to its minimum (tolerances 1e-15): parameters and scaled sigmas 1e-6 relative, chi2 1e-9
    expect(relative(column(doc, 'value'), scipy.params)).toBeLessThan(1e-6);
    expect(relative(column(doc, 'uncertainty'), scipy.sigmasScaled)).toBeLessThan(1e-6);
    expect(Math.abs(doc.chi2 - scipy.chi2)).toBeLessThan(1e-9 * scipy.chi2);
    expect(doc.parameters.find((p) => p.name === 'Position1')!.value).toBeCloseTo(1476.68, 2);

    const fm = new FitManager();
    fm.configure({ deltaChi: 0 });
    fm.setData(null, spectrum, spectrum.map((v) => Math.sqrt(Math.max(v, 1))), 1410, 1540);
    fm.setTheory('gaussian');
    fm.setBackground('linear');
    const r = fm.fit();
    expect(column(doc, 'start')).toEqual(fm.parameters.map((p) => p.estimation));
    expect(column(doc, 'value')).toEqual(Array.from(r.params));
    expect(column(doc, 'uncertainty')).toEqual(Array.from(r.sigmas));
    expect([doc.chi2, doc.reducedChi2, doc.iterations]).toEqual([r.chi2, r.reducedChi2, r.niter]);

    // the file holds the same document (less the list of outputs)
    const { outputs, ...rest } = doc;
    expect(outputs).toEqual([join(dir, 'co.json')]);
    expect(JSON.parse(await readFile(join(dir, 'co.json'), 'utf8'))).toEqual(rest);
  });

  it('--absolute-sigma gives curve_fit\'s absolute_sigma=True uncertainties', async () => {
    const doc = await fitJson(['xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1410,1540', '--weights', 'poisson', '--delta-chi', '0', '--absolute-sigma']);
    expect(relative(column(doc, 'uncertainty'), scipy.sigmasAbsolute)).toBeLessThan(1e-6);
  });

  it('finds the three peaks of channels 1330-1630 as silx\'s FitManager does, and writes NeXus and a PNG', async () => {
    // scripts/fixtures/fit/leastsq_manager.py: silx 1.1 FitManager, Gaussians + Linear, unweighted, unscaled sigmas
    const silx = fixture('leastsq', 'manager.json').runs.find((r: { theory: string; background: string; weighted: boolean }) => r.theory === 'Gaussians' && r.background === 'Linear' && !r.weighted);
    const doc = await fitJson(['xrf.nxs', '--model', 'Gaussian+Linear', '--x-range', '1330,1630', '--absolute-sigma', '-o', 'three.nxs', '--png', 'three.png']);
    expect(doc.parameters.map((p) => p.name)).toEqual(silx.names);
    // silx's estimate 1e-8 relative, its fit with its own stopping rule 1e-6 (the fit package's tolerances)
    expect(relative(column(doc, 'start'), silx.estimation)).toBeLessThan(1e-8);
    expect(relative(column(doc, 'value'), silx.fitted)).toBeLessThan(1e-6);
    expect(relative(column(doc, 'uncertainty'), silx.sigmas)).toBeLessThan(1e-6);
    expect(Math.abs(doc.reducedChi2 - silx.reducedChi2)).toBeLessThan(1e-9 * silx.reducedChi2);

    const fm = new FitManager();
    fm.configure({ scaleCovar: false });
    fm.setData(undefined, spectrum, undefined, 1330, 1630);
    fm.setTheory('gaussian');
    fm.setBackground('linear');
    const r = fm.fit();
    expect(column(doc, 'value')).toEqual(Array.from(r.params));
    expect(column(doc, 'uncertainty')).toEqual(Array.from(r.sigmas));

    const nxs = join(dir, 'three.nxs');
    expect(await readDataset(nxs, '/entry/fit/data')).toEqual(Array.from(spectrum.subarray(1330, 1631)));
    expect(await readDataset(nxs, '/entry/fit/index')).toEqual(Array.from({ length: 301 }, (_, i) => 1330 + i));
    expect(await readDataset(nxs, '/entry/fit/fit')).toEqual(Array.from(fm.gendata()));
    const background = new Float64Array(301);
    linear().evaluate(fm.data.x, r.params.subarray(0, 2), background);
    expect(await readDataset(nxs, '/entry/fit/background')).toEqual(Array.from(background));
    for (const [j, name] of fm.names.entries()) {
      expect(await readDataset(nxs, `/entry/results/${name}`)).toEqual([r.params[j]]);
      expect(await readDataset(nxs, `/entry/results/${name}_errors`)).toEqual([r.sigmas[j]]);
    }
    expect(await readDataset(nxs, '/entry/results/reduced_chi2')).toEqual([r.reducedChi2]);
    const png = await readFile(join(dir, 'three.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('subtracts silx\'s strip background first with --background strip, as silx\'s FitManager', async () => {
    const silx = fixture('leastsq', 'manager.json').runs.find((r: { background: string }) => r.background === 'Strip');
    const doc = await fitJson(['xrf.nxs', '--model', 'gaussian', '--background', 'strip', '--x-range', '1330,1630', '--absolute-sigma', '-o', 'strip.nxs']);
    // silx lists the strip's StripWidth and StripIterations as two fixed parameters first; here the strip is a curve
    expect(doc.parameters.map((p) => p.name)).toEqual(silx.names.slice(2));
    expect(relative(column(doc, 'value'), silx.fitted.slice(2))).toBeLessThan(1e-6);
    expect(relative(column(doc, 'uncertainty'), silx.sigmas.slice(2))).toBeLessThan(1e-6);
    const fm = new FitManager();
    fm.configure({ scaleCovar: false });
    fm.setData(undefined, spectrum, undefined, 1330, 1630);
    fm.setTheory('gaussian');
    fm.setBackground('strip');
    const r = fm.fit();
    expect(column(doc, 'value')).toEqual(Array.from(r.params));
    const nxs = join(dir, 'strip.nxs');
    expect(await readDataset(nxs, '/entry/fit/background')).toEqual(Array.from(fm.backgroundCurve!));
    expect(await readDataset(nxs, '/entry/fit/fit')).toEqual(Array.from(fm.gendata()));
  });

  it('keeps the N most intense peaks found, or starts peaks at given channels', async () => {
    const one = await fitJson(['xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1330,1630', '--peaks', '1', '--delta-chi', '0']);
    // the estimate's most intense of the three (1584) alone
    expect(one.parameters.map((p) => p.name)).toEqual(['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1']);
    expect(one.parameters[3]!.start).toBeCloseTo(1584.2, 1);
    const at = await fitJson(['xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1410,1540', '--peaks', '1474.0', '--weights', 'poisson', '--delta-chi', '0']);
    expect(at.parameters[3]!.start).toBe(1474);
    // the same minimum as scipy's from another start
    const scipy = fixture('leastsq', 'fits.json').cases.find((c: { name: string }) => c.name === 'XRFSpectrum.mca Co K-alpha').scipy;
    expect(relative(column(at, 'value'), scipy.params)).toBeLessThan(1e-6);
    // and equal to leastsq from the start the CLI reports
    const x = Float64Array.from({ length: 131 }, (_, i) => 1410 + i);
    const y = spectrum.slice(1410, 1541);
    const r = leastsq(sum(linear(), gaussian()), x, y, column(at, 'start'), {
      sigma: y.map((v) => Math.sqrt(Math.max(v, 1))), constraints: at.parameters.map((p) => ({ code: p.constraint }) as Constraint), deltaChi: 0,
    });
    expect(column(at, 'value')).toEqual(Array.from(r.params));
  });
});

describe('pandaas fit on the real rocking curves of an ID01 scan', () => {
  const signal = `${kmap}::/20.1/instrument/mpx1x4_mpx4int/sum`;

  it('fits three gaussians against eta, equal to leastsq from the same start', async () => {
    const doc = await fitJson([signal, '--x', '/20.1/measurement/eta', '--model', 'gaussian+linear', '--peaks', '17.24,17.72,18.28', '--delta-chi', '0', '-o', 'rocking.nxs', '--png', 'rocking.png']);
    expect(doc.status).toBe('converged');
    expect(doc.x).toMatchObject({ name: 'eta', units: 'deg', source: 'dataset' }); // the dataset's @units
    const positions = ['Position1', 'Position2', 'Position3'].map((name) => doc.parameters.find((p) => p.name === name)!.value);
    // the three film/substrate peaks, within 0.01° of where the scan shows them (steps of 0.08°)
    [17.24, 17.72, 18.28].forEach((expected, k) => expect(Math.abs(positions[k]! - expected)).toBeLessThan(0.01));

    const y = Float64Array.from(await readDataset(kmap, '/20.1/instrument/mpx1x4_mpx4int/sum'));
    const eta = Float64Array.from(await readDataset(kmap, '/20.1/measurement/eta'));
    const r = leastsq(sum(linear(), gaussian(), gaussian(), gaussian()), eta, y, column(doc, 'start'), {
      constraints: doc.parameters.map((p) => ({ code: p.constraint }) as Constraint), deltaChi: 0,
    });
    expect(column(doc, 'value')).toEqual(Array.from(r.params));
    expect(column(doc, 'uncertainty')).toEqual(Array.from(r.sigmas));
    const nxs = join(dir, 'rocking.nxs');
    expect(await readDataset(nxs, '/entry/fit/eta')).toEqual(Array.from(eta));
    expect(await attributeOf(nxs, '/entry/fit/eta', 'units')).toBe('deg');
    expect(await readDataset(nxs, '/entry/fit/data')).toEqual(Array.from(y));
    const curve = new Float64Array(eta.length);
    sum(linear(), gaussian(), gaussian(), gaussian()).evaluate(eta, r.params, curve);
    expect(await readDataset(nxs, '/entry/fit/fit')).toEqual(Array.from(curve));

    // --peaks 3 keeps the three most intense of the five the search finds: the same minimum
    const three = await fitJson([signal, '--x', '/20.1/measurement/eta', '--model', 'gaussian+linear', '--peaks', '3', '--delta-chi', '0']);
    expect(relative(column(three, 'value'), column(doc, 'value'))).toBeLessThan(1e-6);
  });

  it('takes x from the NXdata axis (the scan\'s plotselect: roi1 against eta)', async () => {
    const eta = await readDataset(kmap, '/20.1/measurement/eta');
    const doc = await fitJson([`${kmap}::/20.1/plotselect`, '--model', 'gaussian+linear', '--peaks', '2']);
    expect(doc.x).toMatchObject({ name: 'eta', units: 'deg', source: 'axis' });
    expect(doc.xFitted).toEqual([Math.min(...eta), Math.max(...eta)]);
    expect(doc.points).toBe(51);
  });
});

describe('pandaas fit: bad input', () => {
  it('lists the model names for an unknown one', async () => {
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gausian+linear'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown term "gausian"; a model is SHAPE\[\+BACKGROUND\] with SHAPE one of gaussian, lorentzian, pseudoVoigt, .*splitPseudoVoigt, stepUp.*and BACKGROUND one of constant, linear/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(['fit', 'xrf.nxs'], { cwd: dir })).stderr).toMatch(/needs --model/);
    expect((await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '--weights', 'gauss'], { cwd: dir })).status).toBe(2);
    expect((await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '--peaks', 'some'], { cwd: dir })).status).toBe(2);
    expect((await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '-o', 'fit.txt'], { cwd: dir })).stderr).toMatch(/the extension "\.txt" is not one of \.json, \.nxs/);
  });

  it('says where x runs when --x-range holds no point', async () => {
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian+linear', '--x-range', '5000,6000'], { cwd: dir });
    expect(run.status).toBe(5);
    expect(run.stderr).toContain('--x-range 5000,6000 holds no point of the data: its x runs from 0 to 4095');
  });

  it('names the path that is not in the file, and the file that is not there', async () => {
    const missingPath = await runCli(['fit', 'xrf.nxs::/entry/nothing', '--model', 'gaussian'], { cwd: dir });
    expect(missingPath.status).toBe(3);
    expect(missingPath.stderr).toContain('/entry/nothing');
    const missingFile = await runCli(['fit', 'nothing.nxs::/entry/mca', '--model', 'gaussian'], { cwd: dir });
    expect(missingFile.status).toBe(3);
    expect(missingFile.stderr).toContain('nothing.nxs: no such file');
    const badX = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '--x', '/entry/nothing'], { cwd: dir });
    expect(badX.status).toBe(3);
  });

  it('fits a single curve on the CPU only', async () => {
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '--backend', 'webgpu'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--backend webgpu fits maps');
  });

  it('leaves an existing output untouched without --overwrite, and never writes over the input', async () => {
    await writeFile(join(dir, 'kept.json'), 'keep me');
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1410,1540', '-o', 'kept.json'], { cwd: dir });
    expect(run.status).toBe(6);
    expect(run.stderr).toContain('pass --overwrite');
    expect(await readFile(join(dir, 'kept.json'), 'utf8')).toBe('keep me');
    const replaced = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1410,1540', '-o', 'kept.json', '--overwrite'], { cwd: dir });
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'kept.json'), 'utf8')).status).toBe('converged');
    const same = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian', '-o', 'xrf.nxs', '--overwrite'], { cwd: dir });
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('is an input of this command');
  });

  it('takes --x from another file with its @units, and never writes over that file, even with --overwrite', async () => {
    const channels = Float64Array.from(spectrum, (_, i) => 0.01 * i);
    await writeH5(join(dir, 'x.nxs'), async (w) => w.dataset('/p', channels, { attributes: { units: 'keV' } }));
    const doc = await fitJson(['xrf.nxs', '--model', 'gaussian+linear', '--x', 'x.nxs::/p', '--x-range', '14.1,15.4', '-o', 'x-fit.nxs']);
    expect(doc.x).toEqual({ name: 'p', units: 'keV', source: 'dataset', range: [14.1, 15.4] });
    expect(await attributeOf(join(dir, 'x-fit.nxs'), '/entry/fit/p', 'units')).toBe('keV');

    const before = await readFile(join(dir, 'x.nxs'));
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian+linear', '--x', 'x.nxs::/p', '--x-range', '14.1,15.4', '-o', 'x.nxs', '--overwrite'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`the output ${join(dir, 'x.nxs')} is an input of this command`);
    expect(Buffer.compare(await readFile(join(dir, 'x.nxs')), before)).toBe(0);
  });

  it('leaves no file and no partial folder when the fit fails after the outputs were staged', async () => {
    const run = await runCli(['fit', 'xrf.nxs', '--model', 'gaussian+linear', '--x-range', '1330,1630', '--peaks', '5', '-o', 'five.nxs', '--png', 'five.png'], { cwd: dir });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/--peaks 5: the peak search found 3 \(at x = 1371\.73, 1476\.49, 1584\.22\)/);
    const left = await readdir(dir);
    expect(left.filter((name) => name.startsWith('five') || name.startsWith('.pandaas-partial-'))).toEqual([]);
  });
});
