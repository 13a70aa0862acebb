/**
 * A loop nest over several operands that step through one shape with their own strides, with
 * adjacent axes merged where every operand allows it. The innermost axis is the "row" that a
 * kernel's 1-D loop runs over.
 */
export interface Rows {
  /** Length of each remaining axis (at least one axis). */
  readonly shape: readonly number[];
  /** Per operand, its stride along each remaining axis. */
  readonly strides: readonly (readonly number[])[];
  /** Length of the innermost axis. */
  readonly length: number;
  /** Per operand, its stride along the innermost axis. */
  readonly inner: readonly number[];
}

/**
 * Merges the axes of `shape` that every operand walks as one (axis i into i + 1 when
 * `stride[i] == stride[i + 1] * shape[i + 1]` for all) and drops length-1 axes. A contiguous
 * same-shape loop becomes one row; a row-broadcast one two axes. With `keepLast`, the last axis
 * is never merged (a scan axis).
 *
 * @example
 * ```ts
 * coalesce([2, 3], [[3, 1], [0, 1]]); // shape [2, 3]: the second operand repeats its row
 * coalesce([2, 3], [[3, 1], [3, 1]]).shape; // [6]
 * ```
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[], keepLast = false): Rows {
  const last = shape.length - 1;
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let ax = last; ax >= 0; ax--) {
    const pinned = keepLast && ax === last;
    if (shape[ax] === 1 && !pinned) continue;
    const mergeable =
      outShape.length > 0 && !(keepLast && outShape.length === 1) && strides.every((s, k) => s[ax] === outStrides[k][0] * outShape[0]);
    if (mergeable) {
      outShape[0] *= shape[ax];
    } else {
      outShape.unshift(shape[ax]);
      strides.forEach((s, k) => outStrides[k].unshift(s[ax]));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  const n = outShape.length - 1;
  return { shape: outShape, strides: outStrides, length: outShape[n], inner: outStrides.map((s) => s[n]) };
}

/**
 * Calls `visit(offsets)` once per innermost row of `rows`, in row-major order, with each
 * operand's offset at the row's start (one array, updated in place: read it, do not keep it).
 * Allocates per call, not per row.
 *
 * @example
 * ```ts
 * forEachRow(coalesce([2, 3], [[3, 1]]), [0], ([at]) => console.log(at)); // one row from 0
 * ```
 */
export function forEachRow(rows: Rows, offsets: readonly number[], visit: (offsets: readonly number[]) => void): void {
  const { shape, strides } = rows;
  const nd = shape.length;
  const m = strides.length;
  let count = 1;
  for (let ax = 0; ax < nd - 1; ax++) count *= shape[ax];
  if (count === 0 || rows.length === 0) return;
  const pos = [...offsets];
  const counter = new Array<number>(nd).fill(0);
  for (let r = 0; r < count; r++) {
    visit(pos);
    for (let ax = nd - 2; ax >= 0; ax--) {
      if (++counter[ax] < shape[ax]) {
        for (let k = 0; k < m; k++) pos[k] += strides[k][ax];
        break;
      }
      for (let k = 0; k < m; k++) pos[k] -= strides[k][ax] * (shape[ax] - 1);
      counter[ax] = 0;
    }
  }
}
