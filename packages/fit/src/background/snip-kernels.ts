/**
 * silx's snip1d in place on `rows` spectra of `m` channels stored one after the other from
 * `offset` in `data`: for p = width down to 1, every channel i in [p, m - p) becomes
 * min(y[i], (y[i - p] + y[i + p]) / 2), all channels of one p reading the values before that p.
 * The old values still needed (those p behind) wait in a ring of p numbers, so the update runs in
 * place; widths past (m - 1) / 2 change nothing and are skipped. Self-contained (no imports, no
 * outer variables): the CPU pool's workers run its source text. Allocates one ring per call.
 *
 * @example
 * ```ts
 * snip1dRows(2, 1024, spectra, 0, 16); // both 1024-channel spectra, in place
 * ```
 */
export function snip1dRows(rows: number, m: number, data: Float64Array, offset: number, width: number): void {
  const top = Math.min(width, Math.floor((m - 1) / 2));
  if (top < 1) return;
  const ring = new Float64Array(top);
  for (let r = 0; r < rows; r++) {
    const base = offset + r * m;
    for (let p = top; p > 0; p--) {
      for (let k = 0; k < p; k++) ring[k] = data[base + k];
      const end = base + m - p;
      let s = 0;
      for (let i = base + p; i < end; i++) {
        const left = ring[s];
        const v = data[i];
        ring[s] = v;
        s++;
        if (s === p) s = 0;
        const mean = 0.5 * (left + data[i + p]);
        data[i] = v < mean ? v : mean;
      }
    }
  }
}

/**
 * {@link snip1dRows} through the background WebAssembly module (wasm.ts): each spectrum is copied
 * twice into the module's memory, clipped there, and copied back; same doubles as the JavaScript
 * loop. `wasm` is an instance of the module, or its bytes (compiled here once per thread and the
 * instance kept on `globalThis`: how pool workers, which receive the bytes with their task, get one). Self-contained, for the CPU pool.
 *
 * @example
 * ```ts
 * snip1dRowsWasm(2, 1024, spectra, 0, 16, backgroundWasmInstance());
 * ```
 */
export function snip1dRowsWasm(
  rows: number,
  m: number,
  data: Float64Array,
  offset: number,
  width: number,
  wasm: WebAssembly.Instance | Uint8Array,
): void {
  const top = Math.min(width, Math.floor((m - 1) / 2));
  if (top < 1) return;
  let instance = wasm instanceof WebAssembly.Instance ? wasm : undefined;
  if (instance === undefined) {
    // bytes: one instance per thread, kept on globalThis (this loop may not name outer variables) under the bytes' length and FNV-1a hash
    const bytes = wasm as Uint8Array<ArrayBuffer>;
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const key = `fit/background:snip1dRowsWasm:${bytes.length}:${hash >>> 0}`;
    const instances = ((globalThis as unknown as { __pandaasWasmInstances?: Map<string, WebAssembly.Instance> }).__pandaasWasmInstances ??= new Map());
    instance = instances.get(key);
    if (instance === undefined) {
      instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      instances.set(key, instance);
    }
  }
  const memory = instance.exports.mem as WebAssembly.Memory;
  const snip = instance.exports.snip as (a: number, b: number, m: number, top: number) => void;
  const pages = Math.ceil((16 * m) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (have < pages) memory.grow(pages - have);
  const heap = new Float64Array(memory.buffer, 0, 2 * m);
  const result = top % 2 === 1 ? m : 0;
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(offset + r * m, offset + (r + 1) * m);
    heap.set(row, 0);
    heap.set(row, m);
    snip(0, 8 * m, m, top);
    row.set(heap.subarray(result, result + m));
  }
}

/**
 * silx's snip2d through the background WebAssembly module (wasm.ts) for the image rows
 * [start, end): rows [start - h, end + h) of `input` (h = Σp = top(top + 1)/2, clipped to the
 * image) are copied twice into the module's memory and all steps p = top..1 run there, each on
 * the rows p from the band's edges; errors from the band's cut edges travel at most h rows inward,
 * so rows [start, end) come out exact and are written to `output` (a different array). Bands run
 * independently: one pool task per band, no synchronisation between steps. `wasm` is an instance
 * or the module's bytes (compiled once per thread, the instance kept on `globalThis`). Self-contained, for the CPU pool.
 *
 * @example
 * ```ts
 * snip2dBandWasm(512, 512, image, background, 10, 0, 512, backgroundWasmInstance()); // the whole image
 * ```
 */
