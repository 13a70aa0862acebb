import { ArgumentError, DTypeError, IndexRangeError, ShapeError, type PandaasError } from '@pandaas/core';
import { FilterError, ObjectNotFoundError, type FilterInfo } from '../errors.js';
import type { H5Source } from '../h5/types.js';
import { FileFormatError, FileNotFoundError, IoError } from '../errors.js';
import { show } from '@pandaas/core';

/**
 * The {@link H5Source} methods a worker serves.
 *
 * @example
 * ```ts
 * SOURCE_METHODS.includes('read'); // true
 * ```
 */
export const SOURCE_METHODS = ['info', 'link', 'keys', 'attrs', 'read', 'readValue', 'refresh', 'close'] as const;
/** One of {@link SOURCE_METHODS}. */
export type SourceMethod = (typeof SOURCE_METHODS)[number];

/** What the page asks the worker to open: a File/Blob (with siblings for external links) or a path of the worker's file system. */
export interface OpenRequest {
  readonly source: File | Blob | string;
  readonly siblings: readonly (File | Blob)[];
  readonly swmr: boolean;
}

/** A message from the page to the worker. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'open'; readonly source: File | Blob | string; readonly siblings?: readonly (File | Blob)[]; readonly swmr?: boolean }
  | { readonly id: number; readonly op: SourceMethod; readonly session: number; readonly args: readonly unknown[] };

/** An error crossing the worker boundary: its class name, message and typed fields. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly file?: string;
  readonly path?: string;
  readonly reason?: 'unavailable' | 'failed';
  readonly filters?: readonly FilterInfo[];
}

/** A message from the worker to the page: the value of request `id`, or its error. */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** Opens a file in the worker (h5wasm with WORKERFS in a browser, a path in tests). */
export type SourceOpener = (request: OpenRequest) => Promise<H5Source>;

/** The reply to one request, and the buffers to transfer (not copy) with it. */
export interface HandledRequest {
  readonly response: WorkerResponse;
  readonly transfer: Transferable[];
}

/**
 * The worker's side of the protocol as a pure function of the messages: `open` makes a session
 * (one open file) and answers its number; the other operations call that session's
 * {@link H5Source} method. Every request gets exactly one response, an error included (never a
 * throw): malformed messages, unknown sessions and failures in h5wasm come back as serialised
 * typed errors. Read results transfer their buffer.
 *
 * @example
 * ```ts
 * const handle = createRequestHandler(async ({ source }) => LocalH5Source.open(rt, String(source)));
 * const { response } = await handle({ id: 1, op: 'open', source: '/data/scan.nxs' });
 * ```
 */
export function createRequestHandler(open: SourceOpener): (message: unknown) => Promise<HandledRequest> {
  const sessions = new Map<number, H5Source>();
  let nextSession = 1;
  return async (message) => {
    const id = isRecord(message) && typeof message.id === 'number' ? message.id : -1;
    try {
      const request = checkRequest(message);
      if (request.op === 'open') {
        const source = await open({ source: request.source, siblings: request.siblings ?? [], swmr: request.swmr === true });
        const session = nextSession++;
        sessions.set(session, source);
        return { response: { id, ok: true, value: { session, name: source.name } }, transfer: [] };
      }
      const source = sessions.get(request.session);
      if (source === undefined) throw new ArgumentError(`no open file has session number ${show(request.session)} (closed already?)`);
      if (request.op === 'close') sessions.delete(request.session);
      const value = await (source[request.op] as (...args: unknown[]) => Promise<unknown>).apply(source, [...request.args]);
      return { response: { id, ok: true, value }, transfer: transferables(value) };
    } catch (err) {
      return { response: { id, ok: false, error: serializeError(err) }, transfer: [] };
    }
  };
}

function checkRequest(message: unknown): WorkerRequest {
  if (!isRecord(message) || typeof message.id !== 'number') throw new ArgumentError(`a worker request must be an object with a numeric id; got ${show(message)}`);
  if (message.op === 'open') {
    const source = message.source;
    const blob = typeof Blob !== 'undefined' && source instanceof Blob;
    if (!blob && typeof source !== 'string') throw new ArgumentError(`open needs a File, Blob or path as source; got ${show(source)}`);
    return message as WorkerRequest;
  }
  if (!SOURCE_METHODS.includes(message.op as SourceMethod)) throw new ArgumentError(`unknown worker operation ${show(message.op)}; expected open or ${SOURCE_METHODS.join(', ')}`);
  if (typeof message.session !== 'number' || !Array.isArray(message.args)) throw new ArgumentError(`${String(message.op)} needs a numeric session and an args array`);
  return message as WorkerRequest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The buffer of a read's typed array (SharedArrayBuffers are shared, not transferred). */
function transferables(value: unknown): Transferable[] {
  if (!isRecord(value) || !ArrayBuffer.isView(value.data)) return [];
  const buffer = value.data.buffer;
  return buffer instanceof ArrayBuffer ? [buffer] : [];
}

/**
 * An error as plain data that survives `postMessage`.
 *
 * @example
 * ```ts
 * postMessage({ id, ok: false, error: serializeError(err) });
 * ```
 */
export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const out: { -readonly [K in keyof SerializedError]: SerializedError[K] } = { name: err.name, message: err.message };
  if (err instanceof IoError) {
    out.file = err.file;
    out.path = err.path;
  }
  if (err instanceof FilterError) {
    out.reason = err.reason;
    out.filters = err.filters;
  }
  return out;
}

const IO_ERRORS: Record<string, new (location: { file: string; path?: string }, message: string) => IoError> = {
  IoError,
  FileNotFoundError,
  FileFormatError,
  ObjectNotFoundError,
};
const CORE_ERRORS: Record<string, new (message: string) => PandaasError> = { ArgumentError, DTypeError, IndexRangeError, ShapeError };

/**
 * The typed error a {@link SerializedError} describes, with the same class, message and fields.
 *
 * @example
 * ```ts
 * if (!response.ok) throw deserializeError(response.error); // e.g. an ObjectNotFoundError again
 * ```
 */
export function deserializeError(e: SerializedError): Error {
  let err: Error;
  const location = { file: e.file ?? '', path: e.path };
  if (e.name === 'FilterError') err = new FilterError(location, '', { reason: e.reason ?? 'failed', filters: e.filters ?? [] });
  else if (Object.hasOwn(IO_ERRORS, e.name)) err = new IO_ERRORS[e.name](location, '');
  else if (Object.hasOwn(CORE_ERRORS, e.name)) err = new CORE_ERRORS[e.name]('');
  else {
    err = new Error('');
    err.name = e.name;
  }
  err.message = e.message;
  return err;
}
