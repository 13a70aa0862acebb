import { array } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render/svg.js';
import { CAP_HEIGHT_EM } from '../render/text-metrics.js';
import { DEFAULT_COLORS } from '../scene/line-series.js';
import { errorBarsFigure, secondAxisFigure, symlogFigure } from '../testing/figures.js';
import { svgPaths, svgTexts, type SvgText } from '../testing/svg.js';
import { linePlot } from './line-plot.js';

/** The x tick labels: centred, unrotated, small texts below the plot (below every y tick label). */
function xTicks(texts: SvgText[]): SvgText[] {
  const candidates = texts.filter((t) => t.anchor === 'middle' && !t.transform && t.size === 11);
  const y = Math.max(...candidates.map((t) => t.y));
  return candidates.filter((t) => t.y === y);
}

/** How far below its tick a vertical axis's label's baseline sits: half the digits' height. */
const BASELINE = (11 * CAP_HEIGHT_EM) / 2;

/** Tick labels of a vertical axis: small texts anchored `end` (left axis) or `start` (right axis), unrotated. */
function yTicks(texts: SvgText[], anchor: 'start' | 'end'): SvgText[] {
  return texts.filter((t) => t.anchor === anchor && !t.transform && t.size === 11);
}

/** Whether numbers are evenly spaced (within 1e-9 relative). */
function even(values: number[]): boolean {
  const step = values[1] - values[0];
  return values.every((v, i) => i === 0 || Math.abs(v - values[i - 1] - step) <= 1e-9 * Math.abs(step) * values.length);
}

describe('linePlot: structure of the SVG', () => {
  const svg = renderSvg(errorBarsFigure());
  const texts = svgTexts(svg);
  const paths = svgPaths(svg);

  it('has the title, axis titles and legend entries, in that order of the labels', () => {
    const words = texts.map((t) => t.text);
    expect(words).toContain('Curves with error bars');
    expect(words).toContain('energy (keV)');
    const counts = texts.find((t) => t.text === 'counts')!;
    expect(counts.transform).toMatch(/^matrix\(0 -1 1 0 /); // read bottom to top
    const legend = words.filter((w) => ['sample', 'reference', 'background'].includes(w));
    expect(legend).toEqual(['sample', 'reference', 'background']);
  });

  it('labels x ticks with evenly spaced numbers spanning the data (0 to 10 keV), evenly placed', () => {
    const ticks = xTicks(texts);
    const values = ticks.map((t) => Number(t.text));
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(even(values)).toBe(true);
    expect(values[0]).toBeLessThanOrEqual(0);
    expect(values.at(-1)).toBeGreaterThanOrEqual(10);
    const step = ticks[1].x - ticks[0].x;
    expect(Math.max(...ticks.map((t, i) => Math.abs(t.x - ticks[0].x - i * step)))).toBeLessThanOrEqual(0.02 * ticks.length);
  });

  it('draws one line per curve in the default colours, the dashed one dashed', () => {
    // the curves: one move and many segments (legend samples have one, frames three)
    const lines = paths.filter((p) => p.fill === 'none' && (p.d.match(/M/g) ?? []).length === 1 && (p.d.match(/L/g) ?? []).length >= 10);
    expect(lines.map((p) => p.stroke)).toEqual(DEFAULT_COLORS.slice(0, 3));
    expect(lines.map((p) => p.dash !== undefined)).toEqual([false, true, true]);
    // 21 points: one move and 20 segments
    expect(lines[0].d.match(/L/g)).toHaveLength(20);
  });

  it('draws error bars of the right length (2 sigma, in the y axis units)', () => {
    const bars = paths.find((p) => p.stroke === DEFAULT_COLORS[0] && (p.d.match(/M/g) ?? []).length === 21 * 3);
    expect(bars).toBeDefined();
    // the first bar: 50 ± 3 counts; pixels per count from the y tick labels
    const y = yTicks(texts, 'end').map((t) => ({ v: Number(t.text), px: t.y }));
    const perCount = (y[0].px - y.at(-1)!.px) / (y.at(-1)!.v - y[0].v);
    const [, y0, , y1] = /^M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)/.exec(bars!.d)!.slice(1).map(Number);
    expect(Math.abs(y0 - y1)).toBeCloseTo(2 * 3 * perCount, 1);
  });

  it('draws markers as filled paths: 21 circles and 21 squares', () => {
    const circles = paths.find((p) => p.fill === DEFAULT_COLORS[0] && /A/.test(p.d));
    expect(circles?.d.match(/A/g)).toHaveLength(2 * 21); // two half arcs a circle; the legend's marker is a path of its own
    const squares = paths.filter((p) => p.fill === DEFAULT_COLORS[1]);
    expect(squares.map((p) => (p.d.match(/Z/g) ?? []).length).sort()).toEqual([1, 21]);
  });
});

