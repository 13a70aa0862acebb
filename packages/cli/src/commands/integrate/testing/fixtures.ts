// What the tests of `pandaas integrate` share: the example data, temporary folders, and the
// result file read back. Tests only.
import type { NdArray } from '@pandaas/core';
import { openH5 } from '@pandaas/io-nexus';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTemporaryFolder } from '../../../testing/folders.js';

export { partialsIn, removeFolder } from '../../../testing/folders.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The LaB6 scan of examples/data/ssrl-lab6 (3 PILATUS 300K-W frames) and each frame's PONI file. */
export const LAB6 = {
  scan: join(here, '..', '..', '..', '..', '..', '..', 'examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs'),
  ponis: ['lab6_0009.poni', 'lab6_0032.poni', 'lab6_0050.poni'].map((name) => join(here, '..', '..', '..', '..', '..', '..', 'examples', 'data', 'ssrl-lab6', name)),
  shape: [195, 1475] as const,
};

/** A new temporary folder for these tests (removed by `removeFolder`). */
export function temporaryFolder(): string {
  return makeTemporaryFolder('pandaas-integrate-test-');
}

/** The frame `k` of the LaB6 scan, as the library gets it. */
export async function lab6Frame(k: number): Promise<NdArray> {
  const file = await openH5(LAB6.scan);
  try {
    return await (await file.dataset('/entry/data/data')).read([k]);
  } finally {
    await file.close();
  }
}

/** A result file read back: the NXdata's datasets (by name) with their attributes, and the NXprocess parameters. */
export interface ResultFile {
  readonly fields: Record<string, { values: number[]; shape: readonly number[]; attrs: Record<string, unknown> }>;
  readonly nxdataAttrs: Record<string, unknown>;
  readonly parameters: Record<string, unknown>;
  readonly program: unknown;
  readonly defaults: unknown[];
}

/** Reads what `pandaas integrate` wrote at `path` (NXdata /entry/integrate/result). */
export async function readResultFile(path: string): Promise<ResultFile> {
  const file = await openH5(path);
  try {
    const group = await file.group('/entry/integrate/result');
    const fields: ResultFile['fields'] = {};
    for (const name of await group.keys()) {
      if (name === 'title') continue;
      const dataset = await file.dataset(`/entry/integrate/result/${name}`);
      const array = await dataset.read();
      fields[name] = { values: Array.from(array.dataSync() as ArrayLike<number>), shape: array.shape, attrs: await dataset.attrs() };
    }
    const parameters: Record<string, unknown> = {};
    for (const name of await (await file.group('/entry/integrate/parameters')).keys()) {
      parameters[name] = await (await file.dataset(`/entry/integrate/parameters/${name}`)).readValue();
    }
    const defaults = await Promise.all(['/', '/entry', '/entry/integrate'].map(async (p) => (await file.group(p)).attr('default')));
    return {
      fields,
      nxdataAttrs: await group.attrs(),
      parameters,
      program: await (await file.dataset('/entry/integrate/program')).readValue(),
      defaults,
    };
  } finally {
    await file.close();
  }
}
