/**
 * The strip and SNIP inner loops as a WebAssembly module with 128-bit SIMD, assembled here from
 * the listings below (about 1.5 kB). Two float64 lanes per instruction and branch-free
 * selection (`f64x2.pmin`, `v128.bitselect`) make them several times faster than the same loops
 * in JavaScript, with the same IEEE arithmetic in the same order, so the same doubles as silx.
 *
 * The module exports `mem` (one page to start, grown by the caller) and two functions over two
 * copies of one spectrum at byte offsets `a` and `b` of `mem`, alternating between them:
 * - `snip(a, b, m, top)`: for p = top down to 1, b[i] = pmin((a[i-p] + a[i+p]) * 0.5, a[i]) for i
 *   in [p, m - p), then swap. The result ends in `b` when `top` is odd.
 * - `strip(a, b, n, w, iterations, factor) -> passes`: per pass, with mean = (a[i-w] + a[i+w]) *
 *   0.5, b[i] = a[i] > mean * factor ? mean : a[i] for i in [w, n - w), then swap; stops after a
 *   pass that changes nothing. The result ends in `b` when the number of passes is odd.
 * - `snip2d(a, b, rows, cols, p)`: one step of the 2-D SNIP from image a into image b (the
 *   caller swaps them between steps).
 */

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const funcType = (params: number[], results: number[]) => [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];

// instructions (https://webassembly.github.io/spec/core/binary/instructions.html)
const get = (local: number) => [0x20, ...uleb(local)];
const set = (local: number) => [0x21, ...uleb(local)];
const i32 = (value: number) => [0x41, ...sleb(value)];
const f64 = (value: number) => [0x44, ...new Uint8Array(new Float64Array([value]).buffer)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const ALIGN8 = [3, 0]; // memarg: 8-byte alignment, offset 0
const [ADD, SUB, SHL, AND, OR, LT_S, GE_S, EQZ] = [[0x6a], [0x6b], [0x74], [0x71], [0x72], [0x48], [0x4e], [0x45]];
const [F64_LOAD, F64_STORE, F64_ADD, F64_MUL, F64_LT, F64_GT, F64_NE, SELECT] = [[0x2b], [0x39], [0xa0], [0xa2], [0x63], [0x64], [0x62], [0x1b]];
const [V128_LOAD, V128_STORE, F64X2_SPLAT, F64X2_ADD, F64X2_MUL, F64X2_PMIN] = [
  simd(0x00), simd(0x0b), simd(0x14), simd(0xf0), simd(0xf2), simd(0xf6),
];
const [F64X2_NE, F64X2_GT, V128_AND, V128_OR, V128_BITSELECT, V128_ANY_TRUE] = [
  simd(0x48), simd(0x4a), simd(0x4e), simd(0x50), simd(0x52), simd(0x53),
];
const [F64X2_SUB, F64X2_PMAX, F64_SUB, MUL] = [simd(0xf1), simd(0xf7), [0xa1], [0x6c]];
const V128_ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = [0x0b];
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];

/** Byte address of element `index` (an i32 expression) of the buffer at byte offset local `base`. */
const at = (base: number, index: number[]) => [...get(base), ...index, ...i32(3), ...SHL, ...ADD];

