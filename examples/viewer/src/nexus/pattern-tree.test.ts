import { AzimuthalIntegrator, type Integrate1dResult } from '@pandaas/integrate';
import { findDefaultNxData, loadH5wasm, openH5, readNxData, writeH5, writeNxData, writeNxProcess, type H5File, type NxData } from '@pandaas/io-nexus';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTreeBytes } from '../worker/write-tree.js';
import { PATTERN_PATH, patternTree, PROCESS_PATH } from './pattern-tree.js';

// The download path without a browser: a real LaB6 frame integrated in Node, described by
// patternTree, written by writeTreeBytes (the worker's h5wasm code, here on Node's h5wasm), and
// read back with io-nexus; the NXdata it holds must resolve exactly as the one io-nexus' own
// writer (writeNxData + writeNxProcess, Node only) makes of the same result.

const DATA = fileURLToPath(new URL('../../../data/ssrl-lab6/', import.meta.url));
const SOURCE = { file: 'lab6_tth_scan.nxs', dataset: '/entry/data/data', frame: [1], poniFile: 'lab6_0032.poni', maskedPixels: 0 };

let scratch: string;
let result: Integrate1dResult;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pandaas-viewer-tree-'));
  const file = await openH5(join(DATA, 'lab6_tth_scan.nxs'));
  const frame = await (await file.dataset('/entry/data/data')).read([1]);
  await file.close();
  const ai = AzimuthalIntegrator.fromPoni(readFileSync(join(DATA, 'lab6_0032.poni'), 'utf8'), 'lab6_0032.poni');
  result = await ai.integrate1d(frame, { npt: 300, unit: '2th_deg', errorModel: 'poisson' });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes the pattern with the viewer's path and opens it. */
async function writtenByViewer(name: string): Promise<H5File> {
  const path = join(scratch, name);
  const bytes = writeTreeBytes(await loadH5wasm(), patternTree(result, SOURCE, new Date('2026-01-02T03:04:05Z')), join(scratch, `${name}.scratch`));
  expect(existsSync(join(scratch, `${name}.scratch`))).toBe(false); // the scratch file is gone
  writeFileSync(path, bytes);
  return openH5(path);
}

/** What readNxData resolves, with the values read. */
async function resolved(nx: NxData) {
  return {
    valid: nx.valid,
    problems: nx.problems,
    interpretation: nx.interpretation,
    title: nx.title,
    signal: { name: nx.signal?.name, units: nx.signal?.units, longName: nx.signal?.longName, values: Array.from((await nx.signal!.dataset.read()).dataSync()) },
    errors: Array.from((await nx.signal!.errors!.read()).dataSync()),
    axes: await Promise.all(nx.axes.map(async (a) => ({ name: a?.name, units: a?.units, longName: a?.longName, dims: a?.dims, values: Array.from((await a!.dataset.read()).dataSync()) }))),
  };
}

describe('patternTree written by writeTreeBytes', () => {
  it('is the default plot of the file, holding the result exactly, as io-nexus writes it', async () => {
    const file = await writtenByViewer('viewer.nxs');
    const reference = join(scratch, 'io-nexus.nxs');
    await writeH5(reference, async (w) => {
      w.group('/entry', { NX_class: 'NXentry' });
      await writeNxData(w, PATTERN_PATH, result.toNxData(), { setDefault: true });
      await writeNxProcess(w, PROCESS_PATH, result.toNxProcess());
    });
    const theirs = await openH5(reference);
    try {
      const found = await findDefaultNxData(file);
      expect(found.chain).toEqual(['/', '/entry', PATTERN_PATH]);
      const ours = await resolved(found.nxdata!);
      expect(ours).toEqual(await resolved(await readNxData(await theirs.group(PATTERN_PATH))));
      expect(ours.signal.values).toEqual(Array.from(result.intensity));
      expect(ours.errors).toEqual(Array.from(result.sigma!));
      expect(ours.axes[0].values).toEqual(Array.from(result.radial));
      expect(ours.axes[0].units).toBe('deg');
    } finally {
      await file.close();
      await theirs.close();
    }
  });

  it('records the process: program, version, date, the integration parameters and the source', async () => {
    const file = await writtenByViewer('process.nxs');
    try {
      expect(await (await file.group(PROCESS_PATH)).nxClass()).toBe('NXprocess');
      expect(await (await file.group(`${PROCESS_PATH}/parameters`)).nxClass()).toBe('NXparameters');
      const value = async (path: string) => (await file.dataset(path)).readValue();
      expect(await value(`${PROCESS_PATH}/program`)).toBe('pandaas');
      expect(await value(`${PROCESS_PATH}/date`)).toBe('2026-01-02T03:04:05.000Z');
      const parameters = await (await file.group(`${PROCESS_PATH}/parameters`)).keys();
      expect(parameters.sort()).toEqual(
        [...Object.keys(result.toNxProcess().parameters), 'source_file', 'source_dataset', 'source_frame', 'poni_file', 'masked_negative_pixels'].sort(),
      );
      expect(await value(`${PROCESS_PATH}/parameters/npt`)).toBe(300);
      expect(await value(`${PROCESS_PATH}/parameters/poni`)).toBe(result.poni);
      expect(await value(`${PROCESS_PATH}/parameters/source_frame`)).toBe('1');
      expect(await value('/entry/title')).toBe('Azimuthal integration of lab6_tth_scan.nxs /entry/data/data frame [1]');
    } finally {
      await file.close();
    }
  });
});

describe('writeTreeBytes', () => {
  it('writes int32 and text values and attributes, lists of texts included', async () => {
    const path = join(scratch, 'types.h5');
    const bytes = writeTreeBytes(
      await loadH5wasm(),
      {
        groups: [{ path: '/', attributes: { names: ['a', 'bc'], big: 2 ** 40, small: -3 } }, { path: '/g' }],
        datasets: [{ path: '/g/i', value: new Int32Array([1, -2, 3]).subarray(1), attributes: { units: 'counts' } }, { path: '/g/pi', value: 3.25 }],
      },
      join(scratch, 'types.scratch'),
    );
    writeFileSync(path, bytes);
    const file = await openH5(path);
    try {
      expect(await (await file.group('/')).attrs()).toEqual({ names: ['a', 'bc'], big: 2 ** 40, small: -3 });
      const ints = await file.dataset('/g/i');
      expect(ints.dtype).toBe('int32');
      expect(Array.from((await ints.read()).dataSync())).toEqual([-2, 3]);
      expect(await ints.attrs()).toEqual({ units: 'counts' });
      expect(await (await file.dataset('/g/pi')).readValue()).toBe(3.25);
    } finally {
      await file.close();
    }
  });

  it('refuses a dataset in a group not made before it, and leaves no scratch file', async () => {
    const scratchPath = join(scratch, 'orphan.scratch');
    const rt = await loadH5wasm();
    expect(() => writeTreeBytes(rt, { groups: [], datasets: [{ path: '/missing/x', value: 1 }] }, scratchPath)).toThrow('no group /missing was made before the objects inside it');
    expect(existsSync(scratchPath)).toBe(false);
  });
});
