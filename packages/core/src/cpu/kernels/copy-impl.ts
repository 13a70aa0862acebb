import type { TypedArray } from '../../dtype.js';

/**
 * Copies the elements of a strided view into `out` (row-major, from `outOffset`). Allocates one
 * counter per axis per call, nothing per element; the innermost axis runs as a plain loop.
 */
export function copyStrided(
  shape: readonly number[],
  x: TypedArray,
  strides: readonly number[],
  offset: number,
  out: TypedArray,
  outOffset = 0,
): void {
  const nd = shape.length;
  if (nd === 0) {
    out[outOffset] = x[offset];
    return;
  }
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const inner = shape[nd - 1];
  const innerStride = strides[nd - 1];
  const counter = new Array<number>(nd).fill(0);
  let src = offset;
  let dst = outOffset;
  for (let done = 0; done < total; done += inner) {
    if (innerStride === 1 && inner >= 16) {
      out.set(x.subarray(src, src + inner) as never, dst);
      dst += inner;
    } else {
      for (let i = 0, s = src; i < inner; i++, s += innerStride) out[dst++] = x[s];
    }
    for (let ax = nd - 2; ax >= 0; ax--) {
      if (++counter[ax] < shape[ax]) {
        src += strides[ax];
        break;
      }
      src -= strides[ax] * (shape[ax] - 1);
      counter[ax] = 0;
    }
  }
}
