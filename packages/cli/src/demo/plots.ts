/**
 * The demo's figures, built with `@pandaas/plot`'s scene: each frame with the calibrant's rings
 * predicted by the geometry drawn over it, each 1D pattern with its fits and the rings'
 * positions, and a close-up of each fitted peak.
 *
 * @module
 */
import { createAxes, createFigure, imageLayer, lineSeries, resolveDomains, type Figure, type LineSeries } from '@pandaas/plot';
import type { PeakMatch, Ring } from './compare.js';
import type { FittedPeak, PatternPoints } from './fit-peaks.js';
import type { FramePattern } from './integrate-frame.js';
import { traceRing } from './ring-lines.js';

const DEG = Math.PI / 180;
const COLORS = { data: '#1f77b4', fit: '#d62728', background: '#7f7f7f', ring: '#2ca02c', overlay: '#00e5ff' } as const;
/** magma's first colour: pixels with 0 counts, which a log scale cannot show, are drawn as the lowest. */
const ZERO_COLOR = [0, 0, 4, 255] as const;

/**
 * The rings whose 2θ lies within `span` (degrees).
 *
 * @example
 * ```ts
 * ringsWithin(rings, [25.65, 29.29]).map((r) => r.hkl); // ['210']
 * ```
 */
export function ringsWithin(rings: readonly Ring[], span: readonly [number, number]): Ring[] {
  return rings.filter((ring) => ring.twoTheta >= span[0] && ring.twoTheta <= span[1]);
}

function ringLabel(ring: Ring): string {
  return `LaB6 ${ring.hkl} (${ring.twoTheta.toFixed(3)}°)`;
}

/** A vertical line at x from y0 to y1. */
function vertical(x: number, y0: number, y1: number, color: string, label: string | undefined, lineStyle: 'dashed' | 'dotted'): LineSeries {
  return lineSeries({ x: [x, x], y: [y0, y1], color, lineStyle, lineWidth: 1.2, ...(label === undefined ? {} : { label }) });
}

/**
 * A frame (log colour scale, module gaps and negative pixels in grey, row 0 on top as detector
 * viewers show it) with each ring of `rings` traced where the frame's geometry puts it.
 *
 * @example
 * ```ts
 * const png = await renderPng(frameFigure(pattern, ringsWithin(rings, pattern.span)), { scale: 2 });
 * ```
 */
export function frameFigure(pattern: FramePattern, rings: readonly Ring[]): Figure {
  const { frame } = pattern;
  const ai = frame.integrator;
  const [height, width] = ai.shape;
  const detectorMask = ai.detector.mask();
  const mask = Uint8Array.from(pattern.mask, (m, p) => m | (detectorMask?.[p] ?? 0));
  const image = imageLayer(frame.data.dataSync() as ArrayLike<number>, width, height, {
    colormap: 'magma',
    normalization: 'log',
    nanColor: [...ZERO_COLOR],
    mask,
    origin: 'upper',
  });
  const twoTheta = ai.twoTheta();
  const lines: LineSeries[] = [];
  for (const ring of rings) {
    const trace = traceRing(twoTheta, height, width, ring.twoTheta * DEG);
    if (trace === undefined) continue;
    lines.push(
      lineSeries({
        x: trace.x,
        y: trace.y,
        color: COLORS.overlay,
        label: `${ringLabel(ring)}, predicted`,
        lineStyle: trace.connected ? 'dashed' : 'none',
        lineWidth: 1,
        marker: trace.connected ? 'none' : 'circle',
        markerSize: 2,
      }),
    );
  }
  const axes = createAxes({
    x: { label: 'column', units: 'pixel' },
    y: { label: 'row', units: 'pixel' },
    image,
    lines,
    colorbar: { label: 'counts' },
    grid: false,
    legend: 'upper right',
  });
  resolveDomains(axes);
  return createFigure({ width: 1400, height: 270, title: `Frame ${frame.label}: arm at 2θ = ${frame.position}°, LaB6 rings where the goniometer model predicts them`, axes });
}

