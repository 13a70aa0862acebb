/**
 * `pandaas integrate` on the LaB6 scan of examples/data/ssrl-lab6 (3 PILATUS 300K-W frames, each
 * with its PONI file): every number the command writes is compared with @pandaas/integrate called
 * here with the same options (the CLI adds no science: equal to the last bit).
 */
import { array } from '@pandaas/core';
import { AzimuthalIntegrator } from '@pandaas/integrate';
import { writeH5 } from '@pandaas/io-nexus';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput, parseLocation } from '../framework/inputs.js';
import { runCli } from '../testing/run-cli.js';
import { LAB6, lab6Frame, partialsIn, readResultFile, removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

const integrators = LAB6.ponis.map((poni) => AzimuthalIntegrator.fromPoni(readFileSync(poni, 'utf8'), poni));
let folder: string;

beforeAll(() => {
  folder = temporaryFolder();
});

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas integrate: one frame (1D)', () => {
  it.each([0, 1, 2])('frame %i with its own PONI file gives what integrate1d gives, bit for bit', async (k) => {
    const out = join(folder, `frame${k}.nxs`);
    const run = await runCli(
      ['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', String(k), '--poni', LAB6.ponis[k]!, '--npt', '1000', '--unit', '2th_deg', '--error-model', 'poisson', '--polarization', '0.99', '-o', out],
      { cwd: folder },
    );
    expect(run.status, run.stderr).toBe(0);
    const expected = await integrators[k]!.integrate1d(await lab6Frame(k), { npt: 1000, unit: '2th_deg', errorModel: 'poisson', polarizationFactor: 0.99 });
    const result = await readResultFile(out);
    expect(result.fields.I!.shape).toEqual([1000]);
    expect(result.fields.I!.values).toEqual(Array.from(expected.intensity));
    expect(result.fields.I_errors!.values).toEqual(Array.from(expected.sigma!));
    expect(result.fields['2th']!.values).toEqual(Array.from(expected.radial));
    expect(result.fields['2th']!.attrs.units).toBe('deg');
    // the NXprocess records the package's parameters (PONI, method, unit...) and the command's
    expect(result.program).toBe('pandaas');
    expect(result.parameters).toMatchObject({ method: 'bbox-csr-cpu', unit: '2th_deg', error_model: 'poisson', polarization_factor: 0.99, npt: 1000, frames: String(k) });
    expect(result.parameters.poni).toBe(integrators[k]!.toPoni());
    expect(result.defaults).toEqual(['entry', 'integrate', 'result']);
  });

  it("takes pyFAI's defaults where nothing is said (q_nm^-1, bbox/csr/cpu, solid angle, no polarization, no errors)", async () => {
    const out = join(folder, 'defaults.nxs');
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '-1', '--poni', LAB6.ponis[2]!, '--npt', '400', '-o', out, '--json'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ frames: 1, frameRange: [2, 3], unit: 'q_nm^-1', method: 'bbox-csr-cpu', backend: 'cpu', errorModel: 'none', dimension: 1 });
    const expected = await integrators[2]!.integrate1d(await lab6Frame(2), { npt: 400 });
    const result = await readResultFile(out);
    expect(result.fields.I!.values).toEqual(Array.from(expected.intensity));
    expect(result.fields.q!.values).toEqual(Array.from(expected.radial));
    expect(result.fields.I_errors).toBeUndefined();
  });

  it('passes every option through: mask, dark, flat, dummy, ranges, normalization, no solid angle', async () => {
    const [rows, cols] = LAB6.shape;
    const mask = new Uint8Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 600; c < 700; c++) mask[r * cols + c] = 1;
    const dark = Float32Array.from({ length: rows * cols }, (_, i) => (i % 7) * 0.25);
    const flat = Float32Array.from({ length: rows * cols }, (_, i) => 0.9 + (i % 11) * 0.02);
    const images = join(folder, 'images.h5');
    await writeH5(images, async (w) => {
      await w.dataset('/mask', mask, { shape: [rows, cols] });
      await w.dataset('/dark', dark, { shape: [rows, cols] });
      await w.dataset('/flat', flat, { shape: [1, rows, cols] });
    });
    const out = join(folder, 'options.nxs');
    const run = await runCli(
      [
        'integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '1', '--poni', LAB6.ponis[1]!, '--npt', '300', '--unit', 'q_A^-1',
        '--mask', `${images}::/mask`, '--dark', `${images}::/dark`, '--flat', `${images}::/flat`, '--dummy', '-2', '--delta-dummy', '1.5',
        '--radial-range', '3.2,3.6', '--azimuth-range', '-120,-70', '--normalization', '2.5', '--no-solid-angle', '--error-model', 'azimuthal',
        '--method', 'full,histogram', '-o', out,
      ],
      { cwd: folder },
    );
    expect(run.status, run.stderr).toBe(0);
    const expected = await integrators[1]!.integrate1d(await lab6Frame(1), {
      npt: 300, unit: 'q_A^-1', mask: array(mask, { shape: [rows, cols] }), dark, flat, dummy: -2, deltaDummy: 1.5, radialRange: [3.2, 3.6],
      azimuthRange: [-120, -70], normalizationFactor: 2.5, correctSolidAngle: false, errorModel: 'azimuthal', method: ['full', 'histogram'],
    });
    const result = await readResultFile(out);
    expect(result.fields.I!.values).toEqual(Array.from(expected.intensity));
    expect(result.fields.I_errors!.values).toEqual(Array.from(expected.sigma!));
    expect(result.fields.q!.values).toEqual(Array.from(expected.radial));
    expect(expected.intensity.some((v) => v > 0)).toBe(true);
    expect(result.parameters).toMatchObject({ method: 'full-histogram-cpu', correct_solid_angle: 0, dummy: -2, delta_dummy: 1.5, mask: `${images}::/mask` });
  });

  it('takes an azimuth range past 180 degrees in [0, 360) (chi discontinuity at 0)', async () => {
    const out = join(folder, 'wrapped.nxs');
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '1', '--poni', LAB6.ponis[1]!, '--npt', '200', '--azimuth-range', '240,290', '-o', out], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const expected = await integrators[1]!.with({ chiDiscAtZero: true }).integrate1d(await lab6Frame(1), { npt: 200, azimuthRange: [240, 290] });
    expect(expected.count.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect((await readResultFile(out)).fields.I!.values).toEqual(Array.from(expected.intensity));
  });
});

