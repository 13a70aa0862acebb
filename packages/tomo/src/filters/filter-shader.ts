/**
 * WGSL of the WebGPU sinogram filter: the filter as a direct convolution with its spatial
 * kernel, one workgroup per 256 outputs of a row, the row and the kernel staged in workgroup
 * memory 256 samples at a time.
 * @module
 */

/** Outputs per workgroup (one per invocation) and samples per staged tile. */
export const FILTER_TILE = 256;

/** Bytes of the `params` uniform (four 32-bit fields). */
export const FILTER_PARAM_BYTES = 16;

/**
 * The bytes of the `params` uniform: detector width, number of rows, whether the edge terms are
 * added, and the dispatch grid's width in workgroups.
 *
 * @example
 * ```ts
 * device.queue.writeBuffer(uniform, 0, packFilterParams(363, 720, false, 2160));
 * ```
 */
export function packFilterParams(nDet: number, rows: number, edge: boolean, gridX: number): ArrayBuffer {
  return Uint32Array.of(nDet, rows, edge ? 1 : 0, gridX).buffer;
}

/**
 * The filter shader. Bindings: 0 `params`, 1 `kernel` (`2·nDet − 1` values, `kernel[d + nDet −
 * 1]` the weight of input k on output k + d), 2 `edges` (`2·nDet` values: per output, the weight
 * of the last and of the first value over the padding), 3 `src` (`[rows, nDet]`), 4 `dst`.
 * Output j of a row is `Σₖ src[k]·kernel[j − k + nDet − 1]` (+ the edge terms), summed in
 * float32.
 *
 * @example
 * ```ts
 * const program = await gpu.program('tomo-filter', filterShader);
 * ```
 */
export function filterShader(): string {
  return /* wgsl */ `
struct Params {
  n_det: u32,
  rows: u32,
  edge: u32,
  grid_x: u32,
};
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> kernel: array<f32>;
@group(0) @binding(2) var<storage, read> edges: array<f32>;
@group(0) @binding(3) var<storage, read> src: array<f32>;
@group(0) @binding(4) var<storage, read_write> dst: array<f32>;

var<workgroup> row_tile: array<f32, ${FILTER_TILE}>;
var<workgroup> kernel_tile: array<f32, ${2 * FILTER_TILE}>;

@compute @workgroup_size(${FILTER_TILE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let n = params.n_det;
  let blocks = (n + ${FILTER_TILE - 1}u) / ${FILTER_TILE}u;
  let flat = wid.x + wid.y * params.grid_x;
  if (flat >= params.rows * blocks) {
    return;
  }
  let row = flat / blocks;
  let j0 = (flat % blocks) * ${FILTER_TILE}u;
  let j = j0 + li;
  let start = row * n;
  let kernel_len = i32(2u * n - 1u);
  var acc = 0.0;
  for (var k0 = 0u; k0 < n; k0 += ${FILTER_TILE}u) {
    workgroupBarrier();
    let k = k0 + li;
    row_tile[li] = 0.0;
    if (k < n) {
      row_tile[li] = src[start + k];
    }
    // kernel_tile[m] = kernel[j0 - k0 - ${FILTER_TILE - 1} + m + n - 1]: every weight the tile needs
    let first = i32(j0) - i32(k0) - ${FILTER_TILE - 1} + i32(n) - 1;
    for (var m = li; m < ${2 * FILTER_TILE - 1}u; m += ${FILTER_TILE}u) {
      let at = first + i32(m);
      kernel_tile[m] = 0.0;
      if (at >= 0 && at < kernel_len) {
        kernel_tile[m] = kernel[at];
      }
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${FILTER_TILE}u; kk++) {
      acc += row_tile[kk] * kernel_tile[li + ${FILTER_TILE - 1}u - kk];
    }
  }
  if (j < n) {
    if (params.edge != 0u) {
      acc += src[start + n - 1u] * edges[j] + src[start] * edges[n + j];
    }
    dst[start + j] = acc;
  }
}
`;
}
