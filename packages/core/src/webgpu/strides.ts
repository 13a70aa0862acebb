/** Axes after {@link mergeAxes}: one shape and, per strided operand, its strides. */
export interface MergedAxes {
  shape: number[];
  strides: number[][];
}

/**
 * Drops length-1 axes and merges neighbours that every operand walks as one (`stride[d] ==
 * stride[d + 1] * shape[d + 1]`), so shaders do the least index arithmetic: a contiguous view
 * becomes one axis of stride 1, whatever its rank.
 *
 * @example
 * ```ts
 * mergeAxes([2, 3, 4], [[12, 4, 1]]); // { shape: [24], strides: [[1]] }
 * mergeAxes([2, 1, 4], [[4, 4, 1], [0, 0, 1]]); // { shape: [2, 4], strides: [[4, 1], [0, 1]] }
 * ```
 */
export function mergeAxes(shape: readonly number[], strides: readonly (readonly number[])[]): MergedAxes {
  const out: MergedAxes = { shape: [], strides: strides.map(() => []) };
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = out.shape.length - 1;
    const joins = last >= 0 && strides.every((s, k) => out.strides[k][last] === s[d] * shape[d]);
    if (joins) {
      out.shape[last] *= shape[d];
      strides.forEach((s, k) => (out.strides[k][last] = s[d]));
    } else {
      out.shape.push(shape[d]);
      strides.forEach((s, k) => out.strides[k].push(s[d]));
    }
  }
  return out;
}

const LANES = ['x', 'y', 'z', 'w'];

/**
 * WGSL that reads element `i` of a uniform `array<vec4<T>, n>` named `field`.
 *
 * @example
 * ```ts
 * lane('shape', 6); // 'params.shape[1].z'
 * ```
 */
export function lane(field: string, i: number): string {
  return `params.${field}[${i >> 2}].${LANES[i & 3]}`;
}

/**
 * Number of vec4s that hold `count` values (at least 1: WGSL arrays are not empty).
 *
 * @example
 * ```ts
 * vec4Count(5); // 2
 * ```
 */
export function vec4Count(count: number): number {
  return Math.max(1, Math.ceil(count / 4));
}

/**
 * `values` padded with zeros to fill {@link vec4Count} vec4s, for a uniform array field.
 *
 * @example
 * ```ts
 * padVec4([3, 4]); // [3, 4, 0, 0]
 * ```
 */
export function padVec4(values: readonly number[]): number[] {
  const out = new Array<number>(vec4Count(values.length) * 4).fill(0);
  values.forEach((v, i) => (out[i] = v));
  return out;
}

/**
 * WGSL statements that split a flat row-major index `flat` (a u32 expression) into coordinates
 * `${prefix}0 .. ${prefix}{rank-1}` over the uniform vec4 array `shapeField`.
 *
 * @example
 * ```ts
 * coordinates('i', 2, 'shape'); // declares c1 = i % shape[1], then c0 = i / shape[1]
 * ```
 */
export function coordinates(flat: string, rank: number, shapeField: string, prefix = 'c'): string {
  if (rank === 0) return '';
  const lines = [`var rem_${prefix} = ${flat};`];
  for (let d = rank - 1; d > 0; d--) {
    lines.push(`let ${prefix}${d} = rem_${prefix} % ${lane(shapeField, d)}; rem_${prefix} = rem_${prefix} / ${lane(shapeField, d)};`);
  }
  lines.push(`let ${prefix}0 = rem_${prefix};`);
  return lines.join('\n  ');
}

/**
 * WGSL i32 expression `offset + sum_d i32(c_d) * stride_d` over uniform vec4 arrays.
 *
 * @example
 * ```ts
 * stridedOffset('off', 1, 'st'); // 'off + i32(c0) * params.st[0].x'
 * ```
 */
export function stridedOffset(offset: string, rank: number, stridesField: string, prefix = 'c'): string {
  let expr = offset;
  for (let d = 0; d < rank; d++) expr += ` + i32(${prefix}${d}) * ${lane(stridesField, d)}`;
  return expr;
}