/** snip(a, b, m, top); locals p, i, end, t (i32), half (v128), v, mean (f64). */
function snipCode(): number[] {
  const [A, B, M, TOP, P, I, N_END, T, HALF, V, MEAN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const minusP = [...get(I), ...get(P), ...SUB];
  const plusP = [...get(I), ...get(P), ...ADD];
  const body = [
    ...f64(0.5), ...F64X2_SPLAT, ...set(HALF),
    ...get(TOP), ...set(P),
    ...BLOCK, ...LOOP, // for (p = top; p >= 1; p--)
    ...get(P), ...i32(1), ...LT_S, ...brIf(1),
    ...get(M), ...get(P), ...SUB, ...set(N_END),
    ...get(P), ...set(I),
    ...BLOCK, ...LOOP, // two channels at a time while i + 1 < end
    ...get(I), ...i32(1), ...ADD, ...get(N_END), ...GE_S, ...brIf(1),
    ...at(B, get(I)),
    ...at(A, minusP), ...V128_LOAD, ...ALIGN8,
    ...at(A, plusP), ...V128_LOAD, ...ALIGN8,
    ...F64X2_ADD, ...get(HALF), ...F64X2_MUL,
    ...at(A, get(I)), ...V128_LOAD, ...ALIGN8,
    ...F64X2_PMIN, // pmin(mean, v) = v < mean ? v : mean
    ...V128_STORE, ...ALIGN8,
    ...get(I), ...i32(2), ...ADD, ...set(I),
    ...br(0),
    ...END, ...END,
    ...get(I), ...get(N_END), ...LT_S, ...IF, // the last channel when the count is odd
    ...at(B, get(I)),
    ...at(A, get(I)), ...F64_LOAD, ...ALIGN8, ...set(V),
    ...at(A, minusP), ...F64_LOAD, ...ALIGN8,
    ...at(A, plusP), ...F64_LOAD, ...ALIGN8,
    ...F64_ADD, ...f64(0.5), ...F64_MUL, ...set(MEAN),
    ...get(V), ...get(MEAN), ...get(V), ...get(MEAN), ...F64_LT, ...SELECT,
    ...F64_STORE, ...ALIGN8,
    ...END,
    ...get(A), ...set(T), ...get(B), ...set(A), ...get(T), ...set(B), // swap the buffers
    ...get(P), ...i32(1), ...SUB, ...set(P),
    ...br(0),
    ...END, ...END,
    ...END,
  ];
  return [...vec([[4, I32], [1, V128], [2, F64]]), ...body];
}

/**
 * strip(a, b, n, w, iterations, factor) -> passes; locals pass, i, end, t, changed (i32), half,
 * fac, changes, v, mean, mask (v128), sv, smean (f64).
 */
function stripCode(): number[] {
  const [A, B, N, W, ITERATIONS, FACTOR] = [0, 1, 2, 3, 4, 5];
  const [PASS, I, N_END, T, CHANGED] = [6, 7, 8, 9, 10];
  const [HALF, FAC, CHANGES, V, MEAN, MASK] = [11, 12, 13, 14, 15, 16];
  const [SV, SMEAN] = [17, 18];
  const minusW = [...get(I), ...get(W), ...SUB];
  const plusW = [...get(I), ...get(W), ...ADD];
  const body = [
    ...f64(0.5), ...F64X2_SPLAT, ...set(HALF),
    ...get(FACTOR), ...F64X2_SPLAT, ...set(FAC),
    ...get(N), ...get(W), ...SUB, ...set(N_END),
    ...i32(0), ...set(PASS),
    ...BLOCK, ...LOOP, // while (pass < iterations)
    ...get(PASS), ...get(ITERATIONS), ...GE_S, ...brIf(1),
    ...V128_ZERO, ...set(CHANGES),
    ...i32(0), ...set(CHANGED),
    ...get(W), ...set(I),
    ...BLOCK, ...LOOP, // two channels at a time while i + 1 < end
    ...get(I), ...i32(1), ...ADD, ...get(N_END), ...GE_S, ...brIf(1),
    ...at(A, get(I)), ...V128_LOAD, ...ALIGN8, ...set(V),
    ...at(A, minusW), ...V128_LOAD, ...ALIGN8,
    ...at(A, plusW), ...V128_LOAD, ...ALIGN8,
    ...F64X2_ADD, ...get(HALF), ...F64X2_MUL, ...set(MEAN),
    ...get(V), ...get(MEAN), ...get(FAC), ...F64X2_MUL, ...F64X2_GT, ...set(MASK), // v > mean * factor
    ...at(B, get(I)),
    ...get(MEAN), ...get(V), ...get(MASK), ...V128_BITSELECT, // mask ? mean : v
    ...V128_STORE, ...ALIGN8,
    ...get(CHANGES), ...get(MASK), ...get(MEAN), ...get(V), ...F64X2_NE, ...V128_AND, ...V128_OR, ...set(CHANGES),
    ...get(I), ...i32(2), ...ADD, ...set(I),
    ...br(0),
    ...END, ...END,
    ...get(I), ...get(N_END), ...LT_S, ...IF, // the last channel when the count is odd
    ...at(A, get(I)), ...F64_LOAD, ...ALIGN8, ...set(SV),
    ...at(A, minusW), ...F64_LOAD, ...ALIGN8,
    ...at(A, plusW), ...F64_LOAD, ...ALIGN8,
    ...F64_ADD, ...f64(0.5), ...F64_MUL, ...set(SMEAN),
    ...at(B, get(I)),
    ...get(SMEAN), ...get(SV), ...get(SV), ...get(SMEAN), ...get(FACTOR), ...F64_MUL, ...F64_GT, ...SELECT,
    ...F64_STORE, ...ALIGN8,
    ...get(SV), ...get(SMEAN), ...get(FACTOR), ...F64_MUL, ...F64_GT, ...get(SV), ...get(SMEAN), ...F64_NE, ...AND, ...set(CHANGED),
    ...END,
    ...get(A), ...set(T), ...get(B), ...set(A), ...get(T), ...set(B), // swap the buffers
    ...get(PASS), ...i32(1), ...ADD, ...set(PASS),
    ...get(CHANGES), ...V128_ANY_TRUE, ...get(CHANGED), ...OR, ...EQZ, ...brIf(1), // a pass that changed nothing
    ...br(0),
    ...END, ...END,
    ...get(PASS),
    ...END,
  ];
  return [...vec([[5, I32], [6, V128], [2, F64]]), ...body];
}

/**
 * snip2d(a, b, rows, cols, p): one step of silx's snip2d, b[i][j] for i in [p, rows - p), j in
 * [p, cols - p) from the eight pixels p away in a (row-major, `cols` wide). Locals: i, j, end,
 * above, here, below, out (i32); half, quarter, P1-P4, S1-S4, mid (v128); the same eleven as f64
 * for the last column when the count is odd.
 */
function snip2dCode(): number[] {
  const [A, B, ROWS, COLS, P] = [0, 1, 2, 3, 4];
  const [I, J, J_END, ABOVE, HERE, BELOW, OUT] = [5, 6, 7, 8, 9, 10, 11];
  const vector = { HALF: 12, QUARTER: 13, P1: 14, P2: 15, P3: 16, P4: 17, S1: 18, S2: 19, S3: 20, S4: 21, MID: 22 };
  const scalar = { HALF: 23, QUARTER: 24, P1: 25, P2: 26, P3: 27, P4: 28, S1: 29, S2: 30, S3: 31, S4: 32, MID: 33 };
  /** Byte address of column `column` (an i32 expression) in the row starting at byte offset local `row`. */
  const cell = (row: number, column: number[]) => [...get(row), ...column, ...i32(3), ...SHL, ...ADD];
  const minusP = [...get(J), ...get(P), ...SUB];
  const plusP = [...get(J), ...get(P), ...ADD];
  /** The clipping of the pixel at column j, two columns at a time (v128) or one (f64). */
  function clip(wide: boolean): number[] {
    const L = wide ? vector : scalar;
    const load = wide ? [...V128_LOAD, ...ALIGN8] : [...F64_LOAD, ...ALIGN8];
    const add = wide ? F64X2_ADD : F64_ADD;
    const sub = wide ? F64X2_SUB : F64_SUB;
    const mul = wide ? F64X2_MUL : F64_MUL;
    // max(s, mid) as C's s > mid ? s : mid; min(v, clip) as v < clip ? v : clip
    const clipped = (s: number) => [
      ...(wide ? [...get(L.MID), ...get(s), ...F64X2_PMAX] : [...get(s), ...get(L.MID), ...get(s), ...get(L.MID), ...F64_GT, ...SELECT]),
      ...get(L.MID), ...sub, ...set(s),
    ];
    const midOf = (u: number, v: number) => [...get(u), ...get(v), ...add, ...get(L.HALF), ...mul, ...set(L.MID)];
    return [
      ...cell(ABOVE, minusP), ...load, ...set(L.P4),
      ...cell(ABOVE, get(J)), ...load, ...set(L.S4),
      ...cell(ABOVE, plusP), ...load, ...set(L.P2),
      ...cell(HERE, minusP), ...load, ...set(L.S3),
      ...cell(HERE, plusP), ...load, ...set(L.S2),
      ...cell(BELOW, minusP), ...load, ...set(L.P3),
      ...cell(BELOW, get(J)), ...load, ...set(L.S1),
      ...cell(BELOW, plusP), ...load, ...set(L.P1),
      ...midOf(L.P1, L.P3), ...clipped(L.S1),
      ...midOf(L.P1, L.P2), ...clipped(L.S2),
      ...midOf(L.P3, L.P4), ...clipped(L.S3),
      ...midOf(L.P2, L.P4), ...clipped(L.S4),
      ...cell(OUT, get(J)),
      ...cell(HERE, get(J)), ...load, // v
      ...get(L.S1), ...get(L.S2), ...add, ...get(L.S3), ...add, ...get(L.S4), ...add, ...get(L.HALF), ...mul,
      ...get(L.P1), ...get(L.P2), ...add, ...get(L.P3), ...add, ...get(L.P4), ...add, ...get(L.QUARTER), ...mul,
      ...add, ...set(L.MID), // the clip level
      ...(wide
        ? [...get(L.MID), ...F64X2_PMIN] // pmin(clip, v) = v < clip ? v : clip
        : [...set(L.S1), ...get(L.S1), ...get(L.MID), ...get(L.S1), ...get(L.MID), ...F64_LT, ...SELECT]),
      ...(wide ? [...V128_STORE, ...ALIGN8] : [...F64_STORE, ...ALIGN8]),
    ];
  }
  const rowStart = (base: number, row: number[]) => [...get(base), ...row, ...get(COLS), ...MUL, ...i32(3), ...SHL, ...ADD];
  const body = [
    ...f64(0.5), ...F64X2_SPLAT, ...set(vector.HALF), ...f64(0.25), ...F64X2_SPLAT, ...set(vector.QUARTER),
    ...f64(0.5), ...set(scalar.HALF), ...f64(0.25), ...set(scalar.QUARTER),
    ...get(COLS), ...get(P), ...SUB, ...set(J_END),
    ...get(P), ...set(I),
    ...BLOCK, ...LOOP, // for (i = p; i < rows - p; i++)
    ...get(I), ...get(ROWS), ...get(P), ...SUB, ...GE_S, ...brIf(1),
    ...rowStart(A, [...get(I), ...get(P), ...SUB]), ...set(ABOVE),
    ...rowStart(A, get(I)), ...set(HERE),
    ...rowStart(A, [...get(I), ...get(P), ...ADD]), ...set(BELOW),
    ...rowStart(B, get(I)), ...set(OUT),
    ...get(P), ...set(J),
    ...BLOCK, ...LOOP, // two columns at a time while j + 1 < end
    ...get(J), ...i32(1), ...ADD, ...get(J_END), ...GE_S, ...brIf(1),
    ...clip(true),
    ...get(J), ...i32(2), ...ADD, ...set(J),
    ...br(0),
    ...END, ...END,
    ...get(J), ...get(J_END), ...LT_S, ...IF, ...clip(false), ...END, // the last column when the count is odd
    ...get(I), ...i32(1), ...ADD, ...set(I),
    ...br(0),
    ...END, ...END,
    ...END,
  ];
  return [...vec([[7, I32], [11, V128], [11, F64]]), ...body];
}

let assembled: Uint8Array<ArrayBuffer> | undefined;

/**
 * The bytes of the background WebAssembly module (assembled on first use).
 *
 * @example
 * ```ts
 * const ok = WebAssembly.validate(backgroundWasmBytes()); // false where wasm SIMD is missing
 * ```
 */
export function backgroundWasmBytes(): Uint8Array<ArrayBuffer> {
  if (assembled === undefined) {
    const snip = snipCode();
    const strip = stripCode();
    const snip2d = snip2dCode();
    assembled = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
      ...section(1, vec([funcType([I32, I32, I32, I32], []), funcType([I32, I32, I32, I32, I32, F64], [I32]), funcType([I32, I32, I32, I32, I32], [])])),
      ...section(3, vec([[0], [1], [2]])), // functions: snip (type 0), strip (type 1), snip2d (type 2)
      ...section(5, vec([[0x00, 1]])), // one memory, at least one page
      ...section(7, vec([[...name('snip'), 0x00, 0], [...name('strip'), 0x00, 1], [...name('snip2d'), 0x00, 2], [...name('mem'), 0x02, 0]])),
      ...section(10, vec([[...uleb(snip.length), ...snip], [...uleb(strip.length), ...strip], [...uleb(snip2d.length), ...snip2d]])),
    ]);
  }
  return assembled;
}

let instance: WebAssembly.Instance | null | undefined;

/**
 * This thread's instance of the background module, or null where WebAssembly SIMD is not
 * available (then the JavaScript loops run instead).
 *
 * @example
 * ```ts
 * const wasm = backgroundWasmInstance(); // WebAssembly.Instance | null
 * ```
 */
export function backgroundWasmInstance(): WebAssembly.Instance | null {
  if (instance === undefined) {
    const bytes = backgroundWasmBytes();
    instance = null;
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      try {
        instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      } catch {
        // compiling refused (a Content-Security-Policy without 'wasm-unsafe-eval'): JavaScript loops
      }
    }
  }
  return instance;
}

/**
 * A Float64Array over the first `length` doubles of the module's memory, grown to hold them.
 *
 * @example
 * ```ts
 * const heap = wasmHeap(instance, 2 * n);
 * ```
 */
export function wasmHeap(wasm: WebAssembly.Instance, length: number): Float64Array {
  const memory = wasm.exports.mem as WebAssembly.Memory;
  const pages = Math.ceil((8 * length) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (have < pages) memory.grow(pages - have);
  return new Float64Array(memory.buffer, 0, length);
}
