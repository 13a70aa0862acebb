/**
 * Steps 1 to 4 of the demo: read the scan, integrate each frame, fit the peaks of each pattern,
 * and set them beside LaB6's rings.
 *
 * @module
 */
import type { Calibrant, EngineBackend } from '@pandaas/integrate';
import { InterruptedError } from '../framework/cli-error.js';
import { calibrantRings, demoCalibrant, matchRing, type PeakMatch, type Ring } from './compare.js';
import { fitPeaks, patternPoints, type FittedPeak, type PatternPoints } from './fit-peaks.js';
import { integrateFrame, type FramePattern } from './integrate-frame.js';
import { readScan, type Scan } from './scan.js';
import type { Steps } from './steps.js';

/** What the demo found in one frame. */
export interface FrameAnalysis {
  readonly pattern: FramePattern;
  /** The pattern's non-empty bins, as fitted. */
  readonly points: PatternPoints;
  readonly peaks: readonly FittedPeak[];
  /** The ring nearest each peak, in the order of `peaks`. */
  readonly matches: readonly PeakMatch[];
}

/** What the demo found in the scan. */
export interface DemoAnalysis {
  readonly scan: Scan;
  readonly calibrant: Calibrant;
  /** Every ring of the calibrant the wavelength reaches. */
  readonly rings: readonly Ring[];
  readonly frames: readonly FrameAnalysis[];
  /** Where the integration ran. */
  readonly backend: EngineBackend;
}

/**
 * Runs steps 1-4 on the scan at `input`, each timed by `steps`.
 *
 * @example
 * ```ts
 * const analysis = await analyseScan('lab6_tth_scan.nxs', 'cpu', new Steps(process.stderr));
 * analysis.frames[1].matches[0].ring.hkl; // '210'
 * ```
 */
export async function analyseScan(input: string, backend: EngineBackend, steps: Steps, signal?: AbortSignal): Promise<DemoAnalysis> {
  const scan = await steps.run('read', 'frames, arm positions, wavelength and goniometer model', () => readScan(input, signal));
  const checkAbort = () => {
    if (signal?.aborted) throw new InterruptedError();
  };
  const patterns = await steps.run('integrate', `${scan.frames.length} frames to 1D patterns in 2θ (${backend})`, async () => {
    const out: FramePattern[] = [];
    for (const frame of scan.frames) {
      checkAbort();
      out.push(await integrateFrame(frame, backend));
    }
    return out;
  });
  const fitted = await steps.run('fit', 'peak search and pseudo-Voigt fits', () =>
    patterns.map((pattern) => {
      checkAbort();
      const { radial, intensity, sigma } = pattern.result;
      const points = patternPoints(radial, intensity, sigma!);
      return { pattern, points, peaks: fitPeaks(points) };
    }),
  );
  const calibrant = demoCalibrant();
  const { rings, frames } = await steps.run('compare', `fitted peaks against ${calibrant.name} (${calibrant.reference})`, () => {
    const rings = calibrantRings(calibrant, scan.wavelength);
    const frames = fitted.map((f) => ({ ...f, matches: f.peaks.map((peak) => matchRing(peak.position, rings, scan.wavelength)) }));
    return { rings, frames };
  });
  return { scan, calibrant, rings, frames, backend };
}
