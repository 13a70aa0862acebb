/**
 * The CPU backprojection loop through the WebAssembly kernel (self-contained: the pool's workers
 * compile its source).
 * @module
 */

/**
 * {@link backprojectTiles} with the tiles accumulated by the WebAssembly module of
 * {@link backprojectWasm} (`wasm`, its bytes, compiled once per thread: the instance is kept on
 * `globalThis`), tiles at most `WASM_TILE` wide. With `halves` 1,
 * the same arguments give the same results to the bit.
 *
 * With `halves` 2 (angles θ_{a + A/2} = θ_a + π/2, see {@link quarterTurnSymmetric}), the
 * second half of each sinogram is backprojected with the first half's angles — on the image
 * turned a quarter: `t` at angle θ + π/2 for pixel (x, y) is `t` at θ for pixel
 * `(2·cx − y, x)` — so each slice makes two channels that share every interpolation position.
 * The first channel goes to `out`; the second, scaled and masked, to `rotated`
 * (`[nSlices, size, width]` with `width = size + 2·cx − (size − 1)`), which
 * {@link addQuarterTurn} then adds to `out`. Tiles are numbered over that width.
 *
 * Channels go four, then two, then one at a time; the projections are copied (interleaved by
 * channel, as float64) into the module's memory once per call.
 *
 * @example
 * ```ts
 * backprojectTilesWasm(0, tiles, size, 64, 1, nAngles, nDet, sino, cos, sin, center, cx, scale, -1, out, 1, out, backprojectWasm());
 * ```
 */
export function backprojectTilesWasm(
  first: number,
  count: number,
  size: number,
  tile: number,
  nSlices: number,
  nAngles: number,
  nDet: number,
  sino: Float32Array,
  cos: Float64Array,
  sin: Float64Array,
  center: number,
  imageCenter: number,
  scale: number,
  radius: number,
  out: Float32Array,
  halves: number,
  rotated: Float32Array,
  wasm: Uint8Array<ArrayBuffer>,
): void {
  type Tile = (sino: number, trig: number, acc: number, nAngles: number, nDet: number, width: number, height: number, x0: number, y0: number, center: number, cx: number) => void;
  // one instance per thread, kept on globalThis (this loop may not name outer variables) under the bytes' length and FNV-1a hash
  let hash = 0x811c9dc5;
  for (let i = 0; i < wasm.length; i++) hash = Math.imul(hash ^ wasm[i], 0x01000193);
  const key = `tomo:backprojectTilesWasm:${wasm.length}:${hash >>> 0}`;
  const instances = ((globalThis as unknown as { __pandaasWasmInstances?: Map<string, WebAssembly.Instance> }).__pandaasWasmInstances ??= new Map());
  let instance = instances.get(key);
  if (instance === undefined) {
    instance = new WebAssembly.Instance(new WebAssembly.Module(wasm));
    instances.set(key, instance);
  }
  const exports = instance.exports as { mem: WebAssembly.Memory; tile1: Tile; tile2: Tile; tile4: Tile };
  const accWidth = 64; // WASM_TILE: the accumulator's row length
  const angles = nAngles / halves;
  const channels = nSlices * halves;
  const groups: number[] = []; // channels per group, in channel order
  for (let c = 0; c < channels; ) {
    const k = channels - c >= 4 ? 4 : channels - c >= 2 ? 2 : 1;
    groups.push(k);
    c += k;
  }
  // memory: trig, accumulators, then each group's interleaved projections (and 8 values of slack)
  const accAt = 16 * angles;
  const sinoAt = accAt + 8 * 4 * accWidth * tile;
  const bytes = sinoAt + 8 * (channels * angles * nDet + 8 * groups.length);
  const pages = Math.ceil(bytes / 65536) - exports.mem.buffer.byteLength / 65536;
  if (pages > 0) exports.mem.grow(pages);
  const heap = exports.mem.buffer;
  const trig = new Float64Array(heap, 0, 2 * angles);
  for (let a = 0; a < angles; a++) {
    trig[2 * a] = cos[a];
    trig[2 * a + 1] = sin[a];
  }
  const acc = new Float64Array(heap, accAt, 4 * accWidth * tile);
  const groupAt: number[] = [];
  const plane = nAngles * nDet;
  for (let g = 0, c0 = 0, at = sinoAt; g < groups.length; c0 += groups[g], g++) {
    const k = groups[g];
    groupAt.push(at);
    const dst = new Float64Array(heap, at, k * (angles * nDet + 2));
    for (let j = 0; j < k; j++) {
      const c = c0 + j;
      const src = Math.floor(c / halves) * plane + (c % halves) * angles * nDet;
      for (let e = 0; e < angles * nDet; e++) dst[e * k + j] = sino[src + e];
    }
    dst.fill(0, k * angles * nDet);
    at += 8 * k * (angles * nDet + 2);
  }
  const width = size + (halves === 2 ? Math.round(2 * imageCenter) - (size - 1) : 0);
  const perRow = Math.ceil(width / tile);
  for (let n = first; n < first + count; n++) {
    const y0 = Math.floor(n / perRow) * tile;
    const x0 = (n % perRow) * tile;
    const tw = Math.min(tile, width - x0);
    const th = Math.min(tile, size - y0);
    const tw2 = tw + (tw % 2);
    const nx = Math.min(Math.max(imageCenter, x0), x0 + tw - 1) - imageCenter;
    const ny = Math.min(Math.max(imageCenter, y0), y0 + th - 1) - imageCenter;
    const outside = radius >= 0 && nx * nx + ny * ny > radius * radius;
    for (let g = 0, c0 = 0; g < groups.length; c0 += groups[g], g++) {
      const k = groups[g];
      acc.fill(0, 0, k * accWidth * th);
      if (!outside) {
        const run = k === 4 ? exports.tile4 : k === 2 ? exports.tile2 : exports.tile1;
        run(groupAt[g], 0, accAt, angles, nDet, tw2, th, x0, y0, center, imageCenter);
      }
      for (let j = 0; j < k; j++) {
        const c = c0 + j;
        const s = Math.floor(c / halves);
        const second = c % halves === 1;
        const target = second ? rotated : out;
        const stride = second ? width : size;
        for (let yy = 0; yy < th; yy++) {
          const dy = y0 + yy - imageCenter;
          const row = (s * size + y0 + yy) * stride + x0;
          for (let xx = 0; xx < (second ? tw : Math.min(tw, size - x0)); xx++) {
            const dx = x0 + xx - imageCenter;
            const masked = radius >= 0 && dx * dx + dy * dy > radius * radius;
            target[row + xx] = masked ? 0 : acc[(yy * accWidth + xx) * k + j] * scale;
          }
        }
      }
    }
  }
}

/**
 * Adds the quarter-turned channel of {@link backprojectTilesWasm} to the images: for rows
 * `[first, first + count)` of every slice, `out[s, y, x] += rotated[s, x, 2·cx − y]`.
 *
 * @example
 * ```ts
 * addQuarterTurn(0, size, size, nSlices, imageCenter, out, rotated);
 * ```
 */
export function addQuarterTurn(first: number, count: number, size: number, nSlices: number, imageCenter: number, out: Float32Array, rotated: Float32Array): void {
  const turn = Math.round(2 * imageCenter);
  const width = size + turn - (size - 1);
  for (let s = 0; s < nSlices; s++) {
    for (let y = first; y < first + count; y++) {
      const row = (s * size + y) * size;
      const column = s * size * width + turn - y;
      for (let x = 0; x < size; x++) out[row + x] += rotated[column + x * width];
    }
  }
}
