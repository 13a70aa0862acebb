/**
 * The most rows (frames) and columns (bins) of the picture of a stack of patterns that are kept
 * (at most 32 MiB of float64): the PNG or SVG (640 x 480 pixels) shows fewer, aggregating the
 * rest by their maximum.
 *
 * @example
 * ```ts
 * new StackPicture(100_000, 5000).values.length === PICTURE_SIDE * PICTURE_SIDE; // true
 * ```
 */
export const PICTURE_SIDE = 2048;

/**
 * Where the `n` values along an axis go among `out` <= `n` blocks of equal extent: value j (its
 * centre at j + 0.5) to block floor((j + 0.5) out / n). Block i holds values `starts[i]` to
 * `starts[i + 1] - 1`, those whose centres lie in its extent [i n / out, (i + 1) n / out).
 */
function blockStarts(n: number, out: number): Int32Array {
  const starts = new Int32Array(out + 1);
  starts[out] = n;
  for (let j = n - 1; j >= 0; j--) starts[Math.floor(((2 * j + 1) * out) / (2 * n))] = j;
  return starts;
}

/**
 * The `out + 1` edges of `out` blocks of equal extent along an axis of `n` >= 2 bin `centres`:
 * at the fractional positions i n / out of the bins' edges (inner edges half way between centres,
 * outer ones half a neighbouring width out, as the plot puts them), interpolated linearly. Evenly
 * spaced centres give evenly spaced edges.
 */
function blockEdges(centres: Float64Array, n: number, out: number): Float64Array {
  const edge = (j: number): number => {
    if (j === 0) return centres[0]! - (centres[1]! - centres[0]!) / 2;
    if (j === n) return centres[n - 1]! + (centres[n - 1]! - centres[n - 2]!) / 2;
    return (centres[j - 1]! + centres[j]!) / 2;
  };
  return Float64Array.from({ length: out + 1 }, (_, i) => {
    const x = (i * n) / out;
    const j = Math.min(Math.floor(x), n - 1);
    return edge(j) + (x - j) * (edge(j + 1) - edge(j));
  });
}

/**
 * The picture of a stack of 1D patterns (frames along y, bins along x), kept in bounded memory
 * as the patterns come. With at most {@link PICTURE_SIDE} frames and bins, it is the stack
 * itself, as the plot of the whole stack would get it. Beyond, the frames (and the bins) are
 * gathered into that many blocks of equal extent, each the maximum of the values whose centres
 * lie in it, NaN left out (the plot's own `max` aggregation, done before it), with the blocks'
 * edges as coordinates (even when the frame axis is) and the colour range of all the values: the
 * picture spans, and is coloured, as the whole stack would be.
 *
 * @example
 * ```ts
 * const picture = new StackPicture(5000, 1000);
 * for await (const result of results) picture.add(result.intensity);
 * picture.rows; // 2048: blocks of 2 or 3 frames
 * ```
 */
export class StackPicture {
  readonly frames: number;
  readonly bins: number;
  /** Rows of the picture: min(frames, side). */
  readonly rows: number;
  /** Columns of the picture: min(bins, side). */
  readonly columns: number;
  /** The picture, row-major `[rows, columns]`: NaN where a block holds no number. */
  readonly values: Float64Array;
  readonly #rowStarts: Int32Array;
  readonly #columnStarts: Int32Array;
  #added = 0;
  #row = 0;
  #min = Infinity;
  #max = -Infinity;

  constructor(frames: number, bins: number, side = PICTURE_SIDE) {
    this.frames = frames;
    this.bins = bins;
    this.rows = Math.min(frames, side);
    this.columns = Math.min(bins, side);
    this.values = new Float64Array(this.rows * this.columns).fill(NaN);
    this.#rowStarts = blockStarts(frames, this.rows);
    this.#columnStarts = blockStarts(bins, this.columns);
  }

  /** Whether blocks of several frames or bins make a pixel (the picture is not the stack itself). */
  get reduced(): boolean {
    return this.rows < this.frames || this.columns < this.bins;
  }

  /**
   * Takes the next frame's pattern (`bins` values) into its row.
   *
   * @example
   * ```ts
   * picture.add(result.intensity);
   * ```
   */
  add(pattern: Float64Array): void {
    while (this.#added >= this.#rowStarts[this.#row + 1]!) this.#row++;
    const row = this.values.subarray(this.#row * this.columns, (this.#row + 1) * this.columns);
    const starts = this.#columnStarts;
    let min = this.#min;
    let max = this.#max;
    for (let c = 0; c < this.columns; c++) {
      let top = row[c]!;
      for (let b = starts[c]!; b < starts[c + 1]!; b++) {
        const v = pattern[b]!;
        // NaN fails every comparison: it never replaces a number, and a number replaces NaN
        if (v > top || (top !== top && v === v)) top = v;
        if (v - v === 0) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      row[c] = top;
    }
    this.#min = min;
    this.#max = max;
    this.#added++;
  }

  /**
   * The smallest and largest finite value taken in (the plot's min-max colour range of the whole
   * stack), or undefined when there was none.
   *
   * @example
   * ```ts
   * const [vmin, vmax] = picture.range() ?? [0, 1];
   * ```
   */
  range(): [number, number] | undefined {
    return this.#min <= this.#max ? [this.#min, this.#max] : undefined;
  }

  /**
   * The coordinates of the rows from the frame axis (`frames` centres): the same centres when
   * every frame has its row, else the edges of the blocks of frames.
   *
   * @example
   * ```ts
   * picture.rowCoordinates(Float64Array.from([11.12, 26.76, 39])); // the same 3 values
   * ```
   */
  rowCoordinates(frameAxis: Float64Array): Float64Array {
    return this.rows === this.frames ? frameAxis : blockEdges(frameAxis, this.frames, this.rows);
  }

  /**
   * The coordinates of the columns from the radial axis (`bins` centres), as
   * {@link StackPicture.rowCoordinates} gives those of the rows.
   *
   * @example
   * ```ts
   * picture.columnCoordinates(result.radial);
   * ```
   */
  columnCoordinates(radial: Float64Array): Float64Array {
    return this.columns === this.bins ? radial : blockEdges(radial, this.bins, this.columns);
  }
}
