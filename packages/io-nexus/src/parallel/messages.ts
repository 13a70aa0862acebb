import type { RawArray, ReadOptions } from '../h5/types.js';
import type { SerializedError } from '../worker/protocol.js';

/** What a decoding worker opens: given once, as the worker's `workerData`. */
export interface FrameWorkerData {
  /** The host path of the file that holds the dataset (links already resolved). */
  readonly file: string;
  /** The dataset's path inside that file. */
  readonly path: string;
  /** The dataset's shape (axis 0: the frames). */
  readonly shape: readonly number[];
  /** How values are converted (64-bit integers, missing virtual sources). */
  readonly read: ReadOptions;
}

/** Read frames `[first, first + count)` of the dataset (into `into`, transferred, when given). */
export interface FrameRequest {
  readonly id: number;
  readonly first: number;
  readonly count: number;
  /** A spent buffer of the caller's, recycled: the frames' bytes go there when its size fits. */
  readonly into?: ArrayBuffer;
}

/** A worker's answer to a {@link FrameRequest}: the frames (their buffer transferred), or the error. */
export type FrameReply =
  | { readonly id: number; readonly ok: true; readonly raw: RawArray }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };
