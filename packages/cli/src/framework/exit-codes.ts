/**
 * The exit statuses of the `pandaas` command, one per kind of outcome, so that scripts can tell
 * a typo in the command line from a missing file or a broken GPU.
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from '@pandaas/cli';
 * if (status === EXIT_CODES.notFound) console.log('check the path');
 * ```
 */
export const EXIT_CODES = {
  /** Done. */
  ok: 0,
  /** An unexpected failure (a bug: the message carries the stack). */
  internal: 1,
  /** The command line is wrong: unknown command or option, a bad option value. */
  usage: 2,
  /** A file, or an object inside a file, is not there (`E_NOT_FOUND`). */
  notFound: 3,
  /** An input is not what it claims to be: corrupt, truncated, unsupported (`E_FORMAT`). */
  badInput: 4,
  /** The inputs do not fit together or the request (a PONI for another detector, a wrong shape). */
  mismatch: 5,
  /** Reading or writing failed, or an output exists and `--overwrite` was not given (`E_IO`). */
  io: 6,
  /** The backend asked for (WebGPU) is not available or failed (`E_BACKEND`). */
  backend: 7,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM; outputs under way were removed. */
  interrupted: 130,
} as const;

/** One of {@link EXIT_CODES}' values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
