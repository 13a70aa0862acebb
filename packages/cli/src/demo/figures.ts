/**
 * Step 5a of the demo: every figure rendered to PNG bytes (written with the other outputs).
 *
 * @module
 */
import { renderPng } from '@pandaas/plot';
import { InterruptedError } from '../framework/cli-error.js';
import type { DemoAnalysis } from './analysis.js';
import { slicePng } from '../commands/recon/slice-plot.js';
import { frameFigure, patternFigure, peakFigure, ringsWithin } from './plots.js';
import type { ToothReconstruction } from './reconstruct-tooth.js';

/** A file of the demo's output folder: its name there, what it holds, and (for pictures) its bytes. */
export interface OutputFile {
  readonly name: string;
  readonly description: string;
}

/** A rendered picture. */
export interface RenderedFigure extends OutputFile {
  readonly kind: 'frame' | 'pattern' | 'peak' | 'reconstruction';
  /** The frame it shows (`'tooth'` for the reconstruction). */
  readonly frame: string;
  readonly png: Uint8Array;
}

/**
 * The name of the close-up of peak `k` (from 1) of frame `label`.
 *
 * @example
 * ```ts
 * peakFigureName('0032', 1); // 'peak-0032-1.png'
 * ```
 */
export function peakFigureName(label: string, k: number): string {
  return `peak-${label}-${k}.png`;
}

/**
 * Renders, per frame: the frame with its predicted rings (`frame-<label>.png`, at twice the
 * resolution, so that a ring one pixel wide stays visible), the pattern with its fits
 * (`pattern-<label>.png`) and a close-up of each fitted peak (`peak-<label>-<k>.png`); then,
 * when given, slice 0 of the tooth reconstruction (`reconstruction.png`).
 *
 * @example
 * ```ts
 * const figures = await renderFigures(analysis);
 * figures.map((f) => f.name); // ['frame-0009.png', 'pattern-0009.png', 'peak-0009-1.png', ...]
 * ```
 */
export async function renderFigures(analysis: DemoAnalysis, signal?: AbortSignal, tooth?: ToothReconstruction): Promise<RenderedFigure[]> {
  const out: RenderedFigure[] = [];
  for (const { pattern, points, peaks, matches } of analysis.frames) {
    if (signal?.aborted) throw new InterruptedError();
    const label = pattern.frame.label;
    const rings = ringsWithin(analysis.rings, pattern.span);
    out.push({
      name: `frame-${label}.png`,
      description: `frame ${label} (log scale) with the ${analysis.calibrant.name} rings its geometry predicts`,
      kind: 'frame',
      frame: label,
      png: await renderPng(frameFigure(pattern, rings), { scale: 2 }),
    });
    out.push({
      name: `pattern-${label}.png`,
      description: `1D pattern of frame ${label} with the fitted peaks and the rings' 2θ`,
      kind: 'pattern',
      frame: label,
      png: await renderPng(patternFigure(pattern, points, peaks, rings)),
    });
    for (let k = 0; k < peaks.length; k++) {
      out.push({
        name: peakFigureName(label, k + 1),
        description: `close-up of peak ${k + 1} of frame ${label} (${analysis.calibrant.name} ${matches[k]!.ring.hkl}): data, fit, expected and fitted 2θ`,
        kind: 'peak',
        frame: label,
        png: await renderPng(peakFigure(pattern, points, peaks[k]!, matches[k]!)),
      });
    }
  }
  if (tooth !== undefined) {
    out.push({
      name: RECONSTRUCTION_FIGURE,
      description: `slice 0 of the tooth reconstructed by FBP, the axis found at ${tooth.center.toFixed(2)} px`,
      kind: 'reconstruction',
      frame: 'tooth',
      png: await slicePng({ values: tooth.slice0, size: tooth.size, imageCenter: tooth.imageCenter, title: `tooth, detector row 0: FBP, axis at ${tooth.center.toFixed(2)} px (Vo)` }),
    });
  }
  return out;
}

/**
 * The file name of the tooth slice.
 *
 * @example
 * ```ts
 * join(folder, RECONSTRUCTION_FIGURE); // .../reconstruction.png
 * ```
 */
export const RECONSTRUCTION_FIGURE = 'reconstruction.png';
