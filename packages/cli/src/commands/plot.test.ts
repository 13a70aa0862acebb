import { createCanvas, loadImage } from '@napi-rs/canvas';
import { findDefaultNxData, openH5, readImage, readNxData } from '@pandaas/io-nexus';
import { imagePlot, linePlot, plotNxdata, readNxdataValues, renderPng, renderSvg, type NxdataPlotOptions } from '@pandaas/plot';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { runCli } from '../testing/run-cli.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const LAB6 = join(ROOT, 'examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs');
const CHOPPER = sharedData('nexus', 'chopper.nxs');
const CHOPPER_TITLE = 'MgB2 PDOS 43.37g 8K 120meV E0@240Hz T0@120Hz';

/** A PNG decoded to RGBA by @napi-rs/canvas. */
async function decodePng(bytes: Uint8Array) {
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** The fraction of pixels that are not the white background. */
function painted(rgba: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) n++;
  return n / (rgba.length / 4);
}

/** The texts of an SVG's <text> elements, unescaped. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

/** The NXdata's figure made by @pandaas/plot directly, from the whole group. */
async function libraryNxdataFigure(file: string, options: NxdataPlotOptions = {}, group?: string) {
  const h5 = await openH5(file);
  try {
    const nx = group === undefined ? (await findDefaultNxData(h5)).nxdata! : await readNxData(await h5.group(group));
    return plotNxdata(await readNxdataValues(nx), options);
  } finally {
    await h5.close();
  }
}

