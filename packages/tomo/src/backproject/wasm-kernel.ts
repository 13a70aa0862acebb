/**
 * The backprojection inner loops as a WebAssembly module with 128-bit SIMD, assembled here (about
 * 2 kB): two pixels per instruction in float64, with the very arithmetic of the JavaScript loop
 * ({@link backprojectTiles}) in the same order, so both give the same bits.
 *
 * The module exports `mem` and `tile1`, `tile2`, `tile4`, which accumulate one image tile of at
 * most {@link WASM_TILE} × {@link WASM_TILE} pixels for K = 1, 2 or 4 channels (slices, or halves
 * of a slice's angles) that share the angles:
 * `tileK(sino, trig, acc, nAngles, nDet, width, height, x0, y0, center, cx)`, byte offsets
 * `sino` (float64 `[nAngles, nDet, K]`, the K channels interleaved, followed by 2·K readable
 * values: float64 rather than the projections' float32 spares the conversions in the loop), `trig` (float64 `cos θ, sin θ` per angle) and `acc` (float64 `[height, WASM_TILE, K]`,
 * added to); `width` even. For angle a and tile row yy,
 * `base = center + (x0 − cx)·cos θ − (y0 + yy − cx)·sin θ`; pixel xx reads the projections at
 * `t = base + xx·cos θ` (linear interpolation; nothing added when t is outside `[0, nDet − 1]`).
 * A row whose two ends fall on the detector takes no bounds test; other rows clamp t and mask.
 * @module
 */
import { T, name, op, section, uleb, v128, vec } from './wasm-encoding.js';

/** The widest tile the module accumulates (its accumulator rows are this long). */
export const WASM_TILE = 64;

/** The channel counts of the exported functions `tile1`, `tile2`, `tile4`. */
export const WASM_CHANNELS = [1, 2, 4] as const;

