/**
 * The picture of a stack of patterns kept while the stack streams by: the stack itself while it
 * is small, else blocks of equal extent reduced to their NaN-ignoring maximum, checked against a
 * plain computation over the whole stack held here.
 */
import { describe, expect, it } from 'vitest';
import { PICTURE_SIDE, StackPicture } from './stack-picture.js';

/** A stack of `frames` patterns of `bins` values with a few NaN and infinities. */
function patterns(frames: number, bins: number): Float64Array[] {
  return Array.from({ length: frames }, (_, k) =>
    Float64Array.from({ length: bins }, (_, b) => {
      if ((k * 7 + b * 3) % 23 === 0) return NaN;
      if (k === 5 && b === 2) return Infinity;
      if (k === 6 && b === 1) return -Infinity;
      return Math.sin(k * 1.7 + b * 0.9) * 100 + k;
    }),
  );
}

/** The maximum of the numbers among `values` (NaN when none), as numpy's nanmax. */
function nanmax(values: number[]): number {
  const numbers = values.filter((v) => !Number.isNaN(v));
  return numbers.length === 0 ? NaN : Math.max(...numbers);
}

describe('StackPicture', () => {
  it('is the stack itself while frames and bins fit, with the axes as they are', () => {
    const stack = patterns(12, 9);
    const picture = new StackPicture(12, 9, 16);
    for (const p of stack) picture.add(p);
    expect([picture.rows, picture.columns, picture.reduced]).toEqual([12, 9, false]);
    expect(Array.from(picture.values)).toEqual(stack.flatMap((p) => Array.from(p)));
    const axis = Float64Array.from({ length: 12 }, (_, k) => 10 + k * 0.5);
    expect(picture.rowCoordinates(axis)).toBe(axis);
  });

  it('gathers frames and bins into blocks of equal extent, each the maximum of the values whose centres lie in it', () => {
    const [frames, bins, side] = [23, 17, 5];
    const stack = patterns(frames, bins);
    const picture = new StackPicture(frames, bins, side);
    for (const p of stack) picture.add(p);
    expect([picture.rows, picture.columns, picture.reduced]).toEqual([5, 5, true]);
    // block i of an axis of n values in `side` blocks spans [i n / side, (i + 1) n / side); value j sits at j + 0.5
    const inBlock = (j: number, i: number, n: number) => j + 0.5 >= (i * n) / side && j + 0.5 < ((i + 1) * n) / side;
    const seen = new Array<number>(frames).fill(0);
    for (let r = 0; r < side; r++) {
      const rowFrames = stack.filter((_, k) => inBlock(k, r, frames));
      stack.forEach((_, k) => (seen[k]! += inBlock(k, r, frames) ? 1 : 0));
      for (let c = 0; c < side; c++) {
        const values = rowFrames.flatMap((p) => Array.from(p).filter((_, b) => inBlock(b, c, bins)));
        expect(values.length, `block ${r}, ${c}`).toBeGreaterThan(0);
        expect(picture.values[r * side + c], `block ${r}, ${c}`).toBe(nanmax(values));
      }
    }
    expect(seen).toEqual(new Array<number>(frames).fill(1)); // every frame in exactly one row
    // the colour range is that of every finite value of the stack
    const finite = stack.flatMap((p) => Array.from(p)).filter(Number.isFinite);
    expect(picture.range()).toEqual([Math.min(...finite), Math.max(...finite)]);
  });

  it('keeps a block of NaN as NaN and takes infinities as values', () => {
    const picture = new StackPicture(4, 2, 2);
    picture.add(Float64Array.from([NaN, 1]));
    picture.add(Float64Array.from([NaN, NaN]));
    picture.add(Float64Array.from([-Infinity, NaN]));
    picture.add(Float64Array.from([NaN, Infinity]));
    expect(Array.from(picture.values)).toEqual([NaN, 1, -Infinity, Infinity]);
    expect(picture.range()).toEqual([1, 1]);
    const empty = new StackPicture(2, 1, 1);
    empty.add(Float64Array.from([NaN]));
    empty.add(Float64Array.from([Infinity]));
    expect(empty.range()).toBeUndefined();
  });

  it('places the blocks where their frames are: evenly spaced edges over the extent of an evenly spaced axis', () => {
    const [frames, side] = [23, 5];
    const picture = new StackPicture(frames, 3, side);
    // frames at 100, 102, ..., 144: their edges run from 99 to 145
    const axis = Float64Array.from({ length: frames }, (_, k) => 100 + 2 * k);
    const edges = picture.rowCoordinates(axis);
    expect(edges.length).toBe(side + 1);
    edges.forEach((e, i) => expect(e).toBeCloseTo(99 + (i * (2 * frames)) / side, 12));
    // a decreasing axis gives decreasing edges over the same span
    const reversed = picture.rowCoordinates(axis.slice().reverse());
    reversed.forEach((e, i) => expect(e).toBeCloseTo(145 - (i * (2 * frames)) / side, 12));
  });

  it('holds at most PICTURE_SIDE x PICTURE_SIDE values, whatever the length of the stack', () => {
    const picture = new StackPicture(1_000_000, 5000);
    expect(picture.values.length).toBe(PICTURE_SIDE * PICTURE_SIDE);
    expect(new StackPicture(100, 3000).values.length).toBe(100 * PICTURE_SIDE);
  });
});