describe('pandaas integrate: a stack', () => {
  it('integrates the 3-frame scan (its default NXdata) with one PONI into 3 rows, each what integrate1d gives', async () => {
    const out = join(folder, 'stack.nxs');
    const png = join(folder, 'stack.png');
    const run = await runCli(['integrate', LAB6.scan, '--poni', LAB6.ponis[1]!, '--npt', '500', '--error-model', 'poisson', '-o', out, '--png', png, '--json'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { frames: number; outputs: { shape: number[]; plot: string }; fps: number };
    expect(summary).toMatchObject({ frames: 3, outputs: { shape: [3, 500], plot: png } });
    expect(summary.fps).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/3\/3 frames {2}100%/);
    const result = await readResultFile(out);
    expect(result.fields.I!.shape).toEqual([3, 500]);
    for (let k = 0; k < 3; k++) {
      const expected = await integrators[1]!.integrate1d(await lab6Frame(k), { npt: 500, errorModel: 'poisson' });
      expect(result.fields.I!.values.slice(k * 500, (k + 1) * 500), `frame ${k}`).toEqual(Array.from(expected.intensity));
      expect(result.fields.I_errors!.values.slice(k * 500, (k + 1) * 500), `frame ${k}`).toEqual(Array.from(expected.sigma!));
    }
    // the frame axis is the scan's own (the arm's 2θ), then the radial axis
    expect(result.nxdataAttrs.axes).toEqual(['two_theta', 'q']);
    expect(result.fields.two_theta).toMatchObject({ values: [11.12, 26.76, 39], attrs: { units: 'deg' } });
    expect(result.parameters.frames).toBe('0:3');
    // the @default chain leads `pandaas plot` (and silx, h5web) to the result
    const plotted = await openInput(parseLocation(out));
    try {
      expect([plotted.path, plotted.shape]).toEqual(['/entry/integrate/result/I', [3, 500]]);
    } finally {
      await plotted.close();
    }
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('integrates part of a stack (--frames 1:3) reading only those frames, with their indices as frame axis', async () => {
    const out = join(folder, 'part.nxs');
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '1:', '--poni', LAB6.ponis[2]!, '--npt', '250', '-o', out], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const result = await readResultFile(out);
    expect(result.fields.I!.shape).toEqual([2, 250]);
    expect(result.fields.frame!.values).toEqual([1, 2]);
    for (const k of [1, 2]) {
      const expected = await integrators[2]!.integrate1d(await lab6Frame(k), { npt: 250 });
      expect(result.fields.I!.values.slice((k - 1) * 250, k * 250), `frame ${k}`).toEqual(Array.from(expected.intensity));
    }
  });
  it('picks frames of a multi-frame image file (EDF) too', async () => {
    // a 3-frame EDF of 16 x 16 uint16 pixels: a 512-byte header block before each frame's binary block
    const frames = [0, 1, 2].map((k) => Uint16Array.from({ length: 256 }, (_, i) => ((i * 37 + k * 11) % 97) + k));
    const blocks = frames.flatMap((pixels, k) => {
      const keys = `{\nHeaderID = EH:00000${k + 1}:000000:000000 ;\nImage = ${k + 1} ;\nByteOrder = LowByteFirst ;\nDataType = UnsignedShort ;\nDim_1 = 16 ;\nDim_2 = 16 ;\nSize = 512 ;\n`;
      return [Buffer.from(`${keys.padEnd(510, ' ')}}\n`, 'latin1'), Buffer.from(pixels.buffer)];
    });
    const edf = join(folder, 'frames.edf');
    writeFileSync(edf, Buffer.concat(blocks));
    const poni = join(folder, 'generic.poni');
    writeFileSync(poni, 'poni_version: 2\nDetector: Detector\nDetector_config: {"pixel1": 0.0001, "pixel2": 0.0001, "max_shape": [16, 16]}\nDistance: 0.1\nPoni1: 0.0008\nPoni2: 0.0008\nRot1: 0\nRot2: 0\nRot3: 0\nWavelength: 1e-10\n');
    const out = join(folder, 'edf.nxs');
    const run = await runCli(['integrate', 'frames.edf', '--frames', '1:3', '--poni', 'generic.poni', '--npt', '12', '-o', 'edf.nxs'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const result = await readResultFile(out);
    expect([result.fields.I!.shape, result.fields.frame!.values]).toEqual([[2, 12], [1, 2]]);
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(poni, 'utf8'));
    for (const k of [1, 2]) {
      const expected = await ai.integrate1d(array(frames[k]!, { shape: [16, 16] }), { npt: 12 });
      expect(result.fields.I!.values.slice((k - 1) * 12, k * 12), `frame ${k}`).toEqual(Array.from(expected.intensity));
    }
  });
});

describe('pandaas integrate: 2D (cake)', () => {
  it('gives what integrate2d gives for one frame [nptAzim, npt], and [frames, nptAzim, npt] for the stack', async () => {
    const one = join(folder, 'cake.nxs');
    const args = ['--poni', LAB6.ponis[2]!, '--npt', '200', '--npt-azim', '36', '--azimuthal-unit', 'chi_rad', '--unit', 'r_mm', '--error-model', 'poisson'];
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '2', ...args, '-o', one, '--png', join(folder, 'cake.svg')], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const ai = integrators[2]!;
    const options = { nptRad: 200, nptAzim: 36, unitAzimuthal: 'chi_rad', unit: 'r_mm', errorModel: 'poisson' } as const;
    const expected = await ai.integrate2d(await lab6Frame(2), options);
    const result = await readResultFile(one);
    expect(result.fields.I!.shape).toEqual([36, 200]);
    expect(result.fields.I!.values).toEqual(Array.from(expected.intensity));
    expect(result.fields.I_errors!.values).toEqual(Array.from(expected.sigma!));
    expect(result.fields.chi!.values).toEqual(Array.from(expected.azimuthal));
    expect(result.fields.r!.values).toEqual(Array.from(expected.radial));
    expect(result.nxdataAttrs.axes).toEqual(['chi', 'r']);
    expect(readFileSync(join(folder, 'cake.svg'), 'utf8')).toMatch(/^<svg/);

    const stack = join(folder, 'cakes.nxs');
    const all = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, ...args, '-o', stack], { cwd: folder });
    expect(all.status, all.stderr).toBe(0);
    const cakes = await readResultFile(stack);
    expect(cakes.fields.I!.shape).toEqual([3, 36, 200]);
    expect(cakes.nxdataAttrs.axes).toEqual(['frame', 'chi', 'r']);
    for (let k = 0; k < 3; k++) {
      const frame = await ai.integrate2d(await lab6Frame(k), options);
      expect(cakes.fields.I!.values.slice(k * 7200, (k + 1) * 7200), `frame ${k}`).toEqual(Array.from(frame.intensity));
    }
  });
});

