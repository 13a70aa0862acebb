/**
 * The viewer's own messages to its HDF5 worker, beside io-nexus' protocol (whose messages carry a
 * numeric `id`): these carry `viewer` instead, and the worker routes on it.
 *
 * @module
 */
import type { PlainTree } from '../nexus/plain-tree.js';

/** Sent first: where the worker fetches the compression filters (before h5wasm loads). */
export interface ConfigureRequest {
  readonly viewer: 'configure';
  readonly pluginBaseUrl: string;
}

/** Write `tree` as an HDF5 file in the worker's memory and answer its bytes. */
export interface WriteRequest {
  readonly viewer: 'write';
  readonly ticket: number;
  readonly tree: PlainTree;
}

/** A request of the viewer to its worker. */
export type ViewerRequest = ConfigureRequest | WriteRequest;

/** The answer to a {@link WriteRequest}: the file's bytes, or why it failed. */
export type WriteReply =
  | { readonly viewer: 'written'; readonly ticket: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly viewer: 'written'; readonly ticket: number; readonly ok: false; readonly name: string; readonly message: string };

/**
 * Whether a message is one of the viewer's (not io-nexus' protocol).
 *
 * @example
 * ```ts
 * isViewerMessage({ viewer: 'configure', pluginBaseUrl: '/h5wasm-plugins' }); // true
 * isViewerMessage({ id: 1, op: 'open' }); // false
 * ```
 */
export function isViewerMessage(message: unknown): message is ViewerRequest | WriteReply {
  return typeof message === 'object' && message !== null && typeof (message as { viewer?: unknown }).viewer === 'string';
}
