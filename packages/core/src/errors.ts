/**
 * Typed errors thrown by pandaas. Every error carries a stable `code`, and public functions name
 * the offending argument and its value in the message.
 *
 * @example
 * ```ts
 * import { array, isPandaasError } from '@pandaas/core';
 * try {
 *   array([1, 2, 3], { shape: [2, 2] });
 * } catch (err) {
 *   if (isPandaasError(err, 'E_SHAPE')) console.log(err.message);
 * }
 * ```
 * @module
 */

/** The stable error codes of pandaas. */
export type ErrorCode =
  | 'E_DTYPE'
  | 'E_SHAPE'
  | 'E_RANGE'
  | 'E_DISPOSED'
  | 'E_BACKEND'
  | 'E_ARGUMENT'
  /** A file or object that is not there. */
  | 'E_NOT_FOUND'
  /** Bytes that are not the format they claim to be (truncated, corrupt, unsupported). */
  | 'E_FORMAT'
  /** Reading or writing failed (permissions, disk, an existing file not to be overwritten). */
  | 'E_IO';

/** Base class of every error pandaas throws on purpose. */
export class PandaasError extends Error {
  /** A stable, machine-readable code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A dtype that the operation does not accept (or an unknown dtype name). */
export class DTypeError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DTYPE', message, options);
  }
}

/** Shapes that do not match, do not broadcast, or do not fit the data. */
export class ShapeError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_SHAPE', message, options);
  }
}

/** An index, axis or slice bound outside its allowed range. */
export class IndexRangeError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_RANGE', message, options);
  }
}

/** Use of an array whose storage has been released with `dispose()`. */
export class DisposedError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DISPOSED', message, options);
  }
}

/** A backend that is unknown, unavailable, or not the one the data lives on. */
export class BackendError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_BACKEND', message, options);
  }
}

/** Any other invalid argument (wrong type, non-finite number, unknown option). */
export class ArgumentError extends PandaasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_ARGUMENT', message, options);
  }
}

/**
 * Whether `err` is a pandaas error, optionally of one code.
 *
 * @example
 * ```ts
 * isPandaasError(new ShapeError('x'), 'E_SHAPE'); // true
 * ```
 */
export function isPandaasError(err: unknown, code?: ErrorCode): err is PandaasError {
  return err instanceof PandaasError && (code === undefined || err.code === code);
}

/** Formats a value for an error message: short, and unambiguous about its type. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value);
}