/**
 * A 1D pattern (log intensity) with the fitted curves and the calibrant's rings in its span.
 *
 * @example
 * ```ts
 * const png = await renderPng(patternFigure(pattern, points, peaks, ringsWithin(rings, pattern.span)));
 * ```
 */
export function patternFigure(pattern: FramePattern, points: PatternPoints, peaks: readonly FittedPeak[], rings: readonly Ring[]): Figure {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of points.y) {
    if (v > 0 && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const lines: LineSeries[] = [lineSeries({ x: points.x, y: points.y, color: COLORS.data, label: `integrated, ${pattern.options.npt} bins`, lineWidth: 1 })];
  peaks.forEach((peak, k) => {
    lines.push(lineSeries({ x: peak.curve.x, y: peak.curve.y, color: COLORS.fit, label: k === 0 ? 'pseudo-Voigt + linear fit' : undefined, lineWidth: 1.5 }));
  });
  if (lo < hi) rings.forEach((ring) => lines.push(vertical(ring.twoTheta, lo, hi, COLORS.ring, ringLabel(ring), 'dashed')));
  const axes = createAxes({
    x: { label: '2θ', units: 'deg' },
    y: { label: 'intensity', units: 'counts per pixel', scale: 'log' },
    lines,
    legend: 'upper right',
  });
  resolveDomains(axes);
  return createFigure({ width: 900, height: 480, title: `Frame ${pattern.frame.label}: azimuthal integration, 2θ ${pattern.span[0].toFixed(2)}° to ${pattern.span[1].toFixed(2)}°`, axes });
}

/**
 * A close-up of one fitted peak: the points with their Poisson error bars, the fit and its
 * background, the ring's expected position and the fitted one.
 *
 * @example
 * ```ts
 * const png = await renderPng(peakFigure(pattern, points, peak, match));
 * ```
 */
export function peakFigure(pattern: FramePattern, points: PatternPoints, peak: FittedPeak, match: PeakMatch): Figure {
  const [x0, x1] = peak.window;
  const keep: number[] = [];
  points.x.forEach((x, i) => {
    if (x >= x0 && x <= x1) keep.push(i);
  });
  const y = Float64Array.from(keep, (i) => points.y[i]!);
  const lo = Math.min(...y, ...peak.curve.background);
  const hi = Math.max(...y, ...peak.curve.y);
  const lines = [
    lineSeries({
      x: Float64Array.from(keep, (i) => points.x[i]!),
      y,
      errors: Float64Array.from(keep, (i) => points.sigma[i]!),
      color: COLORS.data,
      label: 'integrated (± Poisson σ)',
      lineStyle: 'none',
      marker: 'circle',
      markerSize: 4,
    }),
    lineSeries({ x: peak.curve.x, y: peak.curve.y, color: COLORS.fit, label: 'pseudo-Voigt + linear fit' }),
    lineSeries({ x: peak.curve.x, y: peak.curve.background, color: COLORS.background, label: 'linear background', lineStyle: 'dashed', lineWidth: 1 }),
    vertical(match.ring.twoTheta, lo, hi, COLORS.ring, `expected ${ringLabel(match.ring)}`, 'dashed'),
    vertical(match.twoTheta.value, lo, hi, COLORS.fit, `fitted ${match.twoTheta.value.toFixed(4)}°`, 'dotted'),
  ];
  const axes = createAxes({ x: { label: '2θ', units: 'deg' }, y: { label: 'intensity', units: 'counts per pixel' }, lines, legend: 'upper left' });
  resolveDomains(axes);
  const delta = `Δ2θ = ${match.deltaTwoTheta >= 0 ? '+' : ''}${match.deltaTwoTheta.toFixed(4)}°`;
  return createFigure({ width: 900, height: 480, title: `Frame ${pattern.frame.label}: LaB6 ${match.ring.hkl}, ${delta}`, axes });
}
