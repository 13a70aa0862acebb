/**
 * `@pandaas/io-nexus`: HDF5/NeXus files as facilities write them, read through h5wasm in Node.js
 * (files read in place) and in browsers (a File in a Web Worker), with the Dectris/ESRF
 * compression filters, as `@pandaas/core` NdArrays; and single-image formats (TIFF, EDF, CBF).
 *
 * @example
 * ```ts
 * import { findDefaultNxData, frames, openH5 } from '@pandaas/io-nexus';
 * await using file = await openH5('scan.nxs');
 * const plot = await findDefaultNxData(file); // the @default chain down to an NXdata
 * const signal = await plot.nxdata?.signal?.dataset.read();
 * for await (const chunk of frames(await file.dataset('/entry/data/data'), { batch: 4 })) {
 *   console.log(chunk.shape);
 * }
 * ```
 * @module
 */

// HDF5 reading
export { openH5 } from './h5/open.js';
export type { OpenOptions } from './h5/open.js';
export { H5Dataset, H5Datatype, H5File, H5Group } from './h5/objects.js';
export type { DatasetReadOptions, H5Node } from './h5/objects.js';
export type { Selection } from './h5/selection.js';
export type {
  DatasetInfo,
  EntityInfo,
  H5Kind,
  H5Ref,
  H5Source,
  H5Type,
  H5TypeClass,
  H5Value,
  Hyperslab,
  Int64Policy,
  LinkInfo,
  RawArray,
  ReadOptions,
  VirtualSource,
} from './h5/types.js';
export { frames } from './frames.js';
export type { FramesOptions } from './frames.js';
export { loadH5wasm } from './h5/runtime.js';
export type { H5Module, H5Runtime, H5wasm, LoadOptions } from './h5/runtime.js';
export { LocalH5Source } from './h5/local-source.js';
export type { LocalOpenOptions } from './h5/local-source.js';
export { FilterError, ObjectNotFoundError } from './errors.js';
export { filterName } from './h5/filters.js';
export type { FilterInfo } from './errors.js';

// Single-image formats
export { readImage, detectImageFormat } from './formats/read-image.js';
export { readTiff } from './formats/tiff.js';
export { readEdf } from './formats/edf.js';
export { readCbf } from './formats/cbf.js';
export { parsePilatusHeader } from './formats/pilatus-header.js';
export { decodeByteOffset } from './formats/byte-offset.js';
export type { ImageSource } from './formats/image-source.js';
export type { HeaderValue, ImageFile, ImageFormat, ImageFrame, ImageHeader, ReadImageOptions } from './formats/image-types.js';

// Writing
export { H5Writer, createH5, writeH5 } from './write/h5-writer.js';
export type { CreateH5Options, DatasetOptions, EmptyDatasetOptions } from './write/h5-writer.js';
export type { AttributeValue, DatasetValue, H5Attributes } from './write/h5-values.js';
export type { Compression } from './write/compression.js';
export { writeNxData } from './write/nxdata.js';
export type { NxAxis, NxDataDescription, NxField, WriteNxDataOptions } from './write/nxdata.js';
export { writeNxProcess } from './write/nxprocess.js';
export type { NxParameters, NxParameterValue, NxProcessDescription, NxQuantity } from './write/nxprocess.js';
export { FileExistsError, FileFormatError, FileNotFoundError, FileWriteError, IoError } from './errors.js';
export type { IoErrorLocation } from './errors.js';

// NeXus
export { findDefaultNxData } from './nexus/default.js';
export type { DefaultPlot } from './nexus/default.js';
export { INTERPRETATIONS, readNxData } from './nexus/nxdata.js';
export type { NxData, NxDataAxis, NxDataField } from './nexus/nxdata.js';
export { fieldOf, findEntry, findNxGroups } from './nexus/find.js';
export { readDetectorMask, readInstrument } from './nexus/instrument.js';
export type { InstrumentInfo, InstrumentOptions, MaskOptions } from './nexus/instrument.js';
export { IMAGE_KEY, readTomo } from './nexus/tomo.js';
export type { TomoScan } from './nexus/tomo.js';
export { readDataExchange } from './nexus/data-exchange.js';
export type { DataExchangeScan } from './nexus/data-exchange.js';
export { energyFromWavelength, toDegrees, toKeV, toMetres, wavelengthFromEnergy } from './nexus/units.js';

// Browser: HDF5 in a Web Worker
export { openH5InWorker } from './worker/client.js';
export type { EmitterWorkerLike, EventWorkerLike, WorkerLike, WorkerOpenOptions } from './worker/client.js';
export { serveH5Worker } from './worker/serve.js';
export type { WorkerScope } from './worker/serve.js';
export { createRequestHandler, deserializeError, serializeError, SOURCE_METHODS } from './worker/protocol.js';
export type { HandledRequest, OpenRequest, SerializedError, SourceMethod, SourceOpener, WorkerRequest, WorkerResponse } from './worker/protocol.js';
