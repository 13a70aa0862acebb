import type { NdArray } from '@pandaas/core';
import type { NxData, NxDataField } from '@pandaas/io-nexus';
import type { NxDataValues, NxFieldValues } from '@pandaas/plot';
import { pickFrame, type FramePick } from './frames.js';

/** One frame of an NXdata group, read: what `plotNxdata` takes, and which frame it is. */
export interface NxdataFrame {
  readonly values: NxDataValues;
  /** A curve (rank 1, or `@interpretation="spectrum"`) or an image. */
  readonly kind: 'line' | 'image';
  readonly pick: FramePick;
}

/**
 * Reads frame `frame` of an NXdata group resolved by io-nexus's `readNxData`: the signal's last
 * dimension for a curve (rank 1 or `spectrum`), its last two for an image, at the frame's
 * indices along the dimensions before (kept as dimensions of length 1, so that the axes keep
 * their numbers), with its errors, auxiliary signals and axes. Only that frame is read from the
 * file, so a stack of any size plots in the memory of one frame, and `plotNxdata` gives the
 * figure it gives for the whole group with `options.frame`.
 *
 * @example
 * ```ts
 * const { values } = await readNxdataFrame(nxdata, 2, 'scan.nxs::/entry/data');
 * const fig = plotNxdata(values);
 * ```
 */
export async function readNxdataFrame(nx: NxData & { signal: NxDataField }, frame: number, label: string): Promise<NxdataFrame> {
  const shape = nx.signal.dataset.shape ?? [];
  const rank = shape.length;
  const kind = rank === 1 || nx.interpretation === 'spectrum' ? 'line' : 'image';
  const pick = pickFrame(shape, kind === 'line' ? 1 : 2, frame, label);
  const selection = pick.indices.map((i) => [i, i + 1] as [number, number]);
  const at = async (field: NxDataField, slab: readonly [number, number][]): Promise<NxFieldValues & { values: NdArray }> => ({
    values: await field.dataset.read(slab, { backend: 'cpu' }),
    name: field.name,
    ...(field.units === undefined ? {} : { units: field.units }),
    ...(field.longName === undefined ? {} : { longName: field.longName }),
  });
  const axes: (NxFieldValues | undefined)[] = [];
  for (let dim = 0; dim < rank; dim++) {
    const axis = nx.axes[dim];
    // plotNxdata uses an axis of the plotted dimensions that has one dimension longer than 1;
    // the others (the stack's axes, an axis spanning several dimensions) need not be read
    const used = dim >= pick.indices.length && axis !== undefined && (axis.dataset.shape ?? []).filter((n) => n !== 1).length <= 1;
    axes.push(used ? await at(axis, []) : undefined);
  }
  const values: NxDataValues = {
    signal: await at(nx.signal, selection),
    axes,
    ...(nx.signal.errors === undefined ? {} : { errors: await nx.signal.errors.read(selection, { backend: 'cpu' }) }),
    auxiliarySignals: kind === 'line' ? await Promise.all(nx.auxiliarySignals.map((aux) => at(aux, selection))) : [],
    ...(nx.interpretation === undefined ? {} : { interpretation: nx.interpretation }),
    ...(nx.title === undefined ? {} : { title: nx.title }),
  };
  return { values, kind, pick };
}
