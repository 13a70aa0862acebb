/**
 * The figures of the golden-image tests, which are also the pictures of docs/plot.md.
 *
 * @module
 */
import { imagePlot } from '../plots/image-plot.js';
import { linePlot } from '../plots/line-plot.js';
import type { Figure } from '../scene/figure.js';

/** x from 0 to 10 in `n` steps. */
function grid(n: number, to = 10): number[] {
  return Array.from({ length: n }, (_, i) => (i * to) / (n - 1));
}

/**
 * Rings of a powder pattern on a slope, 480 x 360, log-normalised: non-positive values (lower
 * left corner), and blocks of NaN, +Infinity and -Infinity.
 */
export function logImageFigure(): Figure {
  const w = 480;
  const h = 360;
  const values = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const d = Math.hypot(c - 260, r - 170);
      values[r * w + c] = 2000 * Math.exp(-d / 60) * (1.05 + Math.cos(d / 6)) + (c + r) / 10 - 8;
    }
  }
  const block = (r0: number, c0: number, v: number) => {
    for (let r = r0; r < r0 + 40; r++) for (let c = c0; c < c0 + 60; c++) values[r * w + c] = v;
  };
  block(300, 40, NaN);
  block(300, 180, Infinity);
  block(300, 320, -Infinity);
  return imagePlot(
    { values, width: w, height: h },
    {
      normalization: 'log',
      colormap: 'viridis',
      title: 'log normalization: NaN, +Inf, -Inf, values <= 0',
      xAxis: { label: 'column' },
      yAxis: { label: 'row' },
      colorbar: { label: 'intensity', units: 'counts' },
    },
  );
}

/** Three curves with error bars, markers and line styles, and a legend. */
export function errorBarsFigure(): Figure {
  const x = grid(21);
  return linePlot(
    [
      { x, y: x.map((v) => 50 + 40 * Math.exp(-((v - 4) ** 2) / 2)), errors: x.map((v) => 3 + v / 5), label: 'sample', marker: 'circle' },
      { x, y: x.map((v) => 40 + 25 * Math.exp(-((v - 6) ** 2) / 3)), errors: x.map(() => 4), label: 'reference', marker: 'square', lineStyle: 'dashed' },
      { x, y: x.map((v) => 30 + 2 * v), label: 'background', lineStyle: 'dotted', lineWidth: 2 },
    ],
    { title: 'Curves with error bars', xAxis: { label: 'energy', units: 'keV' }, yAxis: { label: 'counts' } },
  );
}

/** A temperature on the left axis and a pressure on a second, right, axis with a fixed range. */
export function secondAxisFigure(): Figure {
  const t = grid(60, 120);
  return linePlot(
    [
      { x: t, y: t.map((v) => 20 + 0.6 * v + 3 * Math.sin(v / 8)), label: 'temperature', color: '#d62728' },
      { x: t, y: t.map((v) => 1e5 * (1 + 0.4 * Math.exp(-v / 40))), label: 'pressure', yAxis: 'right', color: '#1f77b4', marker: 'diamond', markerSize: 5 },
    ],
    {
      title: 'Two y axes',
      xAxis: { label: 'time', units: 's' },
      yAxis: { label: 'temperature', units: '°C' },
      y2Axis: { label: 'pressure', units: 'Pa', range: [0, 1.5e5] },
      legend: 'lower right',
    },
  );
}

/** Values from -5000 to 5000 through 0 on a symlog y axis. */
export function symlogFigure(): Figure {
  const x = grid(201, 20).map((v) => v - 10);
  return linePlot(
    [
      { x, y: x.map((v) => Math.sign(v) * v ** 4 / 2), label: 'sign(x) x⁴ / 2' },
      { x, y: x.map((v) => 3 * v), label: '3x', lineStyle: 'dashdot' },
    ],
    { title: 'symlog axis (linear within ±1)', xAxis: { label: 'x' }, yAxis: { label: 'y', scale: 'symlog', linthresh: 1 }, legend: 'upper left' },
  );
}