export function snip2dBandWasm(
  rows: number,
  cols: number,
  input: Float64Array,
  output: Float64Array,
  width: number,
  start: number,
  end: number,
  wasm: WebAssembly.Instance | Uint8Array,
): void {
  const top = Math.min(width, Math.floor((rows - 1) / 2), Math.floor((cols - 1) / 2));
  const halo = (top * (top + 1)) / 2;
  const first = Math.max(0, start - halo);
  const last = Math.min(rows, end + halo);
  const size = (last - first) * cols;
  let instance = wasm instanceof WebAssembly.Instance ? wasm : undefined;
  if (instance === undefined) {
    // bytes: one instance per thread, kept on globalThis (this loop may not name outer variables) under the bytes' length and FNV-1a hash
    const bytes = wasm as Uint8Array<ArrayBuffer>;
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const key = `fit/background:snip2dBandWasm:${bytes.length}:${hash >>> 0}`;
    const instances = ((globalThis as unknown as { __pandaasWasmInstances?: Map<string, WebAssembly.Instance> }).__pandaasWasmInstances ??= new Map());
    instance = instances.get(key);
    if (instance === undefined) {
      instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      instances.set(key, instance);
    }
  }
  const memory = instance.exports.mem as WebAssembly.Memory;
  const step = instance.exports.snip2d as (a: number, b: number, rows: number, cols: number, p: number) => void;
  const pages = Math.ceil((16 * size) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (have < pages) memory.grow(pages - have);
  const heap = new Float64Array(memory.buffer, 0, 2 * size);
  const band = input.subarray(first * cols, last * cols);
  heap.set(band, 0);
  heap.set(band, size);
  let a = 0;
  let b = size;
  for (let p = top; p > 0; p--) {
    step(8 * a, 8 * b, last - first, cols, p);
    const t = a;
    a = b;
    b = t;
  }
  output.set(heap.subarray(a + (start - first) * cols, a + (end - first) * cols), start * cols);
}

/**
 * One step p of silx's snip2d on a `rows` x `cols` image (row-major): for rows i in
 * [rowStart, rowEnd) within [p, rows - p) and columns j in [p, cols - p), `dst` gets the clipped
 * value computed from `src` (Morháč's 2-D SNIP: the four edge midpoints minus the corner means,
 * plus the corner mean, against the sample). Self-contained, for the CPU pool; allocates nothing.
 *
 * @example
 * ```ts
 * for (let p = width; p > 0; p--) { snip2dStep(rows, cols, src, dst, p, 0, rows); [src, dst] = [dst, src]; }
 * ```
 */
export function snip2dStep(
  rows: number,
  cols: number,
  src: Float64Array,
  dst: Float64Array,
  p: number,
  rowStart: number,
  rowEnd: number,
): void {
  const i0 = Math.max(p, rowStart);
  const i1 = Math.min(rows - p, rowEnd);
  const jEnd = cols - p;
  for (let i = i0; i < i1; i++) {
    const above = (i - p) * cols;
    const here = i * cols;
    const below = (i + p) * cols;
    for (let j = p; j < jEnd; j++) {
      const p4 = src[above + j - p];
      let s4 = src[above + j];
      const p2 = src[above + j + p];
      let s3 = src[here + j - p];
      let s2 = src[here + j + p];
      const p3 = src[below + j - p];
      let s1 = src[below + j];
      const p1 = src[below + j + p];
      let mid = 0.5 * (p1 + p3);
      s1 = (s1 > mid ? s1 : mid) - mid;
      mid = 0.5 * (p1 + p2);
      s2 = (s2 > mid ? s2 : mid) - mid;
      mid = 0.5 * (p3 + p4);
      s3 = (s3 > mid ? s3 : mid) - mid;
      mid = 0.5 * (p2 + p4);
      s4 = (s4 > mid ? s4 : mid) - mid;
      const clip = 0.5 * (s1 + s2 + s3 + s4) + 0.25 * (p1 + p2 + p3 + p4);
      const v = src[here + j];
      dst[here + j] = v < clip ? v : clip;
    }
  }
}
