import { createH5, writeNxProcess, type H5Writer, type NxProcessDescription } from '@pandaas/io-nexus';
import type { NdArray } from '@pandaas/core';

/**
 * Where the volume is in the NeXus file: the NXdata inside the NXprocess inside the NXentry.
 *
 * @example
 * ```ts
 * const volume = await (await openH5('volume.nxs')).dataset(`${RECON_PATHS.nxdata}/volume`);
 * ```
 */
export const RECON_PATHS = Object.freeze({ entry: '/entry', process: '/entry/recon', nxdata: '/entry/recon/volume' });

/**
 * The volume's layout: its slices (detector rows `rowStart` on), their side, where the axis
 * passes through the image, and the pixel size when known.
 *
 * @example
 * ```ts
 * const layout: VolumeLayout = { slices: 2, size: 452, rowStart: 0, imageCenter: 225.5 };
 * ```
 */
export interface VolumeLayout {
  readonly slices: number;
  readonly size: number;
  readonly rowStart: number;
  /** The image pixel (row and column) the rotation axis passes through. */
  readonly imageCenter: number;
  /** Metres, when known: the axes are then also given in metres. */
  readonly pixelSize?: number;
}

/**
 * The NeXus file of a reconstruction, written as the slices come: an NXentry holding an
 * NXprocess (program, version, every option, the centre used) holding the NXdata `volume`
 * `[slices, size, size]` float32 in 1/pixel, created chunked (one slice per chunk) and filled
 * slab by slab, so that memory holds one slab whatever the volume's size. `@default` leads from
 * the root to it. {@link VolumeFile.finish} writes the rest and moves the file into place;
 * {@link VolumeFile.abort} leaves nothing.
 *
 * @example
 * ```ts
 * const file = await VolumeFile.create('volume.nxs', { slices: 2, size: 452, rowStart: 0, imageCenter: 225.5 });
 * await file.write(0, images);
 * await file.finish({ program: '@pandaas/tomo', version: '0.1.0', parameters: { center: 296 } }, 'pandaas recon tooth.h5');
 * ```
 */
export class VolumeFile {
  readonly #writer: H5Writer;
  readonly #layout: VolumeLayout;

  private constructor(writer: H5Writer, layout: VolumeLayout) {
    this.#writer = writer;
    this.#layout = layout;
  }

  /** Starts the file at `path` (a temporary file beside it until {@link finish}) and creates the empty volume. */
  static async create(path: string, layout: VolumeLayout): Promise<VolumeFile> {
    const writer = await createH5(path, { overwrite: true });
    try {
      const { slices, size } = layout;
      writer.setAttributes('/', { default: 'entry' });
      writer.group(RECON_PATHS.entry, { NX_class: 'NXentry', default: 'recon' });
      writer.group(RECON_PATHS.process, { NX_class: 'NXprocess', default: 'volume' });
      writer.group(RECON_PATHS.nxdata, { NX_class: 'NXdata', signal: 'volume', axes: ['row', 'y', 'x'], row_indices: 0, y_indices: 1, x_indices: 2 });
      writer.createDataset(`${RECON_PATHS.nxdata}/volume`, {
        shape: [slices, size, size],
        dtype: 'float32',
        chunks: [1, size, size],
        attributes: { units: '1/pixel', long_name: 'linear attenuation coefficient (1/pixel)', interpretation: 'image' },
      });
      return new VolumeFile(writer, layout);
    } catch (err) {
      await writer.abort();
      throw err;
    }
  }

  /** Writes the slices `images` `[n, size, size]` from slice `index` on. */
  async write(index: number, images: NdArray): Promise<void> {
    await this.#writer.writeSlab(`${RECON_PATHS.nxdata}/volume`, [index, 0, 0], images);
  }

  /** Writes the axes, the entry's title and the NXprocess, then moves the file into place. */
  async finish(process: NxProcessDescription, title: string): Promise<void> {
    const w = this.#writer;
    const { slices, size, rowStart, imageCenter, pixelSize } = this.#layout;
    const group = RECON_PATHS.nxdata;
    const rows = Float64Array.from({ length: slices }, (_, k) => rowStart + k);
    const offsets = Float64Array.from({ length: size }, (_, i) => i - imageCenter);
    await w.dataset(`${group}/row`, rows, { attributes: { units: 'pixel', long_name: 'detector row (pixels)' } });
    await w.dataset(`${group}/y`, offsets, { attributes: { units: 'pixel', long_name: 'y from the rotation axis (pixels)' } });
    await w.dataset(`${group}/x`, offsets, { attributes: { units: 'pixel', long_name: 'x from the rotation axis (pixels)' } });
    if (pixelSize !== undefined) {
      const metres = (values: Float64Array) => values.map((v) => v * pixelSize);
      await w.dataset(`${group}/row_m`, metres(rows), { attributes: { units: 'm', long_name: 'height on the detector (m)' } });
      await w.dataset(`${group}/y_m`, metres(offsets), { attributes: { units: 'm', long_name: 'y from the rotation axis (m)' } });
      await w.dataset(`${group}/x_m`, metres(offsets), { attributes: { units: 'm', long_name: 'x from the rotation axis (m)' } });
      await w.dataset(`${group}/pixel_size`, pixelSize, { dtype: 'float64', attributes: { units: 'm', long_name: 'the volume divided by it is in 1/m' } });
      w.setAttributes(group, { row_m_indices: 0, y_m_indices: 1, x_m_indices: 2 });
    }
    await w.dataset(`${group}/title`, title);
    await w.dataset(`${RECON_PATHS.entry}/title`, title);
    await writeNxProcess(w, RECON_PATHS.process, process);
    await w.commit();
  }

  /** Deletes what was written. */
  abort(): Promise<void> {
    return this.#writer.abort();
  }
}
