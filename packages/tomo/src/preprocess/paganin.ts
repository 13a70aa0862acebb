import { ArgumentError, allocate, array, fft, ifft, show, type Complex, type NdArray } from '@pandaas/core';
import { checkNumber, checkOptions, checkStack, valuesOf } from '../sinogram/arrays.js';
import { nextSmoothLength } from './smooth-length.js';

/** How a radio is extended to the FFT size (nabu's modes; numpy.pad's for the last three). */
export type PaganinPadding = 'edge' | 'zeros' | 'mean' | 'symmetric' | 'reflect';

/** Options of {@link paganin}: nabu's parameters and units. */
export interface PaganinOptions {
  /** δ/β of the (homogeneous) sample. nabu's configuration default is 100 (its class default 250). */
  readonly deltaBeta: number;
  /** Photon energy in keV. */
  readonly energy: number;
  /** Sample–detector propagation distance in metres. */
  readonly distance: number;
  /** Detector pixel size in metres, or `[horizontal, vertical]`. */
  readonly pixelSize: number | readonly [number, number];
  /** Padding to a 2·3·5·7-smooth size ≥ 2N per axis (default `'edge'`, nabu's). */
  readonly padding?: PaganinPadding;
  /**
   * Return `−ln` of the filtered intensity, clipped to [1e-6, 10] first as nabu's log step
   * (default true); false returns the filtered intensity itself.
   */
  readonly log?: boolean;
}

const PADDINGS: readonly PaganinPadding[] = ['edge', 'zeros', 'mean', 'symmetric', 'reflect'];

/** hc in keV·µm: λ[µm] = 1.23984199e-3 / E[keV] (nabu's constant). */
const HC_KEV_MICRON = 1.23984199e-3;

/**
 * The source index along one axis of length `n` for position `s` of the extended axis
 * (`s < 0` or `s >= n` outside the data), or −1 for a constant-padded position.
 */
function sourceIndex(s: number, n: number, mode: PaganinPadding): number {
  if (s >= 0 && s < n) return s;
  if (mode === 'edge') return s < 0 ? 0 : n - 1;
  if (mode === 'symmetric') {
    const period = 2 * n;
    const t = ((s % period) + period) % period;
    return t < n ? t : period - 1 - t;
  }
  if (mode === 'reflect') {
    if (n === 1) return 0;
    const period = 2 * n - 2;
    const t = ((s % period) + period) % period;
    return t < n ? t : period - t;
  }
  return -1;
}

/** The Paganin filter `1 / (1 + π·λ·D·(δ/β)·|k|²)` (k in cycles/µm), on the transposed padded grid `[Pc, Pr]`. */
function transposedFilter(pr: number, pc: number, o: PaganinOptions, px: number, py: number): Float64Array {
  const lambda = HC_KEV_MICRON / o.energy;
  const scale = Math.PI * lambda * (o.distance * 1e6) * o.deltaBeta;
  const freq = (k: number, n: number, d: number) => (2 * k < n ? k : k - n) / (n * d); // numpy fftfreq
  const h = new Float64Array(pr * pc);
  for (let x = 0; x < pc; x++) {
    const fx = freq(x, pc, px * 1e6);
    for (let y = 0; y < pr; y++) {
      const fy = freq(y, pr, py * 1e6);
      h[x * pr + y] = 1 / (1 + scale * (fx * fx + fy * fy));
    }
  }
  return h;
}

/** Writes one radio, padded, into `out` `[Pr, Pc]` in FFT layout (data at `[0, rows) × [0, cols)`, the padding wrapped around). */
function padRadio(radio: ArrayLike<number>, rows: number, cols: number, pr: number, pc: number, mode: PaganinPadding, out: Float64Array): void {
  const top = (pr - rows) >> 1;
  const left = (pc - cols) >> 1;
  const rowOf = new Int32Array(pr);
  const colOf = new Int32Array(pc);
  for (let y = 0; y < pr; y++) rowOf[y] = sourceIndex(((y + top) % pr) - top, rows, mode);
  for (let x = 0; x < pc; x++) colOf[x] = sourceIndex(((x + left) % pc) - left, cols, mode);
  const side = { top: 0, bottom: 0, left: 0, right: 0 };
  if (mode === 'mean') {
    for (let c = 0; c < cols; c++) {
      side.top += radio[c] / cols;
      side.bottom += radio[(rows - 1) * cols + c] / cols;
    }
    for (let r = 0; r < rows; r++) {
      side.left += radio[r * cols] / rows;
      side.right += radio[r * cols + cols - 1] / rows;
    }
  }
  for (let y = 0; y < pr; y++) {
    const r = rowOf[y];
    for (let x = 0; x < pc; x++) {
      const c = colOf[x];
      if (r >= 0 && c >= 0) {
        out[y * pc + x] = radio[r * cols + c];
      } else if (mode !== 'mean') {
        out[y * pc + x] = 0;
      } else {
        // nabu fills the top and bottom bands first, then the left and right ones over them
        const yu = (y + top) % pr;
        const xu = (x + left) % pc;
        out[y * pc + x] = xu < left ? side.left : xu >= left + cols ? side.right : yu < top ? side.top : side.bottom;
      }
    }
  }
}

