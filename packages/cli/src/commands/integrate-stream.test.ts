/**
 * `pandaas integrate` writes a stack frame by frame into chunked datasets: the file is the one
 * io-nexus' writeNxData writes from the whole stack held in memory (same groups, datasets,
 * dtypes, shapes, values and attributes; only the storage is chunked), and the memory of the
 * command does not grow with the stack (its peak, measured in child processes).
 */
import { array, type NdArray } from '@pandaas/core';
import { AzimuthalIntegrator, type Integrate1dResult, type Integrate2dResult, type NxAxisDescription } from '@pandaas/integrate';
import { H5Dataset, H5Group, openH5, writeH5, writeNxData } from '@pandaas/io-nexus';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli } from '../testing/run-cli.js';
import { LAB6, lab6Frame, partialsIn, removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

let folder: string;

beforeAll(() => {
  folder = temporaryFolder();
});

afterAll(() => {
  removeFolder(folder);
});

/** Every group and dataset under `path`: attributes, and for datasets dtype, shape and values. */
async function tree(file: string, path: string): Promise<Record<string, unknown>> {
  const h5 = await openH5(file);
  const out: Record<string, unknown> = {};
  const walk = async (at: string): Promise<void> => {
    const node = await h5.get(at);
    if (node instanceof H5Group) {
      out[at] = { attrs: await node.attrs() };
      for (const name of await node.keys()) await walk(`${at}/${name}`);
    } else if (node instanceof H5Dataset) {
      const values = node.dtype === undefined ? await node.readValue() : Array.from((await node.read()).dataSync() as ArrayLike<number>);
      out[at] = { attrs: await node.attrs(), dtype: node.dtype, shape: node.shape, values };
    }
  };
  try {
    await walk(path);
    for (const p of ['/', '/entry', '/entry/integrate']) out[`${p} @default`] = await (await h5.group(p)).attr('default');
    return out;
  } finally {
    await h5.close();
  }
}

/** The chunk shapes of the NXdata's signal and errors. */
async function chunksOf(file: string): Promise<(readonly number[] | null)[]> {
  const h5 = await openH5(file);
  try {
    return await Promise.all(['I', 'I_errors'].map(async (name) => (await h5.dataset(`/entry/integrate/result/${name}`)).chunks));
  } finally {
    await h5.close();
  }
}

/** What writeNxData writes for the whole stack of `results` held in memory (pandaas integrate's file before it streamed). */
async function writeWholeStack(path: string, results: readonly (Integrate1dResult | Integrate2dResult)[], frameAxis: NxAxisDescription): Promise<void> {
  const one = results[0]!.toNxData();
  const shape = [results.length, ...one.signal.data.shape];
  const stacked = (pick: (r: Integrate1dResult | Integrate2dResult) => Float64Array): NdArray => {
    const all = new Float64Array(results.length * results[0]!.intensity.length);
    results.forEach((r, k) => all.set(pick(r), k * r.intensity.length));
    return array(all, { shape, backend: 'cpu' });
  };
  await writeH5(path, async (w) => {
    w.group('/entry', { NX_class: 'NXentry' });
    await writeNxData(
      w,
      '/entry/integrate/result',
      {
        signal: { ...one.signal, data: stacked((r) => r.intensity) },
        errors: stacked((r) => r.sigma!),
        axes: [frameAxis, ...one.axes],
        title: `${one.title}, ${results.length} frames`,
        interpretation: one.interpretation,
      },
      { setDefault: true },
    );
  });
}

describe('pandaas integrate: a stack streamed to the file', () => {
  it('writes the NXdata writeNxData writes from the whole stack (1D, the scan\'s own frame axis), chunked by whole frames', async () => {
    const out = join(folder, 'stream1d.nxs');
    const run = await runCli(['integrate', LAB6.scan, '--poni', LAB6.ponis[1]!, '--npt', '500', '--error-model', 'poisson', '-o', out], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(LAB6.ponis[1]!, 'utf8'));
    const results = await Promise.all([0, 1, 2].map(async (k) => ai.integrate1d(await lab6Frame(k), { npt: 500, errorModel: 'poisson' })));
    const scan = await openH5(LAB6.scan);
    const twoTheta = Float64Array.from((await (await scan.dataset('/entry/data/two_theta')).read()).dataSync() as ArrayLike<number>);
    await scan.close();
    const reference = join(folder, 'whole1d.nxs');
    await writeWholeStack(reference, results, { name: 'two_theta', data: twoTheta, units: 'deg' });
    expect(await tree(out, '/entry/integrate/result')).toEqual(await tree(reference, '/entry/integrate/result'));
    for (const chunks of await chunksOf(out)) expect(chunks?.slice(1)).toEqual([500]);
  });

  it('writes the NXdata writeNxData writes from the whole stack (2D cakes, the frame index axis)', async () => {
    const out = join(folder, 'stream2d.nxs');
    const args = ['--poni', LAB6.ponis[2]!, '--npt', '120', '--npt-azim', '24', '--unit', '2th_deg', '--error-model', 'poisson'];
    const run = await runCli(['integrate', `${LAB6.scan}::/entry/data/data`, ...args, '-o', out], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(LAB6.ponis[2]!, 'utf8'));
    const results = await Promise.all([0, 1, 2].map(async (k) => ai.integrate2d(await lab6Frame(k), { nptRad: 120, nptAzim: 24, unit: '2th_deg', errorModel: 'poisson' })));
    const reference = join(folder, 'whole2d.nxs');
    await writeWholeStack(reference, results, { name: 'frame', data: Float64Array.from([0, 1, 2]), longName: 'frame index' });
    expect(await tree(out, '/entry/integrate/result')).toEqual(await tree(reference, '/entry/integrate/result'));
    for (const chunks of await chunksOf(out)) expect(chunks?.slice(1)).toEqual([24, 120]);
  });
});

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Loaded first in the child: prints its peak resident memory (kilobytes) as it exits. */
const REPORT_PEAK = `data:text/javascript,process.on('exit', () => process.stderr.write('peak-rss-kb=' + process.resourceUsage().maxRSS + '\\n'))`;

/** Runs `pandaas ...argv` in a child process of its own; its exit status, output and peak memory in bytes. */
async function runMeasured(argv: readonly string[]): Promise<{ status: number; stderr: string; peak: number }> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, '--import', REPORT_PEAK, '--conditions=@pandaas/source', BIN, ...argv], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const { status, stderr } = await finished(child);
  const kb = /peak-rss-kb=(\d+)/.exec(stderr);
  return { status, stderr, peak: kb === null ? NaN : Number(kb[1]) * 1024 };
}

