import { ArgumentError, IndexRangeError } from '@pandaas/core';
import { FileNotFoundError } from '../errors.js';
import { importNode } from '../node-import.js';
import { show } from '@pandaas/core';

/**
 * Where an image comes from: a file path (Node.js), or its bytes (a `Uint8Array`, an
 * `ArrayBuffer`, or a browser `Blob`/`File`).
 */
export type ImageSource = string | Uint8Array | ArrayBuffer | Blob;

/** The bytes of a source and the name to report it by. */
export interface LoadedSource {
  readonly bytes: Uint8Array;
  readonly name: string;
}

/**
 * Reads a source into memory. A path is read with `node:fs` (imported only then, so browsers
 * never load it); a missing or unreadable file is a {@link FileNotFoundError} naming it.
 */
export async function loadSource(source: ImageSource, name: string | undefined): Promise<LoadedSource> {
  if (typeof source === 'string') {
    const { readFile } = await importNode('node:fs/promises');
    try {
      return { bytes: await readFile(source), name: name ?? source };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'unknown error';
      throw new FileNotFoundError({ file: source }, `cannot read the file (${code})`, { cause: err });
    }
  }
  if (source instanceof Uint8Array) return { bytes: source, name: name ?? '<bytes>' };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: name ?? '<bytes>' };
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const blobName = (source as { name?: unknown }).name;
    return { bytes: new Uint8Array(await source.arrayBuffer()), name: name ?? (typeof blobName === 'string' ? blobName : '<blob>') };
  }
  throw new ArgumentError(`source must be a path, a Uint8Array, an ArrayBuffer or a Blob; got ${show(source)}`);
}

/** The frame indices to read, validated: all when `frames` is undefined. */
export function pickFrames(frames: readonly number[] | undefined, count: number, name: string): number[] {
  if (frames === undefined) return Array.from({ length: count }, (_, i) => i);
  if (!Array.isArray(frames)) throw new ArgumentError(`options.frames must be an array of integers; got ${show(frames)}`);
  return frames.map((f) => {
    if (!Number.isInteger(f) || f < -count || f >= count) {
      throw new IndexRangeError(`options.frames holds ${show(f)}, but ${name} has ${count} frame(s)`);
    }
    return f < 0 ? f + count : f;
  });
}
