/**
 * Step 5a of the demo: every figure rendered to PNG bytes (written with the other outputs).
 *
 * @module
 */
import { renderPng } from '@pandaas/plot';
import { InterruptedError } from '../framework/cli-error.js';
import type { DemoAnalysis } from './analysis.js';
import { frameFigure, patternFigure, peakFigure, ringsWithin } from './plots.js';

/** A file of the demo's output folder: its name there, what it holds, and (for pictures) its bytes. */
export interface OutputFile {
  readonly name: string;
  readonly description: string;
}

/** A rendered picture. */
export interface RenderedFigure extends OutputFile {
  readonly kind: 'frame' | 'pattern' | 'peak';
  /** The frame it shows. */
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
 * (`pattern-<label>.png`) and a close-up of each fitted peak (`peak-<label>-<k>.png`).
 *
 * @example
 * ```ts
 * const figures = await renderFigures(analysis);
 * figures.map((f) => f.name); // ['frame-0009.png', 'pattern-0009.png', 'peak-0009-1.png', ...]
 * ```
 */
export async function renderFigures(analysis: DemoAnalysis, signal?: AbortSignal): Promise<RenderedFigure[]> {
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
  return out;
}
