/**
 * Where a ring of given 2θ falls on a detector image: the points where the per-pixel 2θ crosses
 * that value, between neighbouring pixel centres, in image coordinates (pixel edges 0..width and
 * 0..height, as `imagePlot` places pixels).
 *
 * @module
 */

/** A predicted ring on the image: points, and whether they join into a line. */
export interface RingTrace {
  /** Column coordinates (pixel centre of column c: c + 0.5); NaN separates pieces of a line. */
  readonly x: Float64Array;
  /** Row coordinates (pixel centre of row r: r + 0.5). */
  readonly y: Float64Array;
  /** True when the points follow the ring in order (draw a line), false for scattered points (draw markers). */
  readonly connected: boolean;
}

/**
 * The crossings of `level` along `lines` lines of `length` pixels (the columns, or the rows) where
 * `at(line, k)` reads pixel k of a line: per line, the coordinates (pixel centres at k + 0.5)
 * where `value - level` changes sign between neighbours, linearly interpolated.
 */
function crossings(lines: number, length: number, at: (line: number, k: number) => number, level: number): number[][] {
  const out: number[][] = [];
  for (let line = 0; line < lines; line++) {
    const found: number[] = [];
    let previous = at(line, 0) - level;
    for (let k = 1; k < length; k++) {
      const current = at(line, k) - level;
      if ((previous < 0 && current >= 0) || (previous >= 0 && current < 0)) found.push(k - 1 + previous / (previous - current) + 0.5);
      previous = current;
    }
    out.push(found);
  }
  return out;
}

/**
 * Traces the ring `level` (same unit as `values`) over a `height` x `width` image of per-pixel
 * values (row-major, e.g. `geometry.twoTheta()`), by linear interpolation between neighbouring
 * pixel centres. The ring is followed along whichever image axis it crosses more often; when it
 * crosses some line of pixels twice (a ring that turns back inside the image), the points are
 * returned unconnected.
 *
 * @returns undefined when the ring does not cross the image.
 * @example
 * ```ts
 * const trace = traceRing(ai.twoTheta(), 195, 1475, (12.23 * Math.PI) / 180);
 * if (trace) lines.push({ x: trace.x, y: trace.y, lineStyle: trace.connected ? 'dashed' : 'none', marker: trace.connected ? 'none' : 'circle' });
 * ```
 */
export function traceRing(values: ArrayLike<number>, height: number, width: number, level: number): RingTrace | undefined {
  const byColumn = crossings(width, height, (c, r) => values[r * width + c]!, level);
  const byRow = crossings(height, width, (r, c) => values[r * width + c]!, level);
  const count = (lists: number[][]) => lists.reduce((n, list) => n + list.length, 0);
  const alongColumns = count(byColumn) >= count(byRow);
  const lists = alongColumns ? byColumn : byRow;
  if (count(lists) === 0) return undefined;
  const connected = lists.every((list) => list.length <= 1);
  const x: number[] = [];
  const y: number[] = [];
  let previousLine = -2;
  lists.forEach((list, line) => {
    if (list.length === 0) return;
    if (connected && previousLine >= 0 && line !== previousLine + 1) {
      x.push(NaN);
      y.push(NaN);
    }
    for (const position of list) {
      x.push(alongColumns ? line + 0.5 : position);
      y.push(alongColumns ? position : line + 0.5);
    }
    previousLine = line;
  });
  return { x: Float64Array.from(x), y: Float64Array.from(y), connected };
}
