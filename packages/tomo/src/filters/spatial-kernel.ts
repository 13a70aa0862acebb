/**
 * The sinogram filter as a convolution in detector space (what the WebGPU filter runs).
 * @module
 */
import { fftRadix2, fftTables } from './fft.js';

/** A filter's weights in detector space for projections `nDet` wide. */
export interface SpatialKernel {
  /** `kernel[d + nDet − 1]` (d = −(nDet − 1) … nDet − 1): the weight of input k on output k + d. */
  readonly kernel: Float64Array;
  /**
   * `edges[j]`, `edges[nDet + j]`: the weights of the last and of the first input value on
   * output j, through the edge padding (zeros for zero padding).
   */
  readonly edges: Float64Array;
}

/**
 * The convolution that equals filtering through the FFT: with `h = Re(IFFT(response))` (the
 * periodic kernel of the padded length L), output j of a row p is
 * `Σₖ p[k]·h[(j − k) mod L]` plus, for edge padding, `p[last]·Σ h[(j − m) mod L]` over the
 * padding positions m holding the last value, and `p[0]·Σ …` over those holding the first.
 *
 * @example
 * ```ts
 * const filter = new SinogramFilter(363, { filter: 'hann' });
 * const { kernel, edges } = spatialKernel(filter.response, 363, filter.padding === 'edge');
 * ```
 */
export function spatialKernel(response: Float64Array, nDet: number, edge: boolean): SpatialKernel {
  const length = response.length;
  const re = Float64Array.from(response);
  const im = new Float64Array(length);
  const t = fftTables(length);
  fftRadix2(re, im, length, t.cos, t.sin, t.reverse, true);
  const at = (d: number) => re[((d % length) + length) % length];
  const kernel = new Float64Array(2 * nDet - 1);
  for (let d = -(nDet - 1); d < nDet; d++) kernel[d + nDet - 1] = at(d);
  const edges = new Float64Array(2 * nDet);
  if (edge) {
    const right = length - nDet - Math.floor((length - nDet) / 2);
    for (let j = 0; j < nDet; j++) {
      let last = 0;
      let first = 0;
      for (let m = nDet; m < nDet + right; m++) last += at(j - m);
      for (let m = nDet + right; m < length; m++) first += at(j - m);
      edges[j] = last;
      edges[nDet + j] = first;
    }
  }
  return { kernel, edges };
}
