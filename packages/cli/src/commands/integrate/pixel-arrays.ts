import type { NdArray } from '@pandaas/core';
import { CliError, describeFailure } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { openInput } from '../../framework/inputs.js';
import { formatShape } from './geometry.js';
import type { PixelFile, PixelOption } from './options.js';

/**
 * The per-pixel images read, by option name, each of the detector's shape `[rows, columns]`.
 *
 * @example
 * ```ts
 * const { mask, dark }: PixelArrays = await readPixelArrays(request.pixelFiles, [195, 1475]);
 * ```
 */
export type PixelArrays = Partial<Record<PixelOption, NdArray>>;

/**
 * Reads the images of `--mask`, `--dark`, `--flat` and `--variance` (an HDF5 dataset or NXdata,
 * or a TIFF/EDF/CBF image; a stack of one frame is taken as that frame) and checks that each
 * has the detector's shape: another shape is an error (exit status 5) naming the option, the
 * file and both shapes; a file that cannot be opened (missing, unreadable, a wrong path inside
 * it) is reported with the option's name (`--mask /tmp/x: no such file`).
 *
 * @example
 * ```ts
 * const { mask } = await readPixelArrays({ mask: { location: { file: '/data/mask.edf' }, text: 'mask.edf' } }, [195, 1475]);
 * ```
 */
export async function readPixelArrays(files: Readonly<Partial<Record<PixelOption, PixelFile>>>, shape: readonly [number, number]): Promise<PixelArrays> {
  const arrays: PixelArrays = {};
  for (const [name, file] of Object.entries(files) as [PixelOption, PixelFile][]) {
    const input = await openInput(file.location).catch((err: unknown) => {
      throw namingOption(err, name, file);
    });
    try {
      const dims = input.shape.length <= 2 ? input.shape : input.shape.filter((n, i) => n !== 1 || i >= input.shape.length - 2);
      if (dims.length !== 2 || dims[0] !== shape[0] || dims[1] !== shape[1]) {
        throw new CliError(
          `--${name} ${file.text} has the shape ${formatShape(input.shape)}; it must have the detector's shape ${formatShape(shape)} (one value per pixel)`,
          EXIT_CODES.mismatch,
        );
      }
      arrays[name] = (await input.read()).reshape([shape[0], shape[1]]);
    } finally {
      await input.close();
    }
  }
  return arrays;
}

/** An expected failure to open `--name FILE` again, its message led by the option (a bug is left as it is). */
function namingOption(err: unknown, name: PixelOption, file: PixelFile): unknown {
  const failure = describeFailure(err);
  if (!failure.expected) return err;
  const message = failure.message.startsWith(file.location.file) ? failure.message : `${file.text}: ${failure.message}`;
  return new CliError(`--${name} ${message}`, failure.exitCode, { cause: err });
}
