// Reads what a catalogue entry needs from the NXentry of a NeXus file: title, times, proposal,
// definition, instrument and sample names, chemical formula, and the numeric scalars with units
// (NXdata groups left out: they link fields found elsewhere).
import type { NexusEntryMetadata, NexusQuantity } from '@pandaas/catalog-client';
import { findEntry, H5Dataset, H5Group, openH5, type H5Value } from '@pandaas/io-nexus';

function scalarNumber(value: H5Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && (value as ArrayLike<unknown>).length === 1) {
    const first = (value as unknown as ArrayLike<number | bigint>)[0];
    return first === undefined ? undefined : Number(first);
  }
  return undefined;
}

async function textOf(group: H5Group, name: string): Promise<string | undefined> {
  if (!(await group.has(name))) return undefined;
  const node = await group.get(name);
  if (!(node instanceof H5Dataset)) return undefined;
  const value = await node.readValue();
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text : undefined;
}

async function childOfClass(group: H5Group, nxClass: string): Promise<H5Group | undefined> {
  for (const name of await group.keys()) {
    const node = await group.get(name);
    if (node instanceof H5Group && (await node.nxClass()) === nxClass) return node;
  }
  return undefined;
}

async function collectQuantities(group: H5Group, prefix: string, out: Record<string, NexusQuantity>, depth: number): Promise<void> {
  if (depth > 6) return;
  for (const name of await group.keys()) {
    const node = await group.get(name);
    if (node instanceof H5Group) {
      if ((await node.nxClass()) !== 'NXdata') await collectQuantities(node, `${prefix}${name}/`, out, depth + 1);
    } else if (node instanceof H5Dataset) {
      const size = (node.shape ?? []).reduce((a, b) => a * b, 1);
      const units = await node.attr('units');
      if (size !== 1 || typeof units !== 'string' || node.dtype === undefined) continue;
      const value = scalarNumber(await node.readValue());
      if (value !== undefined && Number.isFinite(value)) out[`${prefix}${name}`] = { value, unit: units };
    }
  }
}

/**
 * Reads the NXentry at `entryPath` (default: the file's default entry) of `file`.
 *
 * @example
 * ```ts
 * const meta = await readNexusEntry('examples/data/ssrl-lab6/lab6_tth_scan.nxs');
 * meta.parameters?.['instrument/monochromator/wavelength']; // { value: 0.8856..., unit: 'angstrom' }
 * ```
 */
export async function readNexusEntry(file: string, entryPath?: string): Promise<NexusEntryMetadata> {
  const h5 = await openH5(file);
  try {
    const entry = await findEntry(h5, entryPath);
    const instrument = await childOfClass(entry, 'NXinstrument');
    const sample = await childOfClass(entry, 'NXsample');
    const parameters: Record<string, NexusQuantity> = {};
    await collectQuantities(entry, '', parameters, 0);
    const fields: Record<string, string | undefined> = {
      title: await textOf(entry, 'title'),
      startTime: await textOf(entry, 'start_time'),
      endTime: await textOf(entry, 'end_time'),
      experimentIdentifier: await textOf(entry, 'experiment_identifier'),
      definition: await textOf(entry, 'definition'),
      instrumentName: instrument ? await textOf(instrument, 'name') : undefined,
      sampleName: sample ? await textOf(sample, 'name') : undefined,
      chemicalFormula: sample ? await textOf(sample, 'chemical_formula') : undefined,
    };
    const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return { ...present, parameters };
  } finally {
    await h5.close();
  }
}