describe('pandaas plot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pandaas-plot-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('plots the default NXdata of chopper.nxs (bin-edge time of flight) to PNG: the bytes @pandaas/plot gives', async () => {
    const run = await runCli(['plot', CHOPPER, '-o', 'chopper.png', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ output: 'chopper.png', format: 'png', kind: 'image', source: `${CHOPPER}::/entry/data`, frame: 0, frames: 1, width: 640, height: 480 });
    const bytes = await readFile(join(dir, 'chopper.png'));
    const png = await decodePng(bytes);
    expect([png.width, png.height]).toEqual([640, 480]);
    expect(painted(png.data)).toBeGreaterThan(0.3); // the heatmap fills much of the figure
    expect(Buffer.compare(bytes, Buffer.from(await renderPng(await libraryNxdataFigure(CHOPPER))))).toBe(0);
  });

  it('writes SVG with the title and the long names as axis labels, with colormap and scale as asked', async () => {
    const run = await runCli(['plot', CHOPPER, '-o', 'chopper.svg', '--colormap', 'magma', '--scale', 'log'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`wrote chopper.svg: an image of ${CHOPPER}::/entry/data (640 x 480 SVG)\n`);
    const svg = await readFile(join(dir, 'chopper.svg'), 'utf8');
    const texts = svgTexts(svg);
    for (const label of [CHOPPER_TITLE, 'Polar Angle [degrees]', 'Time-of-Flight [microseconds]', 'Neutron Counts']) expect(texts).toContain(label);
    expect(svg).toBe(renderSvg(await libraryNxdataFigure(CHOPPER, { colormap: 'magma', normalization: 'log' })));
  });

  it('reads one frame of the LaB6 stack: the figure plotNxdata makes from the whole stack at that frame', async () => {
    const runs = [];
    for (const frame of [0, 2]) runs.push(await runCli(['plot', LAB6, '--frame', String(frame), '-o', `lab6-${frame}.png`, '--width', '800', '--height', '400'], { cwd: dir }));
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    expect(runs[1]!.stdout).toMatch(/an image of .*lab6_tth_scan\.nxs::\/entry\/data, frame 2 of 3 \(800 x 400 PNG\)/);
    const [first, third] = await Promise.all([readFile(join(dir, 'lab6-0.png')), readFile(join(dir, 'lab6-2.png'))]);
    expect(Buffer.compare(first, third)).not.toBe(0);
    const expected = await renderPng(await libraryNxdataFigure(LAB6, { frame: [2], width: 800, height: 400 }));
    expect(Buffer.compare(third, Buffer.from(expected))).toBe(0);
    const png = await decodePng(third);
    expect([png.width, png.height]).toEqual([800, 400]);
    expect(painted(png.data)).toBeGreaterThan(0.05);
  });

  it('plots a one-dimensional dataset as a curve (SVG: title, labels; the same as linePlot)', async () => {
    const run = await runCli(['plot', `${CHOPPER}::/entry/monitor1/data`, '-o', 'monitor.svg', '--scale', 'log', '--title', 'monitor 1'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/a curve of .*chopper\.nxs::\/entry\/monitor1\/data/);
    const svg = await readFile(join(dir, 'monitor.svg'), 'utf8');
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['monitor 1', 'Monitor 1 Counts', 'index']));
    const h5 = await openH5(CHOPPER);
    const y = await (await h5.dataset('/entry/monitor1/data')).read();
    await h5.close();
    expect(svg).toBe(renderSvg(linePlot({ y }, { title: 'monitor 1', xAxis: { label: 'index' }, yAxis: { label: 'Monitor 1 Counts', scale: 'log' } })));
  });

  it('plots an NXmonitor group with @signal/@axes as a curve against its bin-edge axis, and a 2D dataset as an image', async () => {
    const run = await runCli(['plot', `${CHOPPER}::/entry/monitor2`, '-o', 'monitor2.png'], { cwd: dir });
    expect(run.status).toBe(0);
    const expected = await renderPng(await libraryNxdataFigure(CHOPPER, {}, '/entry/monitor2'));
    expect(Buffer.compare(await readFile(join(dir, 'monitor2.png')), Buffer.from(expected))).toBe(0);

    const image = await runCli(['plot', `${LAB6}::/entry/instrument/detector/data`, '--frame', '1', '-o', 'raw.svg'], { cwd: dir });
    expect(image.status).toBe(0);
    const h5 = await openH5(LAB6);
    const detector = await h5.dataset('/entry/instrument/detector/data');
    const frame = await detector.read([1]);
    const longName = await detector.attr('long_name');
    await h5.close();
    expect(typeof longName).toBe('string');
    const svg = await readFile(join(dir, 'raw.svg'), 'utf8');
    expect(svg).toBe(renderSvg(imagePlot(frame, { title: '/entry/instrument/detector/data', colorbar: { label: longName as string } })));
    expect(svgTexts(svg)).toContain(longName);
    expect(svgTexts(svg)).toContain('/entry/instrument/detector/data');
  });

  it('plots the first frame of a TIFF file', async () => {
    const tif = sharedData('diffraction2d', 'dls_pixium', 'pixium_03150.tif');
    const run = await runCli(['plot', tif, '-o', 'pixium.png', '--scale', 'sqrt'], { cwd: dir });
    expect(run.status).toBe(0);
    const image = await readImage(tif);
    const expected = await renderPng(imagePlot(image.frames[0]!.data, { title: 'pixium_03150.tif', normalization: 'sqrt' }));
    const bytes = await readFile(join(dir, 'pixium.png'));
    expect(Buffer.compare(bytes, Buffer.from(expected))).toBe(0);
    expect(painted((await decodePng(bytes)).data)).toBeGreaterThan(0.3);
  });

  it('refuses bad input with a clear message, writing nothing and leaving no partial file', async () => {
    const existing = join(dir, 'existing.png');
    await writeFile(existing, 'keep me');
    await copyFile(CHOPPER, join(dir, 'data.svg')); // an HDF5 file under a picture's name
    const cases: [string[], number, RegExp][] = [
      [['plot', CHOPPER, '-o', 'x.png', '--colormap', 'rainbow'], 2, /--colormap must be one of gray, reversed gray, .*; got "rainbow"/],
      [['plot', LAB6, '--frame', '3', '-o', 'x.png'], 5, /--frame 3 is out of range: .*lab6_tth_scan\.nxs::\/entry\/data has 3 frames \(0 to 2\)/],
      [['plot', `${CHOPPER}::/entry/monitor1/data`, '--frame', '1', '-o', 'x.png'], 5, /--frame 1 is out of range: .* has 1 frame \(0 to 0\)/],
      [['plot', sharedData('diffraction2d', 'dls_pixium', 'pixium_03150.tif'), '--frame', '1', '-o', 'x.png'], 5, /--frame 1 is out of range: .*pixium_03150\.tif has 1 frame/],
      [['plot', CHOPPER, '-o', 'x.jpg'], 2, /-o x\.jpg: the output must end in \.png or \.svg \(got "\.jpg"\)/],
      [['plot', CHOPPER], 2, /plot needs -o OUT\.png or -o OUT\.svg/],
      [['plot', '-o', 'x.png'], 2, /plot needs a FILE/],
      [['plot', CHOPPER, '-o', 'existing.png'], 6, /existing\.png exists: pass --overwrite/],
      [['plot', `${CHOPPER}::/entry/nothing`, '-o', 'x.png'], 3, /\/entry\/nothing.*no "nothing" in group \/entry/],
      [['plot', join(dir, 'absent.h5'), '-o', 'x.png'], 3, /absent\.h5: no such file/],
      [['plot', `${CHOPPER}::/entry/title`, '-o', 'x.png'], 4, /holds string values, not numbers/],
      [['plot', `${CHOPPER}::/entry/instrument`, '-o', 'x.png'], 4, /is a group without an NXdata signal/],
      [['plot', CHOPPER, '--scale', 'symlog', '-o', 'x.png'], 2, /--scale symlog applies to line plots; an image takes one of linear, log/],
      [['plot', sharedData('nexus', 'bitshuffle.h5'), '-o', 'x.png'], 3, /has no default NXdata with a signal/],
      [['plot', `${sharedData('kmap', 'PTO_STO_SL_0001.h5')}::/20.1/instrument/mpx1x4/image`, '-o', 'x.png'], 3, /virtual dataset source file\(s\) missing: scan0020\/mpx1x4_0000\.h5/],
      [['plot', 'data.svg', '-o', 'data.svg', '--overwrite'], 2, /the output .*data\.svg is an input of this command/],
      [['plot', CHOPPER, '-o', 'x.png', '--width', '50'], 2, /--width must be an integer >= 100 and <= 10000; got "50"/],
    ];
    for (const [argv, status, message] of cases) {
      const run = await runCli(argv, { cwd: dir });
      expect([argv.join(' '), run.status, run.stderr]).toEqual([argv.join(' '), status, expect.stringMatching(message)]);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
    expect(existsSync(join(dir, 'x.jpg'))).toBe(false);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    expect(Buffer.compare(await readFile(join(dir, 'data.svg')), await readFile(CHOPPER))).toBe(0);
    expect((await readdir(dir)).filter((name) => name.startsWith('.pandaas-partial-'))).toEqual([]);
    // Ctrl-C (an aborted signal): exit 130, nothing written
    const controller = new AbortController();
    controller.abort();
    const stopped = await runCli(['plot', CHOPPER, '-o', 'stopped.png'], { cwd: dir, signal: controller.signal });
    expect([stopped.status, existsSync(join(dir, 'stopped.png'))]).toEqual([130, false]);
    expect((await readdir(dir)).filter((name) => name.startsWith('.pandaas-partial-'))).toEqual([]);
    // with --overwrite the picture replaces it
    expect((await runCli(['plot', CHOPPER, '-o', 'existing.png', '--overwrite'], { cwd: dir })).status).toBe(0);
    expect((await decodePng(await readFile(existing))).width).toBe(640);
  });
});
