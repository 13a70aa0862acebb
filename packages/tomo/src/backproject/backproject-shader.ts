/**
 * WGSL of the WebGPU backprojection: one invocation per output pixel and up to
 * {@link SLICES_PER_THREAD} slices, 16 × 16 pixels per workgroup, the angles' cos/sin staged in
 * workgroup memory {@link ANGLE_CHUNK} at a time.
 * @module
 */

/** Slices one invocation accumulates (they share the interpolation position). */
export const SLICES_PER_THREAD = 4;

/** Angles staged in workgroup memory at a time (one per invocation of the 16 × 16 workgroup). */
export const ANGLE_CHUNK = 256;

/** Side of the square workgroup, in pixels. */
export const WORKGROUP_SIDE = 16;

/** Bytes of the `params` uniform (twelve 32-bit fields). */
export const BACKPROJECT_PARAM_BYTES = 48;

/** Values of the `params` uniform of one dispatch. */
export interface BackprojectParams {
  /** First angle of this dispatch, and how many. */
  readonly firstAngle: number;
  readonly angleCount: number;
  readonly nDet: number;
  readonly size: number;
  /** Values between two slices of the sinogram buffer (`nAngles · nDet`). */
  readonly plane: number;
  /** Slices in the buffers. */
  readonly nSlices: number;
  /** Whether the dispatch adds to `out` (later angle ranges) rather than overwriting it. */
  readonly accumulate: boolean;
  readonly center: number;
  readonly imageCenter: number;
  readonly scale: number;
  /** Square of the circle's radius, or −1 for no mask. */
  readonly radius2: number;
}

/**
 * The bytes of the `params` uniform, laid out as the WGSL struct `Params` declares it.
 *
 * @example
 * ```ts
 * device.queue.writeBuffer(uniform, 0, packBackprojectParams(p));
 * ```
 */
export function packBackprojectParams(p: BackprojectParams): ArrayBuffer {
  const bytes = new ArrayBuffer(BACKPROJECT_PARAM_BYTES);
  const u32 = new Uint32Array(bytes);
  const f32 = new Float32Array(bytes);
  u32[0] = p.firstAngle;
  u32[1] = p.angleCount;
  u32[2] = p.nDet;
  u32[3] = p.size;
  u32[4] = p.plane;
  u32[5] = p.nSlices;
  u32[6] = p.accumulate ? 1 : 0;
  f32[7] = p.center;
  f32[8] = p.imageCenter;
  f32[9] = p.scale;
  f32[10] = p.radius2;
  f32[11] = p.nDet - 1;
  return bytes;
}

/**
 * The backprojection shader. Bindings: 0 `params`, 1 `trig` (`vec2f(cos θ, sin θ)` per angle),
 * 2 `sino` (`[nSlices, nAngles, nDet]`), 3 `out` (`[nSlices, size, size]`). Workgroup
 * `(x, y, z)` covers pixels `16x … 16x+15`, `16y … 16y+15` of slices `4z … 4z+3`. Each angle
 * chunk is summed apart before joining the total (two-level float32 summation).
 *
 * @example
 * ```ts
 * const program = await gpu.program('tomo-backproject', backprojectShader);
 * ```
 */
export function backprojectShader(): string {
  const k = Array.from({ length: SLICES_PER_THREAD }, (_, i) => i);
  return /* wgsl */ `
struct Params {
  first_angle: u32,
  angle_count: u32,
  n_det: u32,
  size: u32,
  plane: u32,
  n_slices: u32,
  accumulate: u32,
  center: f32,
  image_center: f32,
  scale: f32,
  radius2: f32,
  last: f32,
};
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> trig: array<vec2f>;
@group(0) @binding(2) var<storage, read> sino: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> staged: array<vec2f, ${ANGLE_CHUNK}>;

@compute @workgroup_size(${WORKGROUP_SIDE}, ${WORKGROUP_SIDE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let x = wid.x * ${WORKGROUP_SIDE}u + lid.x;
  let y = wid.y * ${WORKGROUP_SIDE}u + lid.y;
  let first_slice = wid.z * ${SLICES_PER_THREAD}u;
  let dx = f32(x) - params.image_center;
  let dy = f32(y) - params.image_center;
  ${k.map((i) => `let base${i} = min(first_slice + ${i}u, params.n_slices - 1u) * params.plane;`).join('\n  ')}
  var total = vec4f(0.0);
  for (var a0 = 0u; a0 < params.angle_count; a0 += ${ANGLE_CHUNK}u) {
    let count = min(${ANGLE_CHUNK}u, params.angle_count - a0);
    workgroupBarrier();
    if (li < count) {
      staged[li] = trig[params.first_angle + a0 + li];
    }
    workgroupBarrier();
    var part = vec4f(0.0);
    for (var j = 0u; j < count; j++) {
      let cs = staged[j];
      let t = params.center + dx * cs.x - dy * cs.y;
      if (t >= 0.0 && t <= params.last) {
        let tf = floor(t);
        let f = t - tf;
        let row = (params.first_angle + a0 + j) * params.n_det;
        let i0 = row + u32(tf);
        let i1 = row + min(u32(tf) + 1u, params.n_det - 1u);
        part += vec4f(${k.map((i) => `mix(sino[base${i} + i0], sino[base${i} + i1], f)`).join(', ')});
      }
    }
    total += part;
  }
  if (x >= params.size || y >= params.size) {
    return;
  }
  let masked = params.radius2 >= 0.0 && dx * dx + dy * dy > params.radius2;
  let pixel = y * params.size + x;
  let image = params.size * params.size;
  ${k
    .map(
      (i) => `if (first_slice + ${i}u < params.n_slices) {
    let at = (first_slice + ${i}u) * image + pixel;
    let before = select(0.0, out[at], params.accumulate != 0u);
    out[at] = select(before + total[${i}] * params.scale, 0.0, masked);
  }`,
    )
    .join('\n  ')}
}
`;
}