describe('pandaas integrate: bad input', () => {
  const base = (out: string) => ['integrate', `${LAB6.scan}::/entry/data/data`, '--poni', LAB6.ponis[0]!, '--npt', '100', '-o', join(folder, out)];

  it('refuses a PONI file of another detector, naming both shapes (exit 5)', async () => {
    const poni = join(folder, 'pilatus1m.poni');
    const text = readFileSync(LAB6.ponis[0]!, 'utf8').replace('Detector: Pilatus300kw', 'Detector: Pilatus1M');
    writeFileSync(poni, text);
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, '--poni', poni, '--npt', '100', '-o', join(folder, 'x.nxs')], { cwd: folder });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/Pilatus1M detector of shape \[1043, 981\].*frames .* have the shape \[195, 1475\]/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['a path that is not in the file', ['integrate', `${LAB6.scan}::/entry/nothing`], 3, /\/entry\/nothing/],
    ['a missing file', ['integrate', 'missing.nxs::/entry/data/data'], 3, /missing\.nxs/],
    ['a missing PONI file', ['integrate', `${LAB6.scan}::/entry/data/data`, '--poni', 'missing.poni'], 3, /--poni .*missing\.poni: no such file/],
    ['a missing --mask file', ['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '0', '--mask', 'missing-mask.edf'], 3, /^pandaas integrate: --mask \/.*\/missing-mask\.edf: no such file\n$/],
    ['a missing --flat file', ['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '0', '--flat', 'flat.h5::/flat'], 3, /^pandaas integrate: --flat \/.*\/flat\.h5: no such file\n$/],
    ['a --dark path that is not in its file', ['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '0', '--dark', `${LAB6.scan}::/entry/dark`], 3, /^pandaas integrate: --dark .*lab6_tth_scan\.nxs.*\/entry\/dark/],
    ['a frame index past the end', ['integrate', `${LAB6.scan}::/entry/data/data`, '--frames', '3'], 5, /--frames 3: .* holds 3 frames/],
  ])('refuses %s', async (_, argv, status, message) => {
    const args = argv.includes('--poni') ? argv : [...argv, '--poni', LAB6.ponis[0]!];
    const run = await runCli([...args, '--npt', '100', '-o', join(folder, 'bad.nxs')], { cwd: folder });
    expect(run.status, run.stderr).toBe(status);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    ['an unknown unit', ['--unit', 'q_nm'], /--unit must be one of 2th_deg, .*q_nm\^-1.*; got "q_nm"/],
    ['an unknown method', ['--method', 'bbox,lut'], /--method\[1\] must be one of "histogram", "csr"; got "lut"/],
    ['two different backends', ['--method', 'full,csr,cpu', '--backend', 'webgpu'], /--method full,csr,cpu asks for the backend cpu but --backend says webgpu/],
    ['--delta-dummy without --dummy', ['--delta-dummy', '1'], /--delta-dummy 1 needs --dummy/],
    ['a bad frame selection', ['--frames', '1:2:3'], /--frames must be one frame K or a range A:B/],
    ['a plot that is not PNG or SVG', ['--png', 'plot.jpg'], /--png plot\.jpg: .*\.png or \.svg/],
  ])('refuses %s as a usage error (exit 2) before reading anything', async (_, extra, message) => {
    const run = await runCli([...base('usage.nxs'), ...extra], { cwd: folder });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/pandaas integrate --help/);
  });

  it('needs the input, --poni, --npt and -o, and a NeXus output name', async () => {
    expect((await runCli(['integrate', '--poni', 'a.poni', '--npt', '10', '-o', 'a.nxs'], { cwd: folder })).stderr).toMatch(/needs the frames/);
    expect((await runCli(['integrate', LAB6.scan, '--npt', '10', '-o', 'a.nxs'], { cwd: folder })).stderr).toMatch(/needs the geometry: --poni/);
    expect((await runCli(['integrate', LAB6.scan, '--poni', 'a.poni', '-o', 'a.nxs'], { cwd: folder })).stderr).toMatch(/--npt N/);
    expect((await runCli(['integrate', LAB6.scan, '--poni', 'a.poni', '--npt', '10'], { cwd: folder })).stderr).toMatch(/-o FILE\.nxs/);
    const txt = await runCli(['integrate', LAB6.scan, '--poni', 'a.poni', '--npt', '10', '-o', 'a.txt'], { cwd: folder });
    expect([txt.status, txt.stderr]).toEqual([2, expect.stringMatching(/-o a\.txt: .*\.nxs/)]);
  });

  it('refuses a mask of another shape, naming the option, the file and both shapes (exit 5), and writes nothing', async () => {
    const mask = join(folder, 'small-mask.h5');
    await writeH5(mask, async (w) => w.dataset('/mask', new Uint8Array(100), { shape: [10, 10] }));
    const run = await runCli([...base('masked.nxs'), '--mask', `${mask}::/mask`], { cwd: folder });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/--mask .*small-mask\.h5::\/mask has the shape \[10, 10\]; it must have the detector's shape \[195, 1475\]/);
    expect(readFileSync(mask).length).toBeGreaterThan(0);
    expect(partialsIn(folder)).toEqual([]);
  });

  it('leaves no file and no partial folder when it fails on the way (a radial range outside the data, exit 5)', async () => {
    const run = await runCli([...base('outside.nxs'), '--radial-range', '1000,2000', '--png', join(folder, 'outside.png')], { cwd: folder });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/--radial-range \[1000, 2000\] lies outside the data/);
    expect(() => readFileSync(join(folder, 'outside.nxs'))).toThrow();
    expect(() => readFileSync(join(folder, 'outside.png'))).toThrow();
    expect(partialsIn(folder)).toEqual([]);
  });

  it('keeps an existing output unless --overwrite (exit 6), and never writes over an input', async () => {
    const out = join(folder, 'exists.nxs');
    writeFileSync(out, 'keep me');
    const refused = await runCli(base('exists.nxs'), { cwd: folder });
    expect(refused.status).toBe(6);
    expect(refused.stderr).toMatch(/exists\.nxs exists: pass --overwrite/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const replaced = await runCli([...base('exists.nxs'), '--overwrite'], { cwd: folder });
    expect(replaced.status, replaced.stderr).toBe(0);
    expect((await readResultFile(out)).fields.I!.shape).toEqual([3, 100]);

    const copy = join(folder, 'scan-copy.nxs');
    copyFileSync(LAB6.scan, copy);
    const before = readFileSync(copy);
    const self = await runCli(['integrate', `${copy}::/entry/data/data`, '--poni', LAB6.ponis[0]!, '--npt', '100', '-o', copy, '--overwrite'], { cwd: folder });
    expect(self.status).toBe(2);
    expect(self.stderr).toMatch(/is an input of this command/);
    expect(readFileSync(copy).equals(before)).toBe(true);
    expect(partialsIn(folder)).toEqual([]);
  });
});
