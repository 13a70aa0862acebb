import { frames, openH5, readImage, writeH5 } from '@pandaas/io-nexus';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import type { TreeNode } from '../inspect/h5-tree.js';
import { runCli } from '../testing/run-cli.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const LAB6 = join(ROOT, 'examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs');
const LINKS = join(ROOT, 'packages', 'io-nexus', 'src', '__fixtures__', 'read', 'links.h5');

/** `pandaas info ... --json`, parsed (the run must succeed and print one JSON document). */
async function infoJson(...argv: string[]) {
  const run = await runCli(['info', ...argv, '--json']);
  expect(run.stderr.replace(/^.*pieces.*\n/gm, '')).toBe('');
  expect(run.status).toBe(0);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(run.stdout) as any;
}

/** The node at `path` below `root` (by names). */
function nodeAt(root: TreeNode, path: string): TreeNode {
  let node = root;
  for (const name of path.split('/').filter(Boolean)) {
    const next = node.children?.find((child) => child.name === name);
    if (next === undefined) throw new Error(`no ${name} under ${node.path}`);
    node = next;
  }
  return node;
}

/** Sum, min and max of integer values, by a plain loop (BigInt sum). */
function integerStats(values: ArrayLike<number>) {
  let sum = 0n;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += BigInt(values[i]!);
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return { sum, min, max };
}

describe('pandaas info on nexus/chopper.nxs (NXdata with bin edges, gzip, @target hard links)', () => {
  const chopper = sharedData('nexus', 'chopper.nxs');

  it('gives the tree, the default plot and the statistics of its signal as one JSON document', async () => {
    const doc = await infoJson(chopper, '--stats');
    expect(doc.format).toBe('hdf5');
    const tree = doc.tree as TreeNode;
    expect(tree.attributes).toEqual({ default: 'entry' });
    expect(nodeAt(tree, 'entry').nxClass).toBe('NXentry');
    const data = nodeAt(tree, 'entry/data');
    expect(data).toMatchObject({ kind: 'group', nxClass: 'NXdata', defaultPlot: true, attributes: { signal: 'data', axes: ['polar_angle', 'time_of_flight'] } });
    expect(nodeAt(tree, 'entry/data/data').dataset).toMatchObject({ type: 'int32', dtype: 'int32', shape: [148, 750], chunks: [1, 750], filters: [{ id: 1, name: 'deflate', cdValues: [6] }] });
    expect(nodeAt(tree, 'entry/data/data').attributes).toEqual({ units: 'counts', long_name: 'Neutron Counts' });
    // the NXdata's axes are hard links to the detector's, as @target says
    expect(nodeAt(tree, 'entry/data/polar_angle').hardLinkOf).toBe('/entry/instrument/detector/polar_angle');
    expect(nodeAt(tree, 'entry/instrument/detector/polar_angle').hardLinkOf).toBeUndefined();
    expect(nodeAt(tree, 'entry/sample/temperature').dataset).toMatchObject({ type: 'float32', shape: [] });

    expect(doc.defaultPlot).toMatchObject({ path: '/entry/data', chain: ['/', '/entry', '/entry/data'], searchProblems: [], valid: true, problems: [] });
    expect(doc.defaultPlot.signal).toMatchObject({ name: 'data', path: '/entry/data/data', shape: [148, 750], units: 'counts', longName: 'Neutron Counts' });
    expect(doc.defaultPlot.axes.map((a: { name: string; binEdges: boolean; shape: number[] }) => [a.name, a.shape, a.binEdges])).toEqual([
      ['polar_angle', [148], false],
      ['time_of_flight', [751], true],
    ]);

    // the README's verified sum, and the values read here through io-nexus
    const file = await openH5(chopper);
    const values = (await (await file.dataset('/entry/data/data')).read()).dataSync();
    await file.close();
    const expected = integerStats(values);
    expect(expected.sum).toBe(2_666_912n);
    expect(doc.stats).toMatchObject({ path: '/entry/data/data', shape: [148, 750], count: 148 * 750, nanCount: 0, sum: 2_666_912, min: expected.min, max: expected.max, exact: true, slabs: 1 });
    expect(doc.stats.mean).toBeCloseTo(2_666_912 / (148 * 750), 12);
  });

  it('prints an indented tree, the default plot chain and the statistics for people', async () => {
    const run = await runCli(['info', chopper, '--stats']);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('/  @default="entry"');
    expect(lines).toContain('└── entry/  NXentry  @default="data"');
    expect(lines).toContain('    ├── data/  NXdata  @axes=["polar_angle", "time_of_flight"] @signal="data"  <- default plot');
    expect(lines).toContain('    │   ├── data  int32 [148, 750]  chunks [1, 750]  filters deflate(1)  @long_name="Neutron Counts" @units="counts"');
    expect(run.stdout).toMatch(/polar_angle {2}float32 \[148\] {2}= \/entry\/instrument\/detector\/polar_angle \(hard link, @target\)/);
    expect(lines).toContain('default plot: /entry/data  (chain / -> /entry -> /entry/data)');
    expect(run.stdout).toMatch(/axis 1 {2}time_of_flight {2}float32 \[751\].*\(bin edges\)/);
    expect(run.stdout).toMatch(/min 0 {2}max \d+ {2}mean 24\.0262\d* {2}sum 2666912 \(exact\)/);
  });

  it('--depth stops the listing, --attrs shows every attribute', async () => {
    const shallow = (await infoJson(chopper, '--depth', '2')).tree as TreeNode;
    expect(nodeAt(shallow, 'entry').children).toBeDefined();
    expect(nodeAt(shallow, 'entry/data')).toMatchObject({ membersNotShown: 3 });
    expect(nodeAt(shallow, 'entry/data').children).toBeUndefined();
    const all = (await infoJson(chopper, '--attrs')).tree as TreeNode;
    expect(all.attributes).toMatchObject({ NeXus_version: '4.2.1', HDF5_Version: '1.8.2', default: 'entry' });
    expect(nodeAt(all, 'entry/instrument/monochromator/energy').attributes).toEqual({ calibration_status: 'Nominal', units: 'meV' });
    const text = await runCli(['info', `${chopper}::/entry/instrument/monochromator`, '--attrs']);
    expect(text.stdout).toMatch(/energy {2}float32 \[1\]\n.*@calibration_status = "Nominal"\n.*@units = "meV"/);
  });
});

