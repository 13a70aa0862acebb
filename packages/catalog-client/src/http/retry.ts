/**
 * Retry policy: exponential backoff with a cap, and `Retry-After` (seconds or an HTTP date).
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';

/**
 * How a transport retries: network errors and the statuses in `statuses` (429 and 503 by default)
 * are retried up to `maxAttempts` attempts in all; the n-th wait is `baseDelayMs * 2^(n-1)`,
 * or the server's `Retry-After`, never more than `maxDelayMs`.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 30_000 };
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, including the first (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** First backoff delay in ms (default 250). */
  baseDelayMs?: number;
  /** Cap on any single wait in ms, `Retry-After` included (default 30 000). */
  maxDelayMs?: number;
  /** Statuses that are retried (default 429 and 503). */
  statuses?: readonly number[];
}

/**
 * Retry options with every default filled in.
 *
 * @example
 * ```ts
 * const r: ResolvedRetry = resolveRetry({});
 * ```
 */
export type ResolvedRetry = Required<RetryOptions>;

/**
 * Fills in the defaults of `options` and validates them.
 *
 * @example
 * ```ts
 * resolveRetry({ maxAttempts: 2 }).baseDelayMs; // 250
 * ```
 */
export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  const resolved = {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    statuses: options.statuses ?? [429, 503],
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new ArgumentError(`retry.maxAttempts must be an integer >= 1, got ${resolved.maxAttempts}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) {
      throw new ArgumentError(`retry.${key} must be a finite number >= 0, got ${resolved[key]}`);
    }
  }
  return resolved;
}

/**
 * The wait before attempt `attempt + 1` (1-based `attempt` that just failed): exponential backoff
 * capped at `maxDelayMs`.
 *
 * @example
 * ```ts
 * backoffDelay(3, resolveRetry({ baseDelayMs: 100 })); // 400
 * ```
 */
export function backoffDelay(attempt: number, retry: ResolvedRetry): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Parses a `Retry-After` header value (delta seconds or an HTTP date) into milliseconds from
 * `now`; undefined when absent or unreadable. A date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter(new Date(Date.now() + 5000).toUTCString()); // about 5000
 * ```
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason when it aborts first.
 *
 * @example
 * ```ts
 * await sleep(100, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
