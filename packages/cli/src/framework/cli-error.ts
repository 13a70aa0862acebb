import { isPandaasError, type ErrorCode } from '@pandaas/core';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/**
 * An expected failure of a command: its message is shown as is (no stack) and the process ends
 * with `exitCode`.
 *
 * @example
 * ```ts
 * throw new CliError('--npt must be a positive integer; got "ten"', EXIT_CODES.usage);
 * ```
 */
export class CliError extends Error {
  /** The exit status the command ends with. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * A wrong command line (exit status 2): unknown command or option, a missing or bad value.
 *
 * @example
 * ```ts
 * throw new UsageError('integrate needs --poni FILE');
 * ```
 */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_CODES.usage);
    this.name = 'UsageError';
  }
}

/**
 * The command was stopped by Ctrl-C or SIGTERM (exit status 130).
 *
 * @example
 * ```ts
 * if (signal.aborted) throw new InterruptedError();
 * ```
 */
export class InterruptedError extends CliError {
  constructor() {
    super('interrupted: outputs under way were removed', EXIT_CODES.interrupted);
    this.name = 'InterruptedError';
  }
}

const EXIT_OF_CODE: Record<ErrorCode, ExitCode> = {
  E_NOT_FOUND: EXIT_CODES.notFound,
  E_FORMAT: EXIT_CODES.badInput,
  E_ARGUMENT: EXIT_CODES.mismatch,
  E_SHAPE: EXIT_CODES.mismatch,
  E_DTYPE: EXIT_CODES.mismatch,
  E_RANGE: EXIT_CODES.mismatch,
  E_DISPOSED: EXIT_CODES.internal,
  E_IO: EXIT_CODES.io,
  E_BACKEND: EXIT_CODES.backend,
};

/** What to tell the user about a failure: the message, the exit status, and whether it was expected. */
export interface Failure {
  readonly message: string;
  readonly exitCode: ExitCode;
  /** False for a bug: the stack is shown with the message. */
  readonly expected: boolean;
  /** The pandaas error code (`E_NOT_FOUND`...), when there is one. */
  readonly code?: string;
}

/**
 * Classifies what a command threw: a {@link CliError} or a pandaas error (typed, with a code) is
 * expected and shown without stack; an aborted operation counts as an interruption; anything
 * else is a bug, shown with its stack.
 *
 * @example
 * ```ts
 * const failure = describeFailure(err);
 * stderr.write(`pandaas: ${failure.message}\n`);
 * process.exitCode = failure.exitCode;
 * ```
 */
export function describeFailure(err: unknown): Failure {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode, expected: true };
  if (isPandaasError(err)) return { message: err.message, exitCode: EXIT_OF_CODE[err.code], expected: err.code !== 'E_DISPOSED', code: err.code };
  if (err instanceof Error && err.name === 'AbortError') return { message: new InterruptedError().message, exitCode: EXIT_CODES.interrupted, expected: true };
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // Node.js system errors (ENOENT, EACCES, ENOSPC...) are about the files, not a bug.
    return { message: err.message, exitCode: code === 'ENOENT' ? EXIT_CODES.notFound : EXIT_CODES.io, expected: true, code };
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { message: `internal error (please report it): ${message}`, exitCode: EXIT_CODES.internal, expected: false };
}
