import { ArgumentError, show } from '@pandaas/core';
import type { Split } from '../splitting/types.js';

/**
 * How the pixels' contributions are gathered: a scatter per frame, or a sparse matrix built once.
 *
 * @example
 * ```ts
 * await ai.integrate1d(frame, { npt: 1000, method: ['no', 'histogram'] });
 * ```
 */
export type Algorithm = 'histogram' | 'csr';

/**
 * Where the per-frame work runs.
 *
 * @example
 * ```ts
 * await ai.integrate1d(frame, { npt: 1000, method: { backend: 'webgpu' } });
 * ```
 */
export type EngineBackend = 'cpu' | 'webgpu';

/**
 * An integration method, as pyFAI's `IntegrationMethod` triple: pixel splitting x algorithm x
 * backend (pyFAI's "implementation").
 *
 * @example
 * ```ts
 * const m: Method = { split: 'full', algorithm: 'csr', backend: 'cpu' };
 * ```
 */
export interface Method {
  /** Pixel splitting: `no` (pixel centre only), `bbox` (bounding box) or `full` (pixel polygon). */
  readonly split: Split;
  /**
   * `histogram` (scatter, nothing kept between frames) or `csr` (sparse matrix built once, gathered
   * per frame). WGSL has no float atomics to scatter with: on `webgpu` both run the CSR gather.
   */
  readonly algorithm: Algorithm;
  /** `cpu` (all cores) or `webgpu`. */
  readonly backend: EngineBackend;
}

/**
 * What {@link parseMethod} accepts: a splitting name, a pyFAI-style triple, or a partial {@link Method}.
 *
 * @example
 * ```ts
 * const specs: MethodSpec[] = ['bbox', ['full', 'csr', 'webgpu'], { split: 'no', algorithm: 'histogram' }];
 * ```
 */
export type MethodSpec = Split | readonly [split: Split, algorithm?: Algorithm, backend?: EngineBackend] | Partial<Method>;

/**
 * The valid splittings, algorithms and backends.
 *
 * @example
 * ```ts
 * SPLITS.includes('full'); // true
 * ```
 */
export const SPLITS: readonly Split[] = ['no', 'bbox', 'full'];
/**
 * The valid algorithms.
 *
 * @example
 * ```ts
 * ALGORITHMS.includes('csr'); // true
 * ```
 */
export const ALGORITHMS: readonly Algorithm[] = ['histogram', 'csr'];
/**
 * The valid backends.
 *
 * @example
 * ```ts
 * ENGINE_BACKENDS.includes('webgpu'); // true
 * ```
 */
export const ENGINE_BACKENDS: readonly EngineBackend[] = ['cpu', 'webgpu'];

/**
 * The default method: bounding-box splitting, CSR, on the CPU (pyFAI's `("bbox", "csr", "cython")`).
 *
 * @example
 * ```ts
 * parseMethod(undefined) === DEFAULT_METHOD; // true
 * ```
 */
export const DEFAULT_METHOD: Method = Object.freeze({ split: 'bbox', algorithm: 'csr', backend: 'cpu' });

function pick<T extends string>(value: unknown, valid: readonly T[], fallback: T, argument: string): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (valid as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as T;
  throw new ArgumentError(`${argument} must be one of ${valid.map((v) => show(v)).join(', ')}; got ${show(value)}`);
}

/**
 * Normalises a method given as a splitting name (`'bbox'`), a triple (`['full', 'csr', 'webgpu']`)
 * or an object (`{ split: 'no', algorithm: 'histogram' }`); what is left out takes the default
 * `('bbox', 'csr', 'cpu')`. Names are case-insensitive. An unknown name is an ArgumentError that
 * lists the valid ones.
 *
 * @example
 * ```ts
 * parseMethod('full'); // { split: 'full', algorithm: 'csr', backend: 'cpu' }
 * parseMethod(['no', 'histogram']); // { split: 'no', algorithm: 'histogram', backend: 'cpu' }
 * ```
 */
export function parseMethod(spec: MethodSpec | undefined, argument = 'method'): Method {
  if (spec === undefined) return DEFAULT_METHOD;
  if (typeof spec === 'string') return Object.freeze({ ...DEFAULT_METHOD, split: pick(spec, SPLITS, 'bbox', argument) });
  if (Array.isArray(spec)) {
    if (spec.length < 1 || spec.length > 3) throw new ArgumentError(`${argument} as a list must be [split, algorithm?, backend?]; got ${show(spec)}`);
    return Object.freeze({
      split: pick(spec[0], SPLITS, 'bbox', `${argument}[0]`),
      algorithm: pick(spec[1], ALGORITHMS, 'csr', `${argument}[1]`),
      backend: pick(spec[2], ENGINE_BACKENDS, 'cpu', `${argument}[2]`),
    });
  }
  if (spec !== null && typeof spec === 'object') {
    const unknown = Object.keys(spec).filter((k) => k !== 'split' && k !== 'algorithm' && k !== 'backend');
    if (unknown.length > 0) throw new ArgumentError(`${argument} has unknown keys ${show(unknown)}; valid keys are "split", "algorithm", "backend"`);
    const m = spec as Partial<Method>;
    return Object.freeze({
      split: pick(m.split, SPLITS, 'bbox', `${argument}.split`),
      algorithm: pick(m.algorithm, ALGORITHMS, 'csr', `${argument}.algorithm`),
      backend: pick(m.backend, ENGINE_BACKENDS, 'cpu', `${argument}.backend`),
    });
  }
  throw new ArgumentError(`${argument} must be a splitting name, [split, algorithm, backend] or { split, algorithm, backend }; got ${show(spec)}`);
}

/**
 * The method as pyFAI writes it: `"bbox-csr-cpu"`.
 *
 * @example
 * ```ts
 * formatMethod(parseMethod('full')); // 'full-csr-cpu'
 * ```
 */
export function formatMethod(m: Method): string {
  return `${m.split}-${m.algorithm}-${m.backend}`;
}
