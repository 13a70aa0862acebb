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
  for (let folder = dirname(from); ; folder = dirname(folder)) {
    const candidate = join(folder, DEMO_DATA);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
