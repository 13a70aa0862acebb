import { detectImageFormat, type ImageFormat } from '@pandaas/io-nexus';
import { open } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/** What a file holds: HDF5 (NeXus), or a single-image format. */
export type FileKind = { readonly kind: 'hdf5' } | { readonly kind: 'image'; readonly format: ImageFormat };

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Tells HDF5 from TIFF, EDF and CBF by the first bytes (io-nexus's `detectImageFormat`);
 * anything else is taken for HDF5 (whose signature may follow a user block), and HDF5's reader
 * says whether it is. A missing file or a folder is a {@link CliError} naming it.
 *
 * @example
 * ```ts
 * await detectFileKind('pixium_03150.tif'); // { kind: 'image', format: 'tiff' }
 * ```
 */
export async function detectFileKind(file: string): Promise<FileKind> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`, EXIT_CODES.notFound);
    throw new CliError(`${file}: cannot be read (${code ?? String(err)})`, EXIT_CODES.io);
  }
  try {
    if ((await handle.stat()).isDirectory()) throw new CliError(`${file} is a folder, not a file`, EXIT_CODES.badInput);
    const head = new Uint8Array(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (HDF5_SIGNATURE.every((b, i) => bytes[i] === b)) return { kind: 'hdf5' };
    const format = detectImageFormat(bytes);
    return format === undefined ? { kind: 'hdf5' } : { kind: 'image', format };
  } finally {
    await handle.close();
  }
}
