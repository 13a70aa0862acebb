/**
 * Typed errors of `@pandaas/integrate`. Invalid arguments throw `@pandaas/core`'s `ArgumentError`
 * and `ShapeError`; a PONI file that cannot be read throws {@link PoniError}.
 *
 * @example
 * ```ts
 * import { Geometry, PoniError } from '@pandaas/integrate';
 * try {
 *   Geometry.fromPoni('Distance: abc', 'calib.poni');
 * } catch (err) {
 *   if (err instanceof PoniError) console.log(err.key, err.line, err.message);
 * }
 * ```
 * @module
 */
import { PandaasError } from '@pandaas/core';

/**
 * Where a PONI error is: the file, the line (1-based) and the key, each when known.
 *
 * @example
 * ```ts
 * const where: PoniErrorLocation = { source: 'calib.poni', line: 7, key: 'Rot1' };
 * new PoniError('key "Rot1" has value "x", which is not a finite number', where);
 * ```
 */
export interface PoniErrorLocation {
  /** The file name (or any name given for the text). */
  readonly source?: string;
  /** The 1-based line number. */
  readonly line?: number;
  /** The key as written in the file (`Distance`, `Detector_config`, ...). */
  readonly key?: string;
}

/**
 * A PONI file with a missing, malformed or unsupported entry (code `E_FORMAT`). The message starts
 * with the file and line, and names the key and the value.
 *
 * @example
 * ```ts
 * new PoniError('key "Poni1" is missing', { source: 'calib.poni' }).message;
 * // 'calib.poni: key "Poni1" is missing'
 * ```
 */
export class PoniError extends PandaasError {
  /** The file name, when one was given. */
  readonly source: string | undefined;
  /** The 1-based line of the entry, when the error is about one line. */
  readonly line: number | undefined;
  /** The key of the entry, when the error is about one key. */
  readonly key: string | undefined;

  constructor(message: string, location: PoniErrorLocation = {}, options?: { cause?: unknown }) {
    const where = [location.source ?? 'PONI', location.line === undefined ? undefined : `line ${location.line}`]
      .filter((part) => part !== undefined)
      .join(', ');
    super('E_FORMAT', `${where}: ${message}`, options);
    this.source = location.source;
    this.line = location.line;
    this.key = location.key;
  }
}
