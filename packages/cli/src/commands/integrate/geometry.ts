import { AzimuthalIntegrator } from '@pandaas/integrate';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/**
 * A shape for messages.
 *
 * @example
 * ```ts
 * formatShape([195, 1475]); // '[195, 1475]'
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The integrator of the PONI file `path` for frames of `frameShape`: the PONI's detector shape
 * must be the frames' (a mismatch is an error, exit status 5, naming both shapes); a PONI file
 * without one (v1, or `max_shape: null`) takes the frames'. `chiDiscAtZero` puts the azimuthal
 * discontinuity at 0 (chi in [0, 360) degrees).
 *
 * @example
 * ```ts
 * const ai = await integratorFor('/data/lab6_0009.poni', [195, 1475], false, 'scan.nxs::/entry/data/data');
 * ```
 */
export async function integratorFor(
  path: string,
  frameShape: readonly [number, number],
  chiDiscAtZero: boolean,
  framesLabel: string,
): Promise<AzimuthalIntegrator> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`--poni ${path}: no such file`, EXIT_CODES.notFound, { cause: err });
    if (code === 'EISDIR') throw new CliError(`--poni ${path} is a folder, not a PONI file`, EXIT_CODES.badInput, { cause: err });
    throw new CliError(`--poni ${path}: cannot be read (${code ?? String(err)})`, EXIT_CODES.io, { cause: err });
  }
  let ai = AzimuthalIntegrator.fromPoni(text, basename(path));
  if (!ai.detector.hasShape) {
    ai = ai.withShape(frameShape);
  } else if (ai.shape[0] !== frameShape[0] || ai.shape[1] !== frameShape[1]) {
    throw new CliError(
      `the PONI file ${path} describes a ${ai.detector.name} detector of shape ${formatShape(ai.shape)} (rows, columns), ` +
        `but the frames of ${framesLabel} have the shape ${formatShape(frameShape)}: give the PONI file of this detector`,
      EXIT_CODES.mismatch,
    );
  }
  return chiDiscAtZero ? ai.with({ chiDiscAtZero: true }) : ai;
}
