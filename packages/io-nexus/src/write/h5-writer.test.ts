/**
 * Files written by io-nexus, read back by h5py (the reference reader) and by h5wasm. The h5py
 * side runs scripts/fixtures/io_write_dump.py with /usr/bin/python3 (python3-h5py and
 * python3-hdf5plugin); where they are missing, that comparison alone is skipped with the reason
 * logged (CI installs them, so it never skips there).
 */
import { array, type TypedArray } from '@pandaas/core';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEdf } from '../formats/edf.js';
import { readTiff } from '../formats/tiff.js';
import { loadH5wasm } from '../h5/runtime.js';
import { sharedData } from '../testing/data.js';
import { writeH5 } from './h5-writer.js';
import { writeNxData } from './nxdata.js';
import { writeNxProcess } from './nxprocess.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..', '..');
const fixtures = join(here, '..', '__fixtures__', 'images');
const PYTHON = '/usr/bin/python3';

interface DumpedAttribute {
  type: { kind: string; dtype?: string; encoding?: string };
  shape: number[];
  value: unknown;
}
interface DumpedObject {
  kind: 'group' | 'dataset';
  attrs: Record<string, DumpedAttribute>;
  type?: { kind: string; dtype?: string; encoding?: string };
  shape?: number[];
  chunks?: number[] | null;
  filters?: Record<string, number[]>;
  crc32?: number;
  sum?: number;
  values?: unknown[];
  value?: unknown;
}

/** Why h5py cannot check the files here, or undefined when it can. */
function h5pyMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import h5py, hdf5plugin'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} lacks h5py or hdf5plugin (${probe.stderr.trim().split('\n').pop()}); install python3-h5py python3-hdf5plugin`;
  return undefined;
}
const missing = h5pyMissing();

