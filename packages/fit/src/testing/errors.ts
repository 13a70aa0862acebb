/**
 * Assertions on the typed errors of pandaas for the bad-input tests. Not part of the package API.
 *
 * @module
 */
import { isPandaasError, type ErrorCode } from '@pandaas/core';
import { expect } from 'vitest';

function check(err: unknown, code: ErrorCode, message: RegExp): void {
  expect(isPandaasError(err, code), `expected a pandaas ${code} error; got ${String(err)}`).toBe(true);
  expect((err as Error).message).toMatch(message);
}

/**
 * Asserts that `fn` throws a pandaas error of `code` whose message matches `message` (the
 * argument and the value it names).
 *
 * @example
 * ```ts
 * expectPandaasError(() => strip([1, NaN]), 'E_ARGUMENT', /y\[1\] must be a finite number; got NaN/);
 * ```
 */
export function expectPandaasError(fn: () => unknown, code: ErrorCode, message: RegExp): void {
  let caught: unknown = 'nothing thrown';
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  check(caught, code, message);
}

/**
 * {@link expectPandaasError} for a function returning a promise: it must reject so.
 *
 * @example
 * ```ts
 * await expectPandaasRejection(() => snip1dMany(rows, 5, 2), 'E_SHAPE', /not a whole number of spectra/);
 * ```
 */
export async function expectPandaasRejection(fn: () => Promise<unknown>, code: ErrorCode, message: RegExp): Promise<void> {
  let caught: unknown = 'nothing thrown';
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  check(caught, code, message);
}
