/**
 * The FBP fixtures of scripts/fixtures/tomo/fbp.py (scikit-image 0.19), for the tests.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '__fixtures__', 'fbp');

/** A stored float32 array: its file and shape (and, for reconstructions, its range). */
export interface StoredArray {
  readonly file: string;
  readonly shape: number[];
  readonly min?: number;
  readonly max?: number;
}

/** The contents of fbp.json. */
export interface FbpFixture {
  readonly skimage: string;
  /** `_get_fourier_filter(P, name)` by P ('64', '128') and name. */
  readonly filters: Record<string, Record<string, number[]>>;
  readonly phantom: {
    readonly theta_degrees: number[];
    readonly image: StoredArray;
    /** `[angles, detector]`. */
    readonly sinogram: StoredArray;
    readonly iradon: Record<string, StoredArray>;
    /** Edge padding, on the sinogram truncated to `truncated.width` pixels from `truncated.first`. */
    readonly edge: Record<string, StoredArray>;
    readonly truncated: { readonly first: number; readonly width: number; readonly zero_ramp: StoredArray };
  };
  readonly tooth: {
    readonly row: number;
    readonly center: number;
    readonly size: number;
    readonly theta_degrees: number[];
    readonly sinogram_checks: { readonly sum: number; readonly first_row: number[] };
    readonly iradon: StoredArray;
  };
}

/**
 * fbp.json, parsed.
 *
 * @example
 * ```ts
 * const { phantom } = fbpFixture();
 * ```
 */
export function fbpFixture(): FbpFixture {
  return JSON.parse(readFileSync(join(folder, 'fbp.json'), 'utf8')) as FbpFixture;
}

/**
 * The values of a stored array.
 *
 * @example
 * ```ts
 * const sinogram = readStored(fbpFixture().phantom.sinogram);
 * ```
 */
export function readStored(stored: StoredArray): Float32Array {
  const bytes = gunzipSync(readFileSync(join(folder, stored.file)));
  const values = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/**
 * max |a − b| over the elements.
 *
 * @example
 * ```ts
 * maxAbsDiff(ours, reference); // 3e-7
 * ```
 */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/**
 * Degrees to radians, element by element.
 *
 * @example
 * ```ts
 * radians([0, 90]); // [0, 1.5707963267948966]
 * ```
 */
export function radians(degrees: readonly number[]): number[] {
  return degrees.map((d) => d * (Math.PI / 180)); // numpy deg2rad
}
