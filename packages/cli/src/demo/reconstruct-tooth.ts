/**
 * The demo's tomography step: the bundled tooth scan (NXtomo) reconstructed by @pandaas/tomo,
 * the rotation axis found by Vo's method, both detector rows by filtered backprojection.
 *
 * @module
 */
import { reconstructVolume, type TomoBackend } from '@pandaas/tomo';
import { openTomoInput } from '../commands/recon/tomo-input.js';

/**
 * The axis position tomopy's tutorial finds on this scan (pixels).
 *
 * @example
 * ```ts
 * Math.abs(tooth.center - TOMOPY_CENTER); // 0.13
 * ```
 */
export const TOMOPY_CENTER = 296;

/**
 * What the tomography step made.
 *
 * @example
 * ```ts
 * const { center, slices, seconds } = await reconstructTooth(path, 'cpu');
 * ```
 */
export interface ToothReconstruction {
  readonly file: string;
  readonly projections: number;
  readonly detector: readonly [number, number];
  /** The axis found (pixels on the detector row). */
  readonly center: number;
  readonly slices: number;
  /** Each slice is size × size. */
  readonly size: number;
  /** The image pixel the axis passes through. */
  readonly imageCenter: number;
  readonly filter: 'ramp';
  readonly backend: TomoBackend;
  /** Slice 0 (detector row 0), row-major, 1/pixel. */
  readonly slice0: Float32Array;
  /** From reading the file to the last slice. */
  readonly seconds: number;
}

/**
 * Reads the NXtomo scan at `path` (flats and darks reduced to their means), finds the axis on
 * its middle row and reconstructs every row (ramp filter, 1/pixel).
 *
 * @example
 * ```ts
 * const tooth = await reconstructTooth(findToothData()!, 'cpu');
 * tooth.center; // 295.87
 * ```
 */
export async function reconstructTooth(path: string, backend: TomoBackend, signal?: AbortSignal): Promise<ToothReconstruction> {
  const start = performance.now();
  const scan = await openTomoInput(path);
  try {
    const slices: Float32Array[] = [];
    const result = await reconstructVolume([await scan.readRows(0, scan.rows)], {
      angles: Float64Array.from(scan.degrees, (d) => (d * Math.PI) / 180),
      flats: scan.flats,
      darks: scan.darks,
      indices: scan.indices,
      center: 'auto',
      backend,
      ...(signal === undefined ? {} : { signal }),
    }, (slab) => void slices.push(slab.images.dataSync() as Float32Array));
    const plane = result.size * result.size;
    return {
      file: path,
      projections: scan.nAngles,
      detector: [scan.rows, scan.nDet],
      center: result.center,
      slices: result.slices,
      size: result.size,
      imageCenter: result.geometry.imageCenter,
      filter: 'ramp',
      backend,
      slice0: slices[0]!.slice(0, plane),
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    await scan.close();
  }
}
