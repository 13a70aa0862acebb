/**
 * traceRing on per-pixel values whose level lines are known circles: r = distance from a centre.
 * Linear interpolation between pixel centres of r along a line of pixels errs by at most
 * h²·max|r''|/8 with h = 1 pixel and r'' <= 1/r, so by less than 1e-3 pixel for radii above 125.
 */
import { describe, expect, it } from 'vitest';
import { traceRing } from './ring-lines.js';

function distances(height: number, width: number, cx: number, cy: number): Float64Array {
  const out = new Float64Array(height * width);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) out[r * width + c] = Math.hypot(c + 0.5 - cx, r + 0.5 - cy);
  return out;
}

function radiiOf(trace: { x: Float64Array; y: Float64Array }, cx: number, cy: number): number[] {
  return Array.from(trace.x, (x, i) => Math.hypot(x - cx, trace.y[i]! - cy)).filter(Number.isFinite);
}

describe('traceRing', () => {
  it('follows an arc across a wide image as one line, every point on the circle', () => {
    const [height, width, cx, cy] = [60, 400, 200, -250];
    const trace = traceRing(distances(height, width, cx, cy), height, width, 280)!;
    expect(trace.connected).toBe(true);
    // the arc crosses every column it spans once: as many points as columns it spans
    expect(trace.x.length).toBeGreaterThan(240);
    expect(trace.x.every(Number.isFinite)).toBe(true);
    for (const r of radiiOf(trace, cx, cy)) expect(Math.abs(r - 280)).toBeLessThan(1e-3);
    // in column order: x increases by one pixel each point
    for (let i = 1; i < trace.x.length; i++) expect(trace.x[i]! - trace.x[i - 1]!).toBe(1);
  });

  it('follows a steep arc along the rows instead', () => {
    const [height, width, cx, cy] = [400, 60, -250, 200];
    const trace = traceRing(distances(height, width, cx, cy), height, width, 280)!;
    expect(trace.connected).toBe(true);
    expect(trace.y.length).toBeGreaterThan(240);
    for (const r of radiiOf(trace, cx, cy)) expect(Math.abs(r - 280)).toBeLessThan(1e-3);
  });

  it('leaves a gap (NaN) where the ring leaves the image and comes back', () => {
    // a circle centred below the image whose top lies above it: it leaves through the top edge
    // (|x - 200| < 57) and comes back, two pieces with no crossing between them
    const [height, width, cx, cy] = [40, 400, 200, 160];
    const trace = traceRing(distances(height, width, cx, cy), height, width, 170)!;
    expect(trace.connected).toBe(true);
    const gaps = Array.from(trace.x).filter(Number.isNaN).length;
    expect(gaps).toBe(1);
    for (const r of radiiOf(trace, cx, cy)) expect(Math.abs(r - 170)).toBeLessThan(1e-3);
  });

  it('returns unconnected points for a ring that crosses a line of pixels twice', () => {
    const [size, c] = [300, 150];
    const trace = traceRing(distances(size, size, c, c), size, size, 130)!;
    expect(trace.connected).toBe(false);
    for (const r of radiiOf(trace, c, c)) expect(Math.abs(r - 130)).toBeLessThan(1e-3);
  });

  it('returns undefined for a ring that misses the image', () => {
    expect(traceRing(distances(50, 50, 25, 25), 50, 50, 500)).toBeUndefined();
  });
});
