import type { DType } from './dtype.js';
import type { NdArray } from './ndarray.js';

/** Element-wise operations of two arrays (broadcasting). Comparisons give `bool`. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

/** Element-wise operations of one array. */
export type UnaryOp = 'abs' | 'neg' | 'sign' | 'square' | 'sqrt' | 'exp' | 'log' | 'log1p' | 'floor' | 'ceil' | 'isnan';

/** Reductions along axes. */
export type ReduceOp = 'sum' | 'mean' | 'min' | 'max' | 'argmin' | 'argmax';

/**
 * The contract of every kernel: its inputs, attributes and output, declared once here and
 * implemented once per backend (tfjs' kernel-names pattern). Kernels trust their inputs: the
 * public functions in `ops/` validate them and compute output dtypes and shapes.
 */
export interface KernelSignatures {
  /** Contiguous row-major copy of a (possibly strided, broadcast) view, into `outShape`. */
  copy: { inputs: { x: NdArray }; attrs: Record<string, never>; output: NdArray };
  /** `out = a op b`, broadcast to `outShape`, written as `outDtype`. */
  binary: { inputs: { a: NdArray; b: NdArray }; attrs: { op: BinaryOp; outShape: number[]; outDtype: DType }; output: NdArray };
  /** `out = op(x)`, written as `outDtype`. */
  unary: { inputs: { x: NdArray }; attrs: { op: UnaryOp; outDtype: DType }; output: NdArray };
  /** `out = min(max(x, min), max)`, keeping the dtype of x. */
  clip: { inputs: { x: NdArray }; attrs: { min: number; max: number }; output: NdArray };
  /** `out = cond ? a : b`, broadcast to `outShape`. */
  where: { inputs: { cond: NdArray; a: NdArray; b: NdArray }; attrs: { outShape: number[]; outDtype: DType }; output: NdArray };
  /**
   * Reduction over the sorted, distinct `axes`. `sum`/`mean` accumulate in float64 on the CPU
   * and with compensated float32 on WebGPU; `min`/`max` propagate NaN; `argmin`/`argmax` give the
   * first extreme (or first NaN) as int32 flat indices over the reduced axes.
   */
  reduce: { inputs: { x: NdArray }; attrs: { op: ReduceOp; axes: number[]; keepDims: boolean; outDtype: DType }; output: NdArray };
  /**
   * Conversion: floats to integers truncate toward zero, saturate at the range, NaN gives 0;
   * integers to narrower integers wrap around (keep the low bits, as numpy and typed arrays do);
   * integers to float32 round to nearest.
   */
  cast: { inputs: { x: NdArray }; attrs: { dtype: DType }; output: NdArray };
  /**
   * Multi-channel CSR product: `out[r, c] = sum_j w[j]^powers[c] * x[indices[j], c]` for j in
   * `indptr[r]..indptr[r+1]`. `x` is `[ncols, channels]` (channel-interleaved) or `[ncols]`;
   * the output is `[rows, channels]` or `[rows]` accordingly, of x's dtype.
   */
  csrSpmv: {
    inputs: { indptr: NdArray; indices: NdArray; weights: NdArray; x: NdArray };
    attrs: { rows: number; channels: number; powers: number[] };
    output: NdArray;
  };
  /** Batched complex FFT along the last axis (any length whose factors are 2, 3, 5 and 7). */
  fft: { inputs: { re: NdArray; im?: NdArray }; attrs: { inverse: boolean }; output: { re: NdArray; im: NdArray } };
  /** Prefix sum along `axis`, exclusive (starting at 0) or inclusive. */
  cumsum: { inputs: { x: NdArray }; attrs: { axis: number; exclusive: boolean; outDtype: DType }; output: NdArray };
}

/** The name of a kernel. */
export type KernelName = keyof KernelSignatures;

/** The function a backend registers for a kernel. */
export type KernelFunc<K extends KernelName> = (
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
) => Promise<KernelSignatures[K]['output']>;