/** The file as h5py reads it, or undefined (with the reason logged) when h5py is not available. */
function h5pyDump(file: string): Record<string, DumpedObject> | undefined {
  if (missing !== undefined) {
    console.warn(`skipping the h5py comparison of ${file}: ${missing}`);
    return undefined;
  }
  const run = spawnSync(PYTHON, [join(repo, 'scripts/fixtures/io_write_dump.py'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`io_write_dump.py failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { objects: Record<string, DumpedObject> }).objects;
}

/** CRC-32 (as zlib.crc32) of a typed array's bytes (little-endian on every host we run on). */
function crc32(values: TypedArray): number {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pandaas-h5-write-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writing HDF5: groups, attributes, chunked and compressed datasets', () => {
  it('writes real detector data that h5py and h5wasm read back identically', async () => {
    // real frames: an EIGER 4M crop (uint32, gap pixels 0xFFFFFFFF) and three I13-2 projections (uint16)
    const eiger = (await readTiff(join(fixtures, 'eiger_uint32.tif'))).frames[0].data;
    const pages = (await readTiff(join(fixtures, 'savu_raw_3pages.tif'))).frames.map((f) => f.data.dataSync());
    const stack = new Uint16Array(3 * 135 * 160);
    pages.forEach((page, k) => stack.set(page, k * 135 * 160));
    const eigerValues = eiger.dataSync().slice();
    const offsetView = new Float32Array(new Float32Array([9, 1.5, -2.25, 1e-30, 7]).buffer, 4, 3); // a view not at byte 0
    const flags = array([true, false, true], { dtype: 'bool' });
    const file = join(folder, 'datasets.h5');

    await writeH5(file, async (w) => {
      w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
      w.setAttributes('/', { creator: 'pandaas test', 'file_ünicode': 'Å ångström' });
      w.setAttributes('/entry', { NX_class: 'NXentry', count: 3, big: 3e9, ratio: 0.25, nan: NaN, flag: true, ids: [1, 2, 3], names: ['a', 'bc'], f32: new Float32Array([0.5, 1.5]) });
      await w.dataset('/entry/instrument/detector/eiger', eiger, { compression: 'bitshuffle', attributes: { units: 'counts' } });
      await w.dataset('/entry/stack', stack, { shape: [3, 135, 160], compression: { filter: 'deflate', level: 6 } });
      await w.dataset('/entry/stack_lz4', stack, { shape: [3, 135, 160], chunks: [1, 64, 160], compression: 'lz4' });
      await w.dataset('/entry/stack_raw', stack, { shape: [3, 135, 160], compression: { filter: 'bitshuffle', lz4: false } });
      await w.dataset('/entry/view', offsetView);
      await w.dataset('/entry/flags', flags);
      await w.dataset('/entry/int8', new Int8Array([-128, 0, 127]));
      await w.dataset('/entry/numbers', [1, 2.5, -3], { dtype: 'float32' });
      await w.dataset('/entry/scalar', 42);
      await w.dataset('/entry/title', 'Real frames');
      await w.dataset('/entry/labels', ['x', 'yy', 'zzz']);
    });

    // h5wasm reads the values back
    const { h5 } = await loadH5wasm();
    const back = new h5.File(file, 'r');
    try {
      const value = (p: string) => (back.get(p) as InstanceType<typeof h5.Dataset>).value;
      expect(value('/entry/instrument/detector/eiger')).toEqual(eigerValues);
      expect(value('/entry/stack')).toEqual(stack);
      expect(value('/entry/stack_lz4')).toEqual(stack);
      expect(value('/entry/stack_raw')).toEqual(stack);
      expect(Array.from(value('/entry/view') as Float32Array)).toEqual([1.5, -2.25, 1e-30].map(Math.fround));
      expect(value('/entry/title')).toBe('Real frames');
    } finally {
      back.close();
    }

    const dump = h5pyDump(file);
    if (dump === undefined) return;
    const ds = (p: string) => dump[p];
    expect(Object.keys(dump).sort()).toEqual(
      ['/', '/entry', '/entry/instrument', '/entry/instrument/detector', '/entry/instrument/detector/eiger', '/entry/stack', '/entry/stack_lz4',
        '/entry/stack_raw', '/entry/view', '/entry/flags', '/entry/int8', '/entry/numbers', '/entry/scalar', '/entry/title', '/entry/labels'].sort(),
    );
    expect(dump['/'].attrs.creator.value).toBe('pandaas test');
    expect(dump['/'].attrs['file_ünicode']).toMatchObject({ value: 'Å ångström', type: { kind: 'string', encoding: 'utf-8' } });
    const attrs = dump['/entry'].attrs;
    expect(attrs.NX_class.value).toBe('NXentry');
    expect([attrs.count.type.dtype, attrs.count.shape, attrs.count.value]).toEqual(['int32', [], 3]);
    expect([attrs.big.type.dtype, attrs.big.value]).toEqual(['float64', 3e9]);
    expect([attrs.ratio.type.dtype, attrs.ratio.value]).toEqual(['float64', 0.25]);
    expect(attrs.nan.value).toBe('nan');
    expect([attrs.flag.type.dtype, attrs.flag.value]).toEqual(['uint8', 1]);
    expect([attrs.ids.type.dtype, attrs.ids.value]).toEqual(['int32', [1, 2, 3]]);
    expect([attrs.names.shape, attrs.names.value]).toEqual([[2], ['a', 'bc']]);
    expect([attrs.f32.type.dtype, attrs.f32.value]).toEqual(['float32', [0.5, 1.5]]);
    expect(dump['/entry/instrument/detector'].attrs.NX_class.value).toBe('NXdetector');

    const eigerDs = ds('/entry/instrument/detector/eiger');
    expect([eigerDs.type?.dtype, eigerDs.shape, eigerDs.chunks, eigerDs.crc32]).toEqual(['uint32', [64, 64], [64, 64], crc32(eigerValues)]);
    expect(eigerDs.filters?.['32008']?.at(-1)).toBe(2); // bitshuffle with LZ4
    expect(eigerDs.attrs.units.value).toBe('counts');
    for (const [p, id] of [['/entry/stack', '1'], ['/entry/stack_lz4', '32004'], ['/entry/stack_raw', '32008']]) {
      expect([ds(p).type?.dtype, ds(p).shape, ds(p).crc32, Object.keys(ds(p).filters ?? {})], p).toEqual(['uint16', [3, 135, 160], crc32(stack), [id]]);
    }
    expect(ds('/entry/stack').filters?.['1']).toEqual([6]);
    expect(ds('/entry/stack').chunks).toEqual([1, 135, 160]); // one frame per chunk by default
    expect(ds('/entry/stack_lz4').chunks).toEqual([1, 64, 160]);
    expect(ds('/entry/stack_raw').filters?.['32008']?.at(-1)).toBe(0); // bitshuffle without LZ4
    expect([ds('/entry/view').chunks, ds('/entry/view').filters]).toEqual([null, {}]);
    expect([ds('/entry/view').type?.dtype, ds('/entry/view').values]).toEqual(['float32', [1.5, -2.25, Math.fround(1e-30)]]);
    expect([ds('/entry/flags').type?.dtype, ds('/entry/flags').values]).toEqual(['uint8', [1, 0, 1]]);
    expect([ds('/entry/int8').type?.dtype, ds('/entry/int8').values]).toEqual(['int8', [-128, 0, 127]]);
    expect([ds('/entry/numbers').type?.dtype, ds('/entry/numbers').values]).toEqual(['float32', [1, 2.5, -3]]);
    expect([ds('/entry/scalar').type?.dtype, ds('/entry/scalar').shape, ds('/entry/scalar').values]).toEqual(['int32', [], [42]]);
    expect([ds('/entry/title').shape, ds('/entry/title').value]).toEqual([[], 'Real frames']);
    expect(ds('/entry/labels').value).toEqual(['x', 'yy', 'zzz']);
  });

  it('links one dataset into a second group (NeXus hard link with @target), and refuses a missing target', async () => {
    const file = join(folder, 'linked.h5');
    const counts = new Int32Array([3, -1, 7, 9, 0, 2]);
    await writeH5(file, async (w) => {
      await w.dataset('/entry/instrument/detector/data', counts, { shape: [2, 3] });
      w.link('/entry/data/data', '/entry/instrument/detector/data');
      expect(() => w.link('/entry/data/other', '/entry/missing')).toThrow(/\/entry\/missing.*no object there to link to/);
      expect(() => w.link('/entry/data/data', '/entry/instrument/detector/data')).toThrow(/an object exists there already/);
    });
    const { h5 } = await loadH5wasm();
    const back = new h5.File(file, 'r');
    try {
      const linked = back.get('/entry/data/data') as InstanceType<typeof h5.Dataset>;
      expect([linked.shape, linked.value]).toEqual([[2, 3], counts]);
      expect(linked.attrs.target?.value).toBe('/entry/instrument/detector/data');
    } finally {
      back.close();
    }
    const dump = h5pyDump(file);
    if (dump === undefined) return;
    expect(dump['/entry/data/data']?.values).toEqual(Array.from(counts));
  });

  it('leaves only the finished file in the folder', async () => {
    const sub = await mkdtemp(join(folder, 'clean-'));
    await writeH5(join(sub, 'one.h5'), (w) => w.group('/entry'));
    expect(await readdir(sub)).toEqual(['one.h5']);
  });
});

describe('writing NeXus groups from plain descriptions', () => {
  it('writes an NXdata group (signal, errors, axes, auxiliary signal) and the @default chain', async () => {
    // the real pyFAI cake of a Pixium frame: 36 azimuthal x 5000 radial bins
    const cake = (await readEdf(sharedData('diffraction2d/dls_pixium/integrated.edf'))).frames[0];
    const intensity = cake.data.dataSync();
    const sigma = intensity.map((v) => Math.sqrt(Math.abs(v)));
    const chi = Array.from({ length: 36 }, (_, k) => -175 + 10 * k);
    const tthMin = Number(cake.header['2th_deg_min']);
    const tthMax = Number(cake.header['2th_deg_max']);
    const tth = Float64Array.from({ length: 5000 }, (_, k) => tthMin + ((tthMax - tthMin) * k) / 4999);
    const doubled = intensity.map((v) => 2 * v);
    const file = join(folder, 'nxdata.nxs');
    await writeH5(file, async (w) => {
      w.group('/entry', { NX_class: 'NXentry' });
      await writeNxData(w, '/entry/cake', {
        signal: { name: 'I', data: cake.data, units: 'counts', longName: 'Intensity' },
        errors: array(sigma, { shape: [36, 5000] }),
        axes: [{ name: 'chi', data: chi, units: 'deg' }, { name: 'two_theta', data: tth, units: 'deg', longName: '2θ (deg)' }],
        auxiliarySignals: [{ name: 'doubled', data: array(doubled, { shape: [36, 5000] }) }],
        title: 'Pixium cake, 36 x 5000',
        interpretation: 'image',
      }, { compression: 'deflate', setDefault: true });
    });
    const dump = h5pyDump(file);
    if (dump === undefined) return;
    expect(dump['/'].attrs.default.value).toBe('entry');
    expect(dump['/entry'].attrs.default.value).toBe('cake');
    const group = dump['/entry/cake'].attrs;
    expect(Object.fromEntries(Object.entries(group).map(([k, a]) => [k, a.value]))).toEqual({
      NX_class: 'NXdata', signal: 'I', axes: ['chi', 'two_theta'], chi_indices: 0, two_theta_indices: 1, auxiliary_signals: ['doubled'],
    });
    const signal = dump['/entry/cake/I'];
    expect([signal.type?.dtype, signal.shape, signal.crc32, Object.keys(signal.filters ?? {})]).toEqual(['float32', [36, 5000], crc32(intensity), ['1']]);
    expect(Object.fromEntries(Object.entries(signal.attrs).map(([k, a]) => [k, a.value]))).toEqual({ units: 'counts', long_name: 'Intensity', interpretation: 'image' });
    expect([dump['/entry/cake/I_errors'].shape, dump['/entry/cake/I_errors'].crc32]).toEqual([[36, 5000], crc32(sigma)]);
    expect(dump['/entry/cake/doubled'].crc32).toBe(crc32(doubled));
    expect([dump['/entry/cake/chi'].type?.dtype, dump['/entry/cake/chi'].values, dump['/entry/cake/chi'].attrs.units.value]).toEqual(['float64', chi, 'deg']);
    expect([dump['/entry/cake/two_theta'].crc32, dump['/entry/cake/two_theta'].attrs.long_name.value]).toEqual([crc32(tth), '2θ (deg)']);
    expect(dump['/entry/cake/title'].value).toBe('Pixium cake, 36 x 5000');
  });

  it('writes bin-edge axes, "." for a dimension without axis, and axis errors', async () => {
    const counts = array(new Int32Array([5, 7, 9, 11, 13, 15]), { shape: [2, 3] });
    const file = join(folder, 'edges.nxs');
    await writeH5(file, (w) => writeNxData(w, '/entry/histogram', {
      signal: { name: 'counts', data: counts },
      axes: [null, { name: 'energy', data: [1, 2, 3, 4], units: 'keV', errors: [0.1, 0.1, 0.2, 0.2] }],
    }));
    const dump = h5pyDump(file);
    if (dump === undefined) return;
    expect(dump['/entry/histogram'].attrs.axes.value).toEqual(['.', 'energy']);
    expect(dump['/entry/histogram'].attrs.energy_indices.value).toBe(1);
    expect(dump['/entry/histogram/energy'].values).toEqual([1, 2, 3, 4]);
    expect(dump['/entry/histogram/energy_errors'].values).toEqual([0.1, 0.1, 0.2, 0.2]);
    expect([dump['/entry/histogram/counts'].type?.dtype, dump['/entry/histogram/counts'].values]).toEqual(['int32', [5, 7, 9, 11, 13, 15]]);
    expect(dump['/entry'].attrs).toEqual({}); // no @default unless asked
  });

  it('writes an NXprocess group: program, version, date, sequence index, parameters and a note', async () => {
    const file = join(folder, 'process.nxs');
    await writeH5(file, (w) => writeNxProcess(w, '/entry/process', {
      program: 'pandaas integrate',
      version: '0.1.0',
      date: new Date(Date.UTC(2024, 5, 1, 12, 30, 0)),
      sequenceIndex: 2,
      parameters: {
        npt: 5000,
        unit: '2th_deg',
        correct_solid_angle: true,
        polarization_factor: 0.99,
        azimuth_range: [-180, 180],
        wavelength: { value: 1.393e-11, units: 'm' },
        poni: { dist: { value: 1.19389178917929, units: 'm' }, detector: 'Pixium' },
      },
      note: 'integrate1d of pixium_03150.tif',
    }));
    const dump = h5pyDump(file);
    if (dump === undefined) return;
    const text = (p: string) => dump[`/entry/process/${p}`].value;
    expect(dump['/entry/process'].attrs.NX_class.value).toBe('NXprocess');
    expect([text('program'), text('version'), text('date')]).toEqual(['pandaas integrate', '0.1.0', '2024-06-01T12:30:00.000Z']);
    expect(dump['/entry/process/sequence_index'].values).toEqual([2]);
    expect(dump['/entry/process/parameters'].attrs.NX_class.value).toBe('NXparameters');
    const p = (name: string) => dump[`/entry/process/parameters/${name}`];
    expect([p('npt').type?.dtype, p('npt').values]).toEqual(['int32', [5000]]);
    expect(p('unit').value).toBe('2th_deg');
    expect([p('correct_solid_angle').type?.dtype, p('correct_solid_angle').values]).toEqual(['uint8', [1]]);
    expect([p('polarization_factor').type?.dtype, p('polarization_factor').values]).toEqual(['float64', [0.99]]);
    expect(p('azimuth_range').values).toEqual([-180, 180]);
    expect([p('wavelength').values, p('wavelength').attrs.units.value]).toEqual([[1.393e-11], 'm']);
    expect(p('poni').attrs.NX_class.value).toBe('NXcollection');
    expect([p('poni/dist').values, p('poni/dist').attrs.units.value, p('poni/detector').value]).toEqual([[1.19389178917929], 'm', 'Pixium']);
    expect(dump['/entry/process/notes'].attrs.NX_class.value).toBe('NXnote');
    expect([text('notes/type'), text('notes/data')]).toEqual(['text/plain', 'integrate1d of pixium_03150.tif']);
  });
});
