/**
 * `pandaas demo` end to end on the bundled LaB6 scan (3 PILATUS 300K-W frames, rings 100, 210
 * and 310 per examples/data/README.md), into a temporary folder: the files, the NeXus file read
 * back, the fitted ring positions against LaB6, the fits against @pandaas/fit called here on the
 * pattern the file holds, the report naming every file, the tooth reconstruction's axis against
 * @pandaas/tomo's findCenterVo, and bad input leaving the previous output as it was.
 */
import { FitManager } from '@pandaas/fit';
import { findCenterVo } from '@pandaas/tomo';
import { findDefaultNxData, openH5, readNxData, writeH5, type H5File } from '@pandaas/io-nexus';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoData } from '../demo/data-origin.js';
import type { DemoReport } from '../demo/report.js';
import { makeTemporaryFolder, partialsIn, removeFolder } from '../testing/folders.js';
import { runCli, type CliRun } from '../testing/run-cli.js';
import { radians, toothArrays, toothSinograms } from './recon/testing/fixtures.js';

const SCAN = findDemoData()!;
/** LaB6 (NIST SRM 660c, the value pyFAI uses), Å. */
const LAB6_A = 4.156826;
/** The ring on each frame, from the data's README. */
const RINGS = [
  { hkl: '100', n2: 1 },
  { hkl: '210', n2: 5 },
  { hkl: '310', n2: 10 },
];

let folder: string;
let out: string;
let first: CliRun;
let report: DemoReport;

function read(name: string): string {
  return readFileSync(join(out, name), 'utf8');
}

/** The output folder's files with their bytes, to check it was left as it was. */
function snapshot(path: string): Record<string, string> {
  return Object.fromEntries(readdirSync(path).map((name) => [name, readFileSync(join(path, name)).toString('base64')]));
}

async function withFile<T>(path: string, work: (file: H5File) => Promise<T>): Promise<T> {
  const file = await openH5(path);
  try {
    return await work(file);
  } finally {
    await file.close();
  }
}