/** Frame k of the small stacks: 16 x 16 uint8 pixels. */
function smallFrame(k: number): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, i) => ((k * 256 + i) * 7919) % 101);
}

describe('pandaas integrate: memory', () => {
  const [SHORT, LONG] = [300, 2300];
  const NPT = 4000;

  beforeAll(async () => {
    for (const frames of [SHORT, LONG]) {
      const data = new Uint8Array(frames * 256);
      for (let k = 0; k < frames; k++) data.set(smallFrame(k), k * 256);
      await writeH5(join(folder, `small-${frames}.h5`), async (w) => w.dataset('/entry/data/data', data, { shape: [frames, 16, 16] }));
    }
    writeFileSync(
      join(folder, 'small.poni'),
      ['poni_version: 2', 'Detector: Detector', 'Detector_config: {"pixel1": 0.0001, "pixel2": 0.0001, "max_shape": [16, 16]}', 'Distance: 0.1', 'Poni1: 0.0008', 'Poni2: 0.0008', 'Rot1: 0', 'Rot2: 0', 'Rot3: 0', 'Wavelength: 1e-10', ''].join('\n'),
    );
  });

  it('does not grow with the stack: 2000 frames more take less than half the memory of their results', async () => {
    const peaks: number[] = [];
    for (const frames of [SHORT, LONG]) {
      const argv = ['integrate', `small-${frames}.h5::/entry/data/data`, '--poni', 'small.poni', '--npt', String(NPT), '--error-model', 'poisson', '-o', `small-${frames}.nxs`];
      const run = await runMeasured(argv);
      expect(run.status, run.stderr).toBe(0);
      expect(run.peak, run.stderr).toBeGreaterThan(0);
      peaks.push(run.peak);
    }
    // I and I_errors of the 2000 more frames: 2000 x 4000 x 8 x 2 bytes = 122 MiB, which a
    // command that kept the results would hold at its peak (measured: 188 MiB more)
    const results = (LONG - SHORT) * NPT * 8 * 2;
    const growth = peaks[1]! - peaks[0]!;
    console.log(`peak memory: ${SHORT} frames ${(peaks[0]! / 2 ** 20).toFixed(1)} MiB, ${LONG} frames ${(peaks[1]! / 2 ** 20).toFixed(1)} MiB; results of the difference ${(results / 2 ** 20).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(results / 2);

    // the rows are the library's, on both sides of chunk boundaries and in the last, partial chunk
    const ai = AzimuthalIntegrator.fromPoni(readFileSync(join(folder, 'small.poni'), 'utf8'));
    const file = await openH5(join(folder, `small-${LONG}.nxs`));
    try {
      const [intensity, errors] = await Promise.all(['I', 'I_errors'].map((name) => file.dataset(`/entry/integrate/result/${name}`)));
      expect(intensity!.shape).toEqual([LONG, NPT]);
      const rows = intensity!.chunks![0]!;
      expect(LONG % rows).not.toBe(0);
      for (const k of [0, rows - 1, rows, LONG - 1]) {
        const expected = await ai.integrate1d(array(smallFrame(k), { shape: [16, 16] }), { npt: NPT, errorModel: 'poisson' });
        expect(Array.from((await intensity!.read([k])).dataSync() as Float64Array), `frame ${k}`).toEqual(Array.from(expected.intensity));
        expect(Array.from((await errors!.read([k])).dataSync() as Float64Array), `frame ${k}`).toEqual(Array.from(expected.sigma!));
      }
    } finally {
      await file.close();
    }
    expect(partialsIn(folder)).toEqual([]);
  });

  it('still refuses, before any frame, bins that one frame\'s result cannot have (exit 5), and leaves nothing', async () => {
    const run = await runCli(['integrate', `small-${SHORT}.h5::/entry/data/data`, '--poni', 'small.poni', '--npt', '100000', '--npt-azim', '100000', '-o', 'huge.nxs'], { cwd: folder });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/must stay below 2\^31, got 100000 \* 100000/);
    expect(run.stderr).not.toMatch(/frames/);
    expect(existsSync(join(folder, 'huge.nxs'))).toBe(false);
    expect(partialsIn(folder)).toEqual([]);
  });

  it('draws a stack longer than the picture keeps (its frames gathered into rows) as a PNG', async () => {
    const run = await runCli(['integrate', `small-${LONG}.h5::/entry/data/data`, '--poni', 'small.poni', '--npt', '16', '-o', 'picture.nxs', '--png', 'picture.png'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(folder, 'picture.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
