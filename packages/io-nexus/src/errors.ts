import { PandaasError, type ErrorCode } from '@pandaas/core';

/** Where an I/O error happened: the file, and the object inside it when there is one. */
export interface IoErrorLocation {
  /** The file (a path, or the name given for in-memory bytes). */
  readonly file: string;
  /** The object inside the file: an HDF5 path, or a frame/page such as `"frame 2"`. */
  readonly path?: string;
}

function where(location: IoErrorLocation): string {
  return location.path === undefined ? location.file : `${location.file} (${location.path})`;
}

/**
 * Base class of the errors that name a file: its `file` and `path` fields say where, and the
 * message starts with them. Codes: `E_NOT_FOUND` (file or object missing), `E_FORMAT` (not the
 * format, truncated, corrupt, or a filter that cannot decode), `E_IO` (writing failed, or the
 * destination exists).
 *
 * @example
 * ```ts
 * import { IoError, readImage } from '@pandaas/io-nexus';
 * try {
 *   await readImage('missing.tif');
 * } catch (err) {
 *   if (err instanceof IoError) console.log(err.code, err.file, err.path);
 * }
 * ```
 */
export class IoError extends PandaasError {
  /** The file (a path, or the name given for in-memory bytes). */
  readonly file: string;
  /** The object inside the file, when there is one. */
  readonly path: string | undefined;

  constructor(location: IoErrorLocation, message: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(options?.code ?? (new.target as unknown as { code?: ErrorCode }).code ?? 'E_IO', `${where(location)}: ${message}`, options);
    this.file = location.file;
    this.path = location.path;
  }
}

/** A file that does not exist or cannot be opened for reading (`E_NOT_FOUND`). */
export class FileNotFoundError extends IoError {
  static readonly code: ErrorCode = 'E_NOT_FOUND';
}

/** A file that is not of the expected format, is truncated or corrupt, or uses an unsupported feature (`E_FORMAT`). */
export class FileFormatError extends IoError {
  static readonly code: ErrorCode = 'E_FORMAT';
}

/** A destination that exists already, when overwriting was not asked for (`E_IO`). */
export class FileExistsError extends IoError {}

/** A write that failed; nothing is left at the destination (`E_IO`). */
export class FileWriteError extends IoError {}

/**
 * No object at a path inside an HDF5 file: a missing name, a broken soft link, an external link
 * to a file that is not there, or a cycle of links. `file` is the file that was opened and `path`
 * the path asked for.
 *
 * @example
 * ```ts
 * import { ObjectNotFoundError, openH5 } from '@pandaas/io-nexus';
 * const file = await openH5('scan.nxs');
 * try {
 *   await file.get('/entry/nothing');
 * } catch (err) {
 *   if (err instanceof ObjectNotFoundError) console.log(err.path); // '/entry/nothing'
 * }
 * ```
 */
export class ObjectNotFoundError extends IoError {
  static readonly code: ErrorCode = 'E_NOT_FOUND';
}

/** One filter of a dataset's pipeline, as HDF5 records it. */
export interface FilterInfo {
  /** The registered HDF5 filter id (1 deflate, 2 shuffle, 32008 bitshuffle, ...). */
  readonly id: number;
  /** The name stored with the filter (may be empty or a long description). */
  readonly name: string;
  /** The filter's client data values. */
  readonly cdValues: readonly number[];
}

/**
 * A dataset whose compression filter is not available here, or whose chunks the filter could
 * not decode (a corrupted chunk). Nothing is returned in either case: never undecoded bytes.
 *
 * @example
 * ```ts
 * import { FilterError } from '@pandaas/io-nexus';
 * try {
 *   await dataset.read();
 * } catch (err) {
 *   if (err instanceof FilterError) console.log(err.reason, err.filters.map((f) => f.id));
 * }
 * ```
 */
export class FilterError extends IoError {
  static readonly code: ErrorCode = 'E_FORMAT';
  /** `'unavailable'`: no decoder for a filter; `'failed'`: a decoder rejected the data. */
  readonly reason: 'unavailable' | 'failed';
  /** The filters concerned (the unavailable ones, or the whole pipeline when decoding failed). */
  readonly filters: readonly FilterInfo[];

  constructor(
    location: { file: string; path?: string },
    message: string,
    details: { reason: 'unavailable' | 'failed'; filters: readonly FilterInfo[] },
    options?: { cause?: unknown },
  ) {
    super(location, message, options);
    this.reason = details.reason;
    this.filters = details.filters;
  }
}
