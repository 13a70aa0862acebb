/**
 * `@pandaas/tomo`: parallel-beam tomography as nabu and tomopy do it — flat/dark, Paganin, ring
 * removal, centre of rotation, filtered backprojection (scikit-image's filters and centre
 * conventions) and SIRT on all CPU cores or WebGPU, and volumes streamed slab by slab.
 *
 * @example
 * ```ts
 * import { FbpPlan, findCenterVo } from '@pandaas/tomo';
 * const center = await findCenterVo(sinogram, angles); // sinogram NdArray [nAngles, nDet], angles in radians
 * const plan = await FbpPlan.create(angles, sinogram.shape[1]!, { center, filter: 'ramp' });
 * const slice = await plan.reconstruct(sinogram.reshape([1, ...sinogram.shape])); // [1, size, size], 1/pixel
 * plan.dispose();
 * ```
 * @module
 */

// Preprocessing: flat/dark, −log, Paganin; ring removal; sinogram helpers
export { reduceSeries } from './preprocess/reduce-series.js';
export type { SeriesReduction } from './preprocess/reduce-series.js';
export { flatField } from './preprocess/flat-field.js';
export type { FlatFieldOptions, ReferenceImage } from './preprocess/flat-field.js';
export type { SeriesInterpolation } from './preprocess/series-weights.js';
export { minusLog } from './preprocess/minus-log.js';
export type { MinusLogOptions } from './preprocess/minus-log.js';
export { paganin } from './preprocess/paganin.js';
export type { PaganinOptions, PaganinPadding } from './preprocess/paganin.js';
export { removeStripesMunch } from './rings/munch.js';
export type { MunchOptions } from './rings/munch.js';
export { removeDeadStripes, removeLargeStripes, removeStripesFiltering, removeStripesSorting, removeStripesVo } from './rings/vo.js';
export type { DeadStripeOptions, FilteringOptions, LargeStripeOptions, SortingOptions, VoOptions } from './rings/vo.js';
export { daubechies } from './rings/daubechies.js';
export type { WaveletFilters } from './rings/daubechies.js';
export { stitchHalfAcquisition } from './sinogram/half-acquisition.js';
export type { HalfAcquisition, HalfAcquisitionOptions } from './sinogram/half-acquisition.js';
export { projectionsToSinograms } from './sinogram/projections-to-sinograms.js';

// Filtered backprojection: filters, the backprojector (shared with SIRT), FBP plans
export { FILTER_NAMES, filterResponse, isFilterName, paddedLength } from './filters/filter-response.js';
export type { FilterName } from './filters/filter-response.js';
export { PADDINGS, SinogramFilter } from './filters/sinogram-filter.js';
export type { FilterOptions, Padding } from './filters/sinogram-filter.js';
export { parallelGeometry } from './backproject/geometry.js';
export type { CenterOption, Geometry, GeometryOptions } from './backproject/geometry.js';
export { Backprojector, TOMO_BACKENDS } from './backproject/backprojector.js';
export type { BackprojectRunOptions, TomoBackend } from './backproject/backprojector.js';
export { FbpPlan } from './fbp/fbp-plan.js';
export type { FbpOptions } from './fbp/fbp-plan.js';
export { fbp } from './fbp/fbp.js';
export type { FbpOneShotOptions } from './fbp/fbp.js';

// Centre of rotation; SIRT on the matched projector pair
export { findCenter180, findCenterPair } from './center/pair.js';
export type { CenterPairOptions } from './center/pair.js';
export { findCenterVo } from './center/vo.js';
export type { VoCenterOptions } from './center/vo.js';
export { ForwardProjector } from './sirt/forward-projector.js';
export type { ProjectRunOptions } from './sirt/forward-projector.js';
export { SirtPlan } from './sirt/sirt-plan.js';
export type { SirtRunOptions } from './sirt/sirt-plan.js';
export { sirt } from './sirt/sirt.js';
export type { SirtOptions } from './sirt/sirt.js';

// Streaming reconstruction: projections in row slabs to a volume, with bounded memory
export { reconstructVolume } from './volume/reconstruct-volume.js';
export type { VolumeResult, VolumeSlab } from './volume/reconstruct-volume.js';
export type { CenterRows, VolumeInfo, VolumeOptions, VolumePaganinOptions, VolumeRings } from './volume/options.js';
export { paganinMargin } from './volume/paganin-margin.js';

export {};