// parameters, then locals, by index
const [SINO, TRIG, ACC, N_ANGLES, N_DET, WIDTH, HEIGHT, X0, Y0, CENTER, CX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [A, YY, END, OFF, P, I0, I1] = [11, 12, 13, 14, 15, 16, 17];
const [C, S, BASE, LAST, DX0] = [18, 19, 20, 21, 22];
const [CV, BASEV, XV, TV, FV, IV, RAW, MASK, LASTV, F, M, V, RAW2] = [23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];
const LOCALS = [
  [7, T.i32],
  [5, T.f64],
  [13, T.v128],
];

const ZERO = v128.f64x2(0, 0);
const bytes = (from: number) => Array.from({ length: 8 }, (_, i) => from + i);
/** Shuffles: lane 0 (or 1) of both operands side by side; lane 0 or 1 of one operand in both lanes. */
const LANES_0 = [...bytes(0), ...bytes(16)];
const LANES_1 = [...bytes(8), ...bytes(24)];
const LANE = [[...bytes(0), ...bytes(0)], [...bytes(8), ...bytes(8)]];

/** `x += step` (i32 local). */
const bump = (local: number, step: number[]) => [...op.get(local), ...step, ...op.add, ...op.set(local)];

/** `acc[P + offset] += (value on the stack)`. */
const accumulate = (offset: number, value: number[]) => [...op.get(P), ...op.get(P), ...v128.load(offset), ...value, ...v128.add, ...v128.store(offset)];

/** `V + F·(w − V)` for the float64 pair `V` (a local) and the code of w; masked by `M` when `masked`. */
const lerp = (w: number[], masked: boolean) => [...op.get(V), ...op.get(F), ...w, ...op.get(V), ...v128.sub, ...v128.mul, ...v128.add, ...(masked ? [...op.get(M), ...v128.and] : [])];

/** One channel, both pixels of the pair: (q[i], q[i+1]) of each lane loaded, regrouped across lanes. */
function pairOneChannel(masked: boolean): number[] {
  return [
    ...op.get(I0), ...v128.load(0), ...op.set(RAW),
    ...op.get(I1), ...v128.load(0), ...op.set(RAW2),
    ...op.get(RAW), ...op.get(RAW2), ...v128.shuffle(LANES_0), ...op.set(V),
    ...op.get(FV), ...op.set(F),
    ...(masked ? [...op.get(MASK), ...op.set(M)] : []),
    ...accumulate(0, lerp([...op.get(RAW), ...op.get(RAW2), ...v128.shuffle(LANES_1)], masked)),
  ];
}

/** K interleaved channels (2 or 4), pixel by pixel: q[i] of the K channels, then q[i+1]'s, in K / 2 loads each. */
function pairChannels(k: number, masked: boolean): number[] {
  const code: number[] = [];
  for (const lane of [0, 1]) {
    const at = lane === 0 ? I0 : I1;
    code.push(...op.get(FV), ...op.get(FV), ...v128.shuffle(LANE[lane]), ...op.set(F));
    if (masked) code.push(...op.get(MASK), ...op.get(MASK), ...v128.shuffle(LANE[lane]), ...op.set(M));
    for (let pair = 0; pair < k / 2; pair++) {
      // channels 2·pair, 2·pair + 1: q[i] at offset 16·pair, q[i + 1] one element (8·K bytes) further
      code.push(...op.get(at), ...v128.load(16 * pair), ...op.set(V));
      code.push(...accumulate(lane * 8 * k + 16 * pair, lerp([...op.get(at), ...v128.load(8 * k + 16 * pair)], masked)));
    }
  }
  return code;
}

/** The loop over the pixel pairs of one tile row. */
function rowLoop(k: number, masked: boolean): number[] {
  const t = [...op.get(BASEV), ...op.get(XV), ...op.get(CV), ...v128.mul, ...v128.add, ...op.set(TV)];
  const clamp = masked
    ? [
        ...op.get(TV), ...ZERO, ...v128.ge, ...op.get(TV), ...op.get(LASTV), ...v128.le, ...v128.and, ...op.set(MASK),
        ...op.get(TV), ...ZERO, ...v128.pmax, ...op.get(LASTV), ...v128.pmin, ...op.set(TV),
      ]
    : [];
  const shift = Math.log2(8 * k); // bytes per detector element
  return [
    ...op.loop,
    ...t,
    ...clamp,
    ...op.get(TV), ...v128.truncSatZero, ...op.set(IV),
    ...op.get(TV), ...op.get(IV), ...v128.convertLow, ...v128.sub, ...op.set(FV),
    ...op.get(IV), ...v128.extractI32(0), ...op.i32(shift), ...op.shl, ...op.get(OFF), ...op.add, ...op.set(I0),
    ...op.get(IV), ...v128.extractI32(1), ...op.i32(shift), ...op.shl, ...op.get(OFF), ...op.add, ...op.set(I1),
    ...(k === 1 ? pairOneChannel(masked) : pairChannels(k, masked)),
    ...op.get(XV), ...v128.f64x2(2, 2), ...v128.add, ...op.set(XV),
    ...bump(P, op.i32(16 * k)),
    ...op.get(P), ...op.get(END), ...op.ltS, ...op.brIf(0),
    ...op.end,
  ];
}

/** `0 <= value <= last` as an i32, `value` the code of an f64 (evaluated twice). */
function onDetector(value: number[]): number[] {
  return [...value, ...op.f64(0), ...op.f64Ge, ...value, ...op.get(LAST), ...op.f64Le, ...op.and];
}

/** The body of `tileK`. */
function tileBody(k: number): number[] {
  const tEnd = [...op.get(BASE), ...op.get(WIDTH), ...op.i32(1), ...op.sub, ...op.f64FromI32, ...op.get(C), ...op.f64Mul, ...op.f64Add];
  const rows = [
    ...op.loop,
    // base = center + dx0 * c - (f64(y0 + yy) - cx) * s
    ...op.get(CENTER), ...op.get(DX0), ...op.get(C), ...op.f64Mul, ...op.f64Add,
    ...op.get(Y0), ...op.get(YY), ...op.add, ...op.f64FromI32, ...op.get(CX), ...op.f64Sub, ...op.get(S), ...op.f64Mul, ...op.f64Sub,
    ...op.set(BASE),
    ...op.get(BASE), ...v128.splat, ...op.set(BASEV),
    ...op.get(ACC), ...op.get(YY), ...op.i32(WASM_TILE * 8 * k), ...op.mul, ...op.add, ...op.set(P),
    ...op.get(P), ...op.get(WIDTH), ...op.i32(8 * k), ...op.mul, ...op.add, ...op.set(END),
    ...v128.f64x2(0, 1), ...op.set(XV),
    ...onDetector(op.get(BASE)), ...onDetector(tEnd), ...op.and,
    ...op.if, ...rowLoop(k, false), ...op.else, ...rowLoop(k, true), ...op.end,
    ...bump(YY, op.i32(1)),
    ...op.get(YY), ...op.get(HEIGHT), ...op.ltS, ...op.brIf(0),
    ...op.end,
  ];
  const angles = [
    ...op.loop,
    ...op.get(TRIG), ...op.get(A), ...op.i32(4), ...op.shl, ...op.add, ...op.f64Load(0), ...op.set(C),
    ...op.get(TRIG), ...op.get(A), ...op.i32(4), ...op.shl, ...op.add, ...op.f64Load(8), ...op.set(S),
    ...op.get(C), ...v128.splat, ...op.set(CV),
    ...op.get(SINO), ...op.get(A), ...op.get(N_DET), ...op.mul, ...op.i32(Math.log2(8 * k)), ...op.shl, ...op.add, ...op.set(OFF),
    ...op.i32(0), ...op.set(YY),
    ...rows,
    ...bump(A, op.i32(1)),
    ...op.get(A), ...op.get(N_ANGLES), ...op.ltS, ...op.brIf(0),
    ...op.end,
  ];
  return [
    ...op.get(N_DET), ...op.i32(1), ...op.sub, ...op.f64FromI32, ...op.set(LAST),
    ...op.get(LAST), ...v128.splat, ...op.set(LASTV),
    ...op.get(X0), ...op.f64FromI32, ...op.get(CX), ...op.f64Sub, ...op.set(DX0),
    ...op.i32(0), ...op.set(A),
    ...angles,
    ...op.end,
  ];
}

/**
 * The bytes of the backprojection module (see the module's description).
 *
 * @example
 * ```ts
 * const { exports } = new WebAssembly.Instance(new WebAssembly.Module(backprojectWasm()));
 * ```
 */
export function backprojectWasm(): Uint8Array<ArrayBuffer> {
  const params = [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.f64, T.f64];
  const type = [0x60, ...vec(params.map((p) => [p])), ...vec([])];
  const bodies = WASM_CHANNELS.map((k) => {
    const locals = vec(LOCALS.map(([count, t]) => [...uleb(count), t]));
    const body = [...locals, ...tileBody(k)];
    return [...uleb(body.length), ...body];
  });
  const exports = [[...name('mem'), 0x02, 0], ...WASM_CHANNELS.map((k, i) => [...name(`tile${k}`), 0x00, ...uleb(i)])];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(3, vec(WASM_CHANNELS.map(() => [0]))),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