function checkPaganin(options: PaganinOptions): { o: PaganinOptions; px: number; py: number; mode: PaganinPadding; log: boolean } {
  const o = checkOptions(options, 'options') as PaganinOptions;
  checkNumber(o.deltaBeta, 'options.deltaBeta', { min: 0, exclusiveMin: true });
  checkNumber(o.energy, 'options.energy', { min: 0, exclusiveMin: true });
  checkNumber(o.distance, 'options.distance', { min: 0 });
  let px: number;
  let py: number;
  if (Array.isArray(o.pixelSize)) {
    if (o.pixelSize.length !== 2) throw new ArgumentError(`options.pixelSize must be a number or [horizontal, vertical]; got ${show(o.pixelSize)}`);
    px = checkNumber(o.pixelSize[0], 'options.pixelSize[0]', { min: 0, exclusiveMin: true });
    py = checkNumber(o.pixelSize[1], 'options.pixelSize[1]', { min: 0, exclusiveMin: true });
  } else {
    px = py = checkNumber(o.pixelSize, 'options.pixelSize', { min: 0, exclusiveMin: true });
  }
  if (px > 1e-2 || py > 1e-2) throw new ArgumentError(`options.pixelSize is in metres and must be <= 1e-2; got ${show(o.pixelSize)}`);
  const mode = o.padding ?? 'edge';
  if (!PADDINGS.includes(mode)) throw new ArgumentError(`options.padding must be one of ${PADDINGS.map((m) => `"${m}"`).join(', ')}; got ${show(mode)}`);
  const log = o.log ?? true;
  if (typeof log !== 'boolean') throw new ArgumentError(`options.log must be a boolean; got ${show(log)}`);
  return { o, px, py, mode, log };
}

/**
 * Paganin single-distance phase retrieval (TIE-Hom, Paganin et al. 2002) as nabu does it, on
 * flat-fielded radios `[n, rows, cols]` (or one `[rows, cols]`): each radio is padded to a
 * 2·3·5·7-smooth size ≥ 2N per axis (centred, `padding` mode), Fourier transformed, multiplied by
 * `1 / (1 + π·λ·D·(δ/β)·|k|²)` with k in cycles/µm, λ[µm] = 1.23984199e-3/E[keV] and D in µm,
 * transformed back and cropped. By default the result is `−ln` of the filtered intensity
 * (clipped to [1e-6, 10] first), since nabu and tomopy take the log after the phase retrieval.
 * The 2-D FFTs run through core's `fft` (float64, on all cores for large radios).
 *
 * The filter is a convolution, so a slab of detector rows is only exact away from its top and
 * bottom: pass a slab with margin rows and crop them.
 *
 * @example
 * ```ts
 * import { flatField, paganin } from '@pandaas/tomo';
 * const radios = await flatField(projections, { flats, darks });
 * const p = await paganin(radios, { deltaBeta: 100, energy: 20, distance: 0.5, pixelSize: 1e-6 });
 * ```
 */
export async function paganin(radios: NdArray, options: PaganinOptions): Promise<NdArray<'float32'>> {
  const { batch, rows, cols } = checkStack(radios, 'radios');
  const { o, px, py, mode, log } = checkPaganin(options);
  const pr = nextSmoothLength(2 * rows);
  const pc = nextSmoothLength(2 * cols);
  const filter = transposedFilter(pr, pc, o, px, py);
  const values = await valuesOf(radios);
  const pixels = rows * cols;
  const out = allocate('float32', batch * pixels, true);
  const padded = new Float64Array(pr * pc);
  const dispose = (c: Complex) => {
    c.re.dispose();
    c.im.dispose();
  };
  for (let b = 0; b < batch; b++) {
    padRadio(values.subarray(b * pixels, (b + 1) * pixels), rows, cols, pr, pc, mode, padded);
    const input = array(padded, { shape: [pr, pc] });
    const alongX = await fft(input);
    input.dispose();
    const both = await fft(alongX.re.transpose(1, 0), alongX.im.transpose(1, 0)); // [Pc, Pr]
    dispose(alongX);
    const re = both.re.dataSync();
    const im = both.im.dataSync();
    for (let k = 0; k < filter.length; k++) {
      re[k] *= filter[k];
      im[k] *= filter[k];
    }
    const backY = await ifft(both.re, both.im);
    dispose(both);
    const back = await ifft(backY.re.transpose(1, 0), backY.im.transpose(1, 0)); // [Pr, Pc]
    dispose(backY);
    const filtered = back.re.dataSync();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = filtered[r * pc + c];
        out[b * pixels + r * cols + c] = log ? -Math.log(v < 1e-6 ? 1e-6 : v > 10 ? 10 : v) : v;
      }
    }
    dispose(back);
  }
  return array(out, { shape: radios.shape });
}