describe('pandaas info --stats on nexus/bitshuffle.h5 (Eiger frame, bitshuffle + LZ4, uint32)', () => {
  it('gives the raw uint32 statistics: max 0xFFFFFFFF and an exact sum, as the README\'s numbers make it', async () => {
    const doc = await infoJson(`${sharedData('nexus', 'bitshuffle.h5')}::/entry/data/data`, '--stats');
    expect(doc.tree.dataset).toMatchObject({ type: 'uint32', shape: [1, 2167, 2070], maxshape: [null, 2167, 2070], chunks: [1, 2167, 2070] });
    expect(doc.tree.dataset.filters).toMatchObject([{ id: 32008, name: 'bitshuffle', cdValues: [0, 2, 4, 0, 2] }]);
    // README: 251,302 pixels at 0xFFFFFFFF; the others sum to 168,427,642 (their max 1,208,081 is below)
    const sum = 251_302n * 0xffffffffn + 168_427_642n;
    expect(doc.stats).toMatchObject({ count: 2167 * 2070, nanCount: 0, max: 4294967295, sum: Number(sum), exact: true });
    expect(Number.isSafeInteger(doc.stats.sum)).toBe(true);
    expect(doc.stats.min).toBeGreaterThanOrEqual(0);
  });
});

describe('pandaas info on kmap/PTO_STO_SL_0001.h5 (a virtual dataset whose source file is missing, soft links)', () => {
  const pto = sharedData('kmap', 'PTO_STO_SL_0001.h5');

  it('shows the virtual dataset, its source as missing, and the soft link to it', async () => {
    const doc = await infoJson(`${pto}::/20.1/instrument/mpx1x4`, '--depth', '1');
    const source = { file: 'scan0020/mpx1x4_0000.h5', dataset: '/entry_0000/instrument/mpx1x4/data', present: false };
    expect(nodeAt(doc.tree, 'image').dataset).toMatchObject({ type: 'int32', shape: [51, 516, 516], virtualSources: [source] });
    expect(nodeAt(doc.tree, 'data')).toMatchObject({ link: { kind: 'soft', target: 'image', resolved: true }, location: { path: '/20.1/instrument/mpx1x4/image' }, dataset: { virtualSources: [source] } });
    const text = await runCli(['info', `${pto}::/20.1/instrument/mpx1x4/image`]);
    expect(text.stdout).toMatch(/image {2}int32 \[51\/inf, 516\/inf, 516\/inf\] {2}virtual: 1 source, 1 missing/);
    expect(text.stdout).toContain('<- scan0020/mpx1x4_0000.h5::/entry_0000/instrument/mpx1x4/data  (missing)');
  });

  it('finds the default plot past the broken root @default, and says what was broken', async () => {
    const doc = await infoJson(pto, '--depth', '0');
    expect(doc.defaultPlot).toMatchObject({ path: '/20.1/plotselect', chain: ['/', '/20.1', '/20.1/plotselect'], signal: { name: 'mpx1x4_roi1' } });
    expect(doc.defaultPlot.searchProblems).toEqual([expect.stringMatching(/@default of \/ names "1\.1", which is not a group/)]);
  });

  it('--stats on it fails with exit 3 naming the missing file; --fill-missing reports HDF5\'s fill value (0, the README says)', async () => {
    const failed = await runCli(['info', `${pto}::/20.1/measurement/mpx1x4`, '--stats', '--json']);
    expect(failed.status).toBe(3);
    // --json: the failure as one JSON document on stdout, its message the line on stderr
    const { error } = JSON.parse(failed.stdout) as { error: { message: string; exitCode: number } };
    expect(error.exitCode).toBe(3);
    expect(failed.stderr).toBe(`pandaas info: ${error.message}\n`);
    expect(failed.stderr).toMatch(/is a virtual dataset whose source file\(s\) are missing \(scan0020\/mpx1x4_0000\.h5, looked for in .*kmap\).*--fill-missing/);
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack
    const filled = await runCli(['info', `${pto}::/20.1/instrument/mpx1x4/image`, '--stats', '--fill-missing', '--json']);
    expect(filled.status).toBe(0);
    expect(filled.stderr).toMatch(/note: .*read as HDF5's fill value/);
    expect(JSON.parse(filled.stdout).stats).toMatchObject({ count: 51 * 516 * 516, min: 0, max: 0, sum: 0, filled: true });
  });

  it('--stats on a plain dataset behind a soft link reads it', async () => {
    const doc = await infoJson(`${pto}::/20.1/measurement/mpx1x4_mpx4int`, '--stats');
    const file = await openH5(pto);
    const values = (await (await file.dataset('/20.1/instrument/mpx1x4_mpx4int/sum')).read()).dataSync();
    await file.close();
    let sum = 0;
    for (const v of values) sum += v;
    expect(doc.stats.count).toBe(51);
    expect(doc.stats.sum).toBeCloseTo(sum, 6);
    expect(doc.stats.max).toBe(Math.max(...values));
  });
});

describe('pandaas info on kmap/id01_xsocs_skeleton (external links that resolve and that dangle)', () => {
  const master = sharedData('kmap', 'id01_xsocs_skeleton', 'sample_0001_master.h5');

  it('follows the external links into the entry files and marks the dangling ones with their reason', async () => {
    const doc = await infoJson(master, '--depth', '4');
    const tree = doc.tree as TreeNode;
    expect(tree.children?.map((c) => c.name)).toEqual(['1.1', '2.1', '3.1', '4.1', '5.1']);
    for (const k of [1, 2, 3, 4, 5]) {
      const entry = nodeAt(tree, `${k}.1`);
      expect(entry).toMatchObject({ kind: 'group', nxClass: 'NXentry', link: { kind: 'external', file: `sample_0001_${k}.1.h5`, target: `${k}.1`, resolved: true } });
      expect(entry.location?.file).toMatch(new RegExp(`sample_0001_${k}\\.1\\.h5$`));
    }
    expect(nodeAt(tree, '3.1/instrument/positioners/pix_position').dataset).toMatchObject({ type: 'float64', shape: [3600] });
    const dangling = nodeAt(tree, '1.1/measurement/acq_time');
    expect(dangling).toMatchObject({ kind: 'unresolved', link: { kind: 'external', file: './data/MA1234/id01/20230710/sample/sample_0001/sample_0001.h5', resolved: false } });
    expect(dangling.link?.error).toMatch(/the external file ".*sample_0001\.h5" is not there/);
    // a soft link into the dangling external link dangles too
    expect(nodeAt(tree, '1.1/instrument/detector/data')).toMatchObject({ kind: 'unresolved', link: { kind: 'soft', target: '/1.1/measurement/image/data', resolved: false } });
  });

  it('prints the dangling links as such', async () => {
    const run = await runCli(['info', `${master}::/2.1/measurement`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/├── acq_time -> \.\/data\/MA1234\/id01\/20230710\/sample\/sample_0001\/sample_0001\.h5::2\.1\/measurement\/acq_time {2}\(dangling\)/);
    expect(run.stdout).toMatch(/\n\d+ dangling links \(--json gives each reason\); the first: \/2\.1\/measurement\/acq_time: /);
  });
});

describe('pandaas info on soft links, loops and cycles (io-nexus\'s links.h5 fixture)', () => {
  it('resolves soft and external links, does not list a soft-linked group twice, and reports cycles as dangling', async () => {
    const tree = (await infoJson(LINKS)).tree as TreeNode;
    expect(nodeAt(tree, 'soft_chain')).toMatchObject({ kind: 'dataset', link: { kind: 'soft', target: '/soft', resolved: true }, location: { path: '/data/values' } });
    expect(nodeAt(tree, 'soft_group')).toMatchObject({ kind: 'group', notListed: 'a soft link: the members are listed at /data' });
    expect(nodeAt(tree, 'soft_group').children).toBeUndefined();
    expect(nodeAt(tree, 'cycle_a')).toMatchObject({ kind: 'unresolved', link: { kind: 'soft', resolved: false } });
    expect(nodeAt(tree, 'cycle_a').link?.error).toMatch(/cycle/);
    expect(nodeAt(tree, 'ext_cycle').link?.error).toMatch(/cycle/);
    expect(nodeAt(tree, 'ext')).toMatchObject({ link: { kind: 'external', file: 'ext/links_target.h5', target: '/group' }, nxClass: 'NXdata', defaultPlot: true });
    expect(nodeAt(tree, 'ext/frames').dataset?.shape).toEqual([5, 8, 9]);
  });
});

describe('pandaas info on the LaB6 scan (examples/data/ssrl-lab6)', () => {
  it('shows the hard link with @target, and --stats without a path reads the default NXdata\'s signal', async () => {
    const doc = await infoJson(LAB6, '--stats');
    expect(nodeAt(doc.tree, 'entry/data/data').hardLinkOf).toBe('/entry/instrument/detector/data');
    expect(doc.defaultPlot).toMatchObject({ path: '/entry/data', signal: { path: '/entry/data/data', shape: [3, 195, 1475] } });
    expect(doc.defaultPlot.axes[0]).toMatchObject({ name: 'two_theta', dims: [0] });
    expect(doc.defaultPlot.axes.slice(1)).toEqual([null, null]);
    // the same numbers, frame by frame through io-nexus's frames()
    const file = await openH5(LAB6);
    let sum = 0n;
    let min = Infinity;
    let max = -Infinity;
    for await (const frame of frames(await file.dataset('/entry/instrument/detector/data'))) {
      const s = integerStats(frame.dataSync());
      sum += s.sum;
      min = Math.min(min, s.min);
      max = Math.max(max, s.max);
    }
    await file.close();
    expect(doc.stats).toMatchObject({ path: '/entry/data/data', count: 3 * 195 * 1475, sum: Number(sum), min, max, nanCount: 0 });
  });
});

describe('pandaas info on image files', () => {
  it('gives a TIFF\'s format, shape, dtype, header and statistics', async () => {
    const tif = sharedData('diffraction2d', 'dls_pixium', 'pixium_03150.tif');
    const doc = await infoJson(tif, '--stats');
    expect(doc).toMatchObject({ format: 'tiff', frames: 1, shape: [1441, 1440], dtype: 'uint16' });
    expect(doc.header).toMatchObject({ nRows: 1441, nColumns: 1440, nBits: 16 });
    const image = await readImage(tif);
    const expected = integerStats(image.frames[0]!.data.dataSync());
    expect(doc.stats).toMatchObject({ count: 1441 * 1440, sum: Number(expected.sum), min: expected.min, max: expected.max, exact: true });
    const text = await runCli(['info', tif]);
    expect(text.stdout).toMatch(/TIFF image, 1 frame, uint16 \[1441, 1440\]\nheader \(\d+ keys\):\n {2}nRows = 1441\n/);
  });

  it('gives an EDF\'s header keys', async () => {
    const doc = await infoJson(sharedData('diffraction2d', 'dls_pixium', 'integrated.edf'));
    expect(doc).toMatchObject({ format: 'edf', shape: [36, 5000], dtype: 'float32', header: { Dim_1: '5000', Dim_2: '36', DataType: 'FloatValue' } });
  });
});

describe('pandaas info: NaN and infinities in float data', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pandaas-info-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('counts NaN, leaves it out of min/max/mean/sum, and writes infinities as strings in JSON', async () => {
    const values = new Float32Array(4 * 6 * 5);
    for (let i = 0; i < values.length; i++) values[i] = i % 7 === 0 ? NaN : (i % 11) - 3.25;
    const withInf = Float32Array.from(values);
    withInf[3] = Infinity;
    const path = join(dir, 'nan.h5');
    await writeH5(path, async (w) => {
      await w.dataset('/finite', values, { shape: [4, 6, 5], chunks: [1, 6, 5], compression: 'deflate' });
      await w.dataset('/inf', withInf, { shape: [4, 6, 5] });
    });
    let nan = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (Number.isNaN(v)) nan++;
      else {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    const finite = (await infoJson(`${path}::/finite`, '--stats')).stats;
    expect(finite).toMatchObject({ count: 120, nanCount: nan, min, max, exact: false });
    expect(nan).toBe(18);
    expect(finite.sum).toBeCloseTo(sum, 10);
    expect(finite.mean).toBeCloseTo(sum / (120 - nan), 10);
    const inf = (await infoJson(`${path}::/inf`, '--stats')).stats;
    expect(inf).toMatchObject({ max: 'Infinity', sum: 'Infinity', mean: 'Infinity', nanCount: nan });
  });

  it('refuses an image file given a path, a missing file, a path not in the file, and bad options', async () => {
    const textFile = join(dir, 'notes.txt');
    await writeFile(textFile, 'not a data file\n');
    const cases: [string[], number, RegExp][] = [
      [['info'], 2, /info needs a FILE/],
      [['info', LAB6, LAB6], 2, /takes one FILE/],
      [['info', join(dir, 'absent.h5')], 3, /absent\.h5: no such file/],
      [['info', `${LAB6}::/entry/nothing`], 3, /\/entry\/nothing.*no "nothing" in group \/entry/],
      [['info', `${sharedData('diffraction2d', 'dls_pixium', 'pixium_03150.tif')}::/entry`], 2, /is an image file, not HDF5: give it without "::\/entry"/],
      [['info', textFile], 4, /not an HDF5 file/],
      [['info', LAB6, '--depth', '-1'], 2, /--depth must be an integer >= 0; got "-1"/],
      [['info', LAB6, '--fill-missing'], 2, /--fill-missing applies to --stats/],
      [['info', `${LAB6}::/entry/title`, '--stats'], 4, /holds string values, not numbers/],
      [['info', `${LAB6}::/entry/instrument`, '--stats'], 3, /has no NXdata with a signal for --stats/],
    ];
    for (const [argv, status, message] of cases) {
      const run = await runCli(argv, { cwd: dir });
      expect([argv.join(' '), run.status]).toEqual([argv.join(' '), status]);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });

  it('stops at Ctrl-C (an aborted signal) with exit 130 and prints nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(['info', `${sharedData('nexus', 'bitshuffle.h5')}::/entry/data/data`, '--stats'], { signal: controller.signal });
    expect(run.status).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/interrupted/);
  });

  it('resolves a relative FILE against the working folder', async () => {
    const run = await runCli(['info', 'ssrl-lab6/lab6_tth_scan.nxs::/entry/data/two_theta', '--json'], { cwd: dirname(dirname(LAB6)) });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: 'ssrl-lab6/lab6_tth_scan.nxs', path: '/entry/data/two_theta', tree: { dataset: { shape: [3] } } });
  });
});
