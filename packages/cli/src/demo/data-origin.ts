/**
 * The demo's bundled data: where the scan lies in the repository, where it comes from, and its
 * licence (examples/data/README.md).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The scan's path inside the repository. */
export const DEMO_DATA = join('examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs');

/** Where the bundled scan comes from and under which terms. */
export const DEMO_DATA_ORIGIN = {
  description: 'Three frames of a θ-2θ scan of the LaB6 calibrant (NIST SRM 660c) on a PILATUS 300K-W at SSRL beamline 7-2, recorded by N. Geise in March 2018',
  source: 'https://github.com/julienbarrier/ssrl-pyfai-basics (data/tth/, commit 771a3ae9f3b370ada2ad97dc644424c114e5cffc)',
  licence: 'Apache License 2.0',
  licenceUrl: 'https://www.apache.org/licenses/LICENSE-2.0',
  copyright: 'the authors of ssrl-pyfai-basics; NeXus packaging by pandaas (2026)',
} as const;

/**
 * The bundled scan, found by walking up from this module to the repository root (the same from
 * the sources and from a build), or undefined when this installation does not hold it (an
 * installed package has no examples).
 *
 * @example
 * ```ts
 * const input = findDemoData() ?? (await askForInput());
 * ```
 */
export function findDemoData(from: string = fileURLToPath(import.meta.url)): string | undefined {
  return findBundled(DEMO_DATA, from);
}

/**
 * The tooth scan's path inside the repository (the demo's tomography step).
 *
 * @example
 * ```ts
 * TOOTH_DATA; // 'examples/data/tooth/tooth_nxtomo.nxs'
 * ```
 */
export const TOOTH_DATA = join('examples', 'data', 'tooth', 'tooth_nxtomo.nxs');

/**
 * Where the bundled tooth scan comes from and under which terms.
 *
 * @example
 * ```ts
 * TOOTH_DATA_ORIGIN.licence; // 'BSD-3-Clause-style licence of TomoPy (...)'
 * ```
 */
export const TOOTH_DATA_ORIGIN = {
  description: 'X-ray micro-CT projections of a tooth (2 detector rows of 640 pixels, 181 angles over 180°, 10 flats, 10 darks), TomoPy\'s sample data, converted from APS Data Exchange to NXtomo',
  source: 'https://github.com/tomopy/tomopy (source/tomopy/data/tooth.h5, commit 2c94ed18a06f7908b018c6f8e43d320f8a8488f2)',
  licence: 'BSD-3-Clause-style licence of TomoPy (examples/data/tooth/LICENSE-tomopy.txt)',
  licenceUrl: 'https://github.com/tomopy/tomopy/blob/master/LICENSE.txt',
  copyright: 'UChicago Argonne, LLC; NXtomo packaging by pandaas (2026)',
} as const;

/**
 * The bundled tooth scan (NXtomo), found as {@link findDemoData} finds the LaB6 scan, or
 * undefined when this installation does not hold it.
 *
 * @example
 * ```ts
 * const tooth = findToothData(); // .../examples/data/tooth/tooth_nxtomo.nxs
 * ```
 */
export function findToothData(from: string = fileURLToPath(import.meta.url)): string | undefined {
  return findBundled(TOOTH_DATA, from);
}

/** `relative` in the first folder above `from` that holds it. */
function findBundled(relative: string, from: string): string | undefined {
  for (let folder = dirname(from); ; folder = dirname(folder)) {
    const candidate = join(folder, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