beforeAll(async () => {
  folder = makeTemporaryFolder('pandaas-demo-test-');
  out = join(folder, 'demo-output');
  first = await runCli(['demo', '-o', 'demo-output'], { cwd: folder });
  report = JSON.parse(read('results.json')) as DemoReport;
}, 60_000);

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas demo: the run', () => {
  it('says where the report is, how long each step took, and the peaks table', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`report: ${join(out, 'report.html')}`);
    for (const step of ['read', 'integrate', 'fit', 'compare', 'reconstruct', 'plot', 'write', 'total']) expect(first.stdout).toMatch(new RegExp(`^${step} +\\d+\\.\\d+ s`, 'm'));
    for (const { hkl } of RINGS) expect(first.stdout).toMatch(new RegExp(`^\\d{4} +${hkl} `, 'm'));
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it('writes the NeXus file, three figures per frame, the tooth slice, results.json and the report, and nothing else', () => {
    const labels = report.frames.map((f) => f.label);
    expect(labels).toEqual(['0009', '0032', '0050']);
    const expected = ['report.html', 'results.json', 'results.nxs', 'reconstruction.png', ...labels.flatMap((l) => [`frame-${l}.png`, `pattern-${l}.png`, `peak-${l}-1.png`])];
    expect(readdirSync(out).sort()).toEqual(expected.sort());
    for (const name of expected.filter((n) => n.endsWith('.png'))) {
      expect(readFileSync(join(out, name)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    expect(partialsIn(folder)).toEqual([]);
  });

  it('names every file of the folder in the report, and shows every picture it refers to', () => {
    const html = read('report.html');
    for (const name of readdirSync(out)) expect(html, name).toContain(`href="${name}"`);
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toHaveLength(10);
    for (const src of sources) expect(existsSync(join(out, src)), src).toBe(true);
    expect(report.files.map((f) => f.name).sort()).toEqual(readdirSync(out).sort());
    // the numbers, the data's origin and licence, the machine
    for (const row of report.peaks) expect(html).toContain(row.twoTheta.toFixed(5));
    expect(html).toContain('Apache License 2.0');
    expect(html).toContain('N. Geise');
    expect(html).toContain('UChicago Argonne');
    expect(html).toContain(report.reconstruction!.center.toFixed(2));
    expect(html).toContain(process.version);
  });

  it('finishes well under a minute (the sum of its steps)', () => {
    expect(report.timings.map((t) => t.step)).toEqual(['read', 'integrate', 'fit', 'compare', 'reconstruct', 'plot']);
    const total = report.timings.reduce((s, t) => s + t.seconds, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(60);
  });
});

describe('pandaas demo: the NeXus file', () => {
  it('holds one NXprocess per frame with its 1D pattern, readable as NXdata of the right shapes', async () => {
    await withFile(join(out, 'results.nxs'), async (file) => {
      for (const frame of report.frames) {
        const group = `/entry/integrate_${frame.label}`;
        expect(await (await file.group(group)).attr('NX_class')).toBe('NXprocess');
        expect(await (await file.dataset(`${group}/program`)).readValue()).toBe('pandaas');
        const nx = await readNxData(await file.group(`${group}/pattern`));
        expect(nx.valid, nx.problems.join('; ')).toBe(true);
        expect(nx.signal!.dataset.shape).toEqual([frame.npt]);
        expect(nx.signal!.errors!.shape).toEqual([frame.npt]);
        expect(nx.axes[0]!.dataset.shape).toEqual([frame.npt]);
        expect(nx.axes[0]!.units).toBe('deg');
        const radial = (await nx.axes[0]!.dataset.read()).dataSync() as Float64Array;
        // bin centres spanning the frame's valid pixels: first and last half a bin inside; pyFAI
        // (and so pandaas) raises the range's upper end by one float32 epsilon (2^-23, relative)
        // so that the last pixel falls inside: the centres may move by that much
        const width = (frame.span[1] - frame.span[0]) / frame.npt;
        const slack = 2 ** -22 * frame.span[1];
        expect(Math.abs(radial[0]! - (frame.span[0] + width / 2))).toBeLessThan(slack);
        expect(Math.abs(radial[frame.npt - 1]! - (frame.span[1] - width / 2))).toBeLessThan(slack);
        expect(width).toBeLessThanOrEqual(0.01);
      }
    });
  });

  it('holds the peaks table as NXdata, the default plot', async () => {
    await withFile(join(out, 'results.nxs'), async (file) => {
      const found = await findDefaultNxData(file);
      expect(found.nxdata?.group.path).toBe('/entry/peaks');
      const nx = found.nxdata!;
      expect(nx.valid, nx.problems.join('; ')).toBe(true);
      expect(nx.signal!.name).toBe('delta_two_theta');
      expect(nx.signal!.dataset.shape).toEqual([3]);
      expect(nx.axes[0]!.name).toBe('two_theta_expected');
      expect(nx.auxiliarySignals.map((a) => a.name)).toEqual(['two_theta', 'd', 'd_expected', 'relative_delta_d', 'fwhm']);
      const fitted = Array.from((await nx.auxiliarySignals[0]!.dataset.read()).dataSync() as Float64Array);
      expect(fitted).toEqual(report.peaks.map((p) => p.twoTheta));
      expect(await (await file.dataset('/entry/peaks/hkl')).readValue()).toEqual(RINGS.map((r) => r.hkl));
    });
  });
});

describe('pandaas demo: the science', () => {
  it("finds one peak per frame, each the LaB6 ring the data's README names, fitted (converged)", () => {
    expect(report.peaks.map((p) => p.hkl)).toEqual(RINGS.map((r) => r.hkl));
    for (const p of report.peaks) {
      expect(p.status).toBe('converged');
      expect(p.twoThetaSigma).toBeGreaterThan(0);
      expect(p.twoThetaSigma).toBeLessThan(1e-3);
    }
  });

  it('puts each ring within one pixel of its LaB6 2θ (measured 0.006°, 0.002°, 0.001°)', () => {
    // The goniometer model was refined on this scan, so each ring should sit where the geometry
    // predicts it to a fraction of a pixel; the bound is one pixel (172 µm) seen from the
    // distance of the model, atan(172e-6 / 0.918) = 0.0107°.
    const onePixel = (Math.atan(172e-6 / report.frames[0]!.geometry.dist) * 180) / Math.PI;
    expect(onePixel).toBeCloseTo(0.01073, 4);
    const lambda = report.wavelength * 1e10;
    report.peaks.forEach((p, k) => {
      // the expected 2θ by Bragg's law from LaB6's lattice constant, computed here
      const d = LAB6_A / Math.sqrt(RINGS[k]!.n2);
      const expected = (2 * Math.asin(lambda / (2 * d)) * 180) / Math.PI;
      expect(p.dExpected).toBeCloseTo(d, 10);
      expect(p.twoThetaExpected).toBeCloseTo(expected, 9);
      expect(Math.abs(p.twoTheta - expected)).toBeLessThan(onePixel);
      expect(p.deltaTwoTheta).toBeCloseTo(p.twoTheta - expected, 9);
      expect(p.d).toBeCloseTo(lambda / (2 * Math.sin((p.twoTheta * Math.PI) / 360)), 10);
      expect(p.relativeDeltaD).toBeCloseTo((p.d - d) / d, 12);
    });
  });

  it('reports the fits @pandaas/fit gives on the pattern in the NeXus file (the same numbers)', async () => {
    await withFile(join(out, 'results.nxs'), async (file) => {
      for (const [k, frame] of report.frames.entries()) {
        const nx = await readNxData(await file.group(`/entry/integrate_${frame.label}/pattern`));
        const x = (await nx.axes[0]!.dataset.read()).dataSync() as Float64Array;
        const y = (await nx.signal!.dataset.read()).dataSync() as Float64Array;
        const sigma = (await nx.signal!.errors!.read()).dataSync() as Float64Array;
        const keep = [...sigma.keys()].filter((i) => sigma[i]! > 0); // empty bins: intensity 0, sigma 0
        const [lo, hi] = frame.peaks[0]!.window;
        const fm = new FitManager();
        fm.configure({ quotedEta: true });
        fm.setData(keep.map((i) => x[i]!), keep.map((i) => y[i]!), keep.map((i) => sigma[i]!), lo, hi);
        fm.setTheory('Pseudo-Voigt Line');
        fm.setBackground('Linear');
        const fit = fm.fit();
        expect(fit.status).toBe('converged');
        expect(report.peaks[k]!.twoTheta).toBe(fm.result('Position1').fitted);
        expect(report.peaks[k]!.twoThetaSigma).toBe(fm.result('Position1').sigma);
        expect(report.peaks[k]!.fwhm).toBe(fm.result('FWHM1').fitted);
        expect(report.frames[k]!.peaks[0]!.reducedChi2).toBe(fit.reducedChi2);
      }
    });
  });
});

describe('pandaas demo: the tomography step', () => {
  it("reconstructs the tooth with the axis @pandaas/tomo's findCenterVo finds on its middle row (≈ 296 px, tomopy's value), in well under a few seconds", async () => {
    const r = report.reconstruction!;
    const tooth = await toothArrays();
    const center = await findCenterVo((await toothSinograms(tooth)).slice(1), radians(tooth.degrees));
    expect(r.center).toBe(center);
    expect(Math.abs(r.center - r.tomopyCenter)).toBeLessThanOrEqual(0.5);
    expect(r).toMatchObject({ projections: 181, detector: [2, 640], slices: 2, size: 452, filter: 'ramp', units: '1/pixel', figure: 'reconstruction.png', tomopyCenter: 296 });
    expect(r.origin.licence).toMatch(/TomoPy/);
    const step = report.timings.find((t) => t.step === 'reconstruct')!;
    expect(step.seconds).toBeLessThan(5);
    expect(first.stdout).toContain(`tomography: 2 slices of 452 x 452 of the tooth scan (181 projections), axis found at ${center.toFixed(2)} px (tomopy: ~296 px)`);
  });
});

describe('pandaas demo: --json and a second run', () => {
  it('prints one JSON document and replaces the previous output as a whole', async () => {
    const before = report.date;
    const run = await runCli(['demo', '-o', out, '--input', SCAN, '--json'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as DemoReport & { report: string; output: string };
    expect(doc.report).toBe(join(out, 'report.html'));
    expect(doc.output).toBe(out);
    expect(doc.timings.map((t) => t.step)).toEqual(['read', 'integrate', 'fit', 'compare', 'reconstruct', 'plot', 'write']);
    expect(doc.machine.cpus).toBeGreaterThan(0);
    expect(doc.machine.backend).toBe('cpu');
    expect(doc.versions['@pandaas/integrate']).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.peaks.map((p) => p.twoTheta)).toEqual(report.peaks.map((p) => p.twoTheta));
    const again = JSON.parse(read('results.json')) as DemoReport;
    expect(again.date).not.toBe(before);
    expect(partialsIn(folder)).toEqual([]);
    report = again;
  }, 60_000);
});

describe('pandaas demo: bad input leaves the previous output as it was', () => {
  let previous: Record<string, string>;
  beforeAll(() => {
    previous = snapshot(out);
  });

  async function expectUntouched(run: CliRun, status: number, message: string | RegExp): Promise<void> {
    expect(run.status, run.stderr).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
    expect(snapshot(out)).toEqual(previous);
    expect(partialsIn(folder)).toEqual([]);
  }

  it('refuses a file that is not HDF5 (exit status 4)', async () => {
    const text = join(folder, 'notes.nxs');
    writeFileSync(text, 'not an HDF5 file\n');
    await expectUntouched(await runCli(['demo', '--input', text], { cwd: folder }), 4, /notes\.nxs/);
  });

  it('refuses an HDF5 file of another layout, naming what is missing (exit status 4)', async () => {
    const other = join(folder, 'other.nxs');
    copyFileSync(join(out, 'results.nxs'), other);
    await expectUntouched(await runCli(['demo', '--input', 'other.nxs'], { cwd: folder }), 4, /does not have the layout of the demo's scan.*\/entry\/instrument\/detector\/data/);
  });

  it('refuses a scan whose goniometer model is not one (exit status 4)', async () => {
    const bad = join(folder, 'bad-model.nxs');
    await writeH5(bad, async (w) => {
      await w.dataset('/entry/instrument/detector/data', new Int32Array(2 * 195 * 1475), { shape: [2, 195, 1475] });
      await w.dataset('/entry/instrument/detector/two_theta', [10, 20], { dtype: 'float64', attributes: { units: 'deg' } });
      await w.dataset('/entry/instrument/detector/goniometer_model', '{"content": "something else"}');
      await w.dataset('/entry/instrument/monochromator/wavelength', [0.8856], { dtype: 'float64', attributes: { units: 'angstrom' } });
    });
    await expectUntouched(await runCli(['demo', '--input', bad], { cwd: folder }), 4, /goniometer_model is not a pyFAI goniometer model/);
  });

  it('refuses a missing file (exit status 3) and a wrong option value (2)', async () => {
    await expectUntouched(await runCli(['demo', '--input', 'missing.nxs'], { cwd: folder }), 3, /missing\.nxs/);
    await expectUntouched(await runCli(['demo', '--backend', 'gpu'], { cwd: folder }), 2, /--backend must be one of cpu, webgpu; got "gpu"/);
    await expectUntouched(await runCli(['demo', 'scan.nxs'], { cwd: folder }), 2, /no positional arguments/);
  });

  it('never replaces a folder that is not a previous demo output, nor one holding the input', async () => {
    const mine = join(folder, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'precious');
    await expectUntouched(await runCli(['demo', '-o', 'mine'], { cwd: folder }), 6, /is not a previous pandaas demo output/);
    expect(readFileSync(join(mine, 'thesis.tex'), 'utf8')).toBe('precious');
    const holder = join(folder, 'holder');
    mkdirSync(holder);
    copyFileSync(SCAN, join(holder, 'scan.nxs'));
    await expectUntouched(await runCli(['demo', '-o', 'holder', '--input', 'holder/scan.nxs'], { cwd: folder }), 2, /holds the input/);
    expect(statSync(join(holder, 'scan.nxs')).size).toBe(statSync(SCAN).size);
  });

  it('stops when interrupted while writing (exit status 130), removing what was under way', async () => {
    // interrupted once the plot step reports: the next step writes the folder
    const run = await runCli(['demo', '-o', out], { cwd: folder, interruptOn: (text) => text.startsWith('plot') });
    await expectUntouched(run, 130, /interrupted/);
  }, 60_000);
});