describe('linePlot: axes', () => {
  it('puts the second y axis on the right, with its own ticks and curve', () => {
    const svg = renderSvg(secondAxisFigure());
    const texts = svgTexts(svg);
    const right = yTicks(texts, 'start').filter((t) => /^\d+$/.test(t.text));
    const values = right.map((t) => Number(t.text));
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBeLessThanOrEqual(150_000);
    const left = yTicks(texts, 'end');
    expect(Math.min(...right.map((t) => t.x))).toBeGreaterThan(Math.max(...left.map((t) => t.x)) + 300);
    // the pressure curve starts at 1.4e5 Pa: on the right axis's scale
    const px = (v: number) => right[0].y - BASELINE + ((v - values[0]) * (right.at(-1)!.y - right[0].y)) / (values.at(-1)! - values[0]);
    const pressure = svgPaths(svg).find((p) => p.stroke === '#1f77b4' && p.fill === 'none' && /L/.test(p.d))!;
    const startY = Number(/^M[-\d.]+ ([-\d.]+)/.exec(pressure.d)![1]);
    expect(startY).toBeCloseTo(px(1.4e5), 0);
  });

  it('labels a symlog axis through zero, with negative and positive decades', () => {
    const labels = yTicks(svgTexts(renderSvg(symlogFigure())), 'end').map((t) => t.text);
    expect(labels).toContain('0');
    expect(labels.some((l) => Number(l) <= -100)).toBe(true);
    expect(labels.some((l) => Number(l) >= 100)).toBe(true);
  });

  it('draws no legend without labels, or when asked not to', () => {
    const count = (svg: string) => svgPaths(svg).filter((p) => p.stroke === '#b0b0b0').length;
    expect(count(renderSvg(linePlot({ y: [1, 2, 3] })))).toBe(0);
    expect(count(renderSvg(linePlot({ y: [1, 2, 3], label: 'a' }, { legend: false })))).toBe(0);
    expect(count(renderSvg(linePlot({ y: [1, 2, 3], label: 'a' })))).toBe(1);
  });

  it('accepts NdArrays, and inverts an axis given a reversed range', () => {
    const svg = renderSvg(linePlot({ x: array([0, 1, 2]), y: array([[5, 6, 7]]), color: '#000001' }, { xAxis: { range: [2, 0] } }));
    const line = svgPaths(svg).find((p) => p.stroke === '#000001')!;
    const xs = [...line.d.matchAll(/[ML]([-\d.]+) /g)].map((m) => Number(m[1]));
    expect(xs[0]).toBeGreaterThan(xs[2]);
  });
});

describe('linePlot: many points', () => {
  it('thins a million-point curve to a few points per pixel column, keeping the extremes', () => {
    const n = 1_000_000;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => Math.sin(i / 5000));
    y[654_321] = 3; // a spike must survive
    const svg = renderSvg(linePlot({ x, y, color: '#000002' }));
    const line = svgPaths(svg).find((p) => p.stroke === '#000002')!;
    const points = line.d.match(/[ML]/g)!.length;
    expect(points).toBeLessThanOrEqual(4 * 640);
    const ticks = yTicks(svgTexts(svg), 'end').map((t) => ({ v: Number(t.text), px: t.y }));
    const top = ticks.at(-1)!;
    const perUnit = (ticks[0].px - top.px) / (top.v - ticks[0].v);
    const minY = Math.min(...[...line.d.matchAll(/[ML][-\d.]+ ([-\d.]+)/g)].map((m) => Number(m[1])));
    expect(minY).toBeCloseTo(top.px - BASELINE - (3 - top.v) * perUnit, 0);
    expect(svg.length).toBeLessThan(200_000);
  });
});
