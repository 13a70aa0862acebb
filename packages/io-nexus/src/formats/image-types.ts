import type { Backend, NdArray } from '@pandaas/core';

/** The single-image file formats that {@link readImage} reads. */
export type ImageFormat = 'tiff' | 'edf' | 'cbf';

/** One header value: text as the file holds it, or a number (list) for TIFF tags. */
export type HeaderValue = string | number | boolean | readonly number[];

/** A frame's header metadata, keyed as fabio keys it. */
export type ImageHeader = Readonly<Record<string, HeaderValue>>;

/** One image of a file: its pixels and its header. */
export interface ImageFrame {
  /** The pixels: shape `[rows, columns]` (EDF may have more axes, slowest first). */
  readonly data: NdArray;
  /** The header metadata of this frame. */
  readonly header: ImageHeader;
}

/** What a single-image reader returns: the frames it read, in file order. */
export interface ImageFile {
  /** The format read. */
  readonly format: ImageFormat;
  /** The file's path, or the name given with in-memory bytes. */
  readonly name: string;
  /** Number of frames (TIFF pages, EDF blocks) in the file, read or not. */
  readonly frameCount: number;
  /** The frames read: all of them, or those asked for with `options.frames`. */
  readonly frames: readonly ImageFrame[];
}

/** Options of the single-image readers. */
export interface ReadImageOptions {
  /** The name to give in errors and in {@link ImageFile.name} when the source is bytes. */
  name?: string;
  /** Frame indices to read (default: all); negatives count from the end. */
  frames?: readonly number[];
  /** Backend of the returned arrays (default: the default backend). */
  backend?: string | Backend;
}
