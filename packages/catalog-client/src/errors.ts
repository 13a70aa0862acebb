/**
 * Typed errors of the catalogue clients. Every error is a {@link PandaasError} with a stable
 * `code`; errors that come from a server also carry what the server sent (`server`), and
 * `retryable` says whether trying again later can help. No message ever contains a session id,
 * token or password: the transport redacts them before an error is built.
 *
 * @example
 * ```ts
 * import { AuthenticationError, CatalogError } from '@pandaas/catalog-client';
 * try {
 *   await icat.login('db', { username: 'u', password: 'wrong' });
 * } catch (err) {
 *   if (err instanceof AuthenticationError) console.log(err.server?.code, err.message);
 * }
 * ```
 * @module
 */
import { PandaasError } from '@pandaas/core';
import type { ErrorCode } from '@pandaas/core';

/**
 * What a server sent with an error: the HTTP status and, when the body had them, its code and
 * message (ICAT/IDS `{code, message}`, SciCat `{statusCode, message, error}` → `code` = `error`).
 *
 * @example
 * ```ts
 * const server: ServerErrorInfo = { status: 403, code: 'SESSION', message: 'Unable to find user by sessionid' };
 * ```
 */
export interface ServerErrorInfo {
  /** HTTP status code. */
  readonly status: number;
  /** The server's error code or type (`SESSION`, `BAD_PARAMETER`, `Unauthorized`...), if any. */
  readonly code?: string;
  /** The server's message (redacted), if any. */
  readonly message?: string;
}

/**
 * Options of every catalogue error.
 *
 * @example
 * ```ts
 * new CatalogError('E_IO', 'server failed', { server: { status: 500 }, retryable: true });
 * ```
 */
export interface CatalogErrorOptions {
  /** What the server sent, when the error comes from a response. */
  server?: ServerErrorInfo;
  /** Whether trying again later may succeed (network failures, 429, 503). Default false. */
  retryable?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error of `@pandaas/catalog-client`: an HTTP error without a more precise
 * class (code `E_IO`), a network failure after all retries, or a timeout.
 *
 * @example
 * ```ts
 * if (err instanceof CatalogError && err.retryable) setTimeout(retry, 60_000);
 * ```
 */
export class CatalogError extends PandaasError {
  /** What the server sent, when the error comes from a response. */
  readonly server: ServerErrorInfo | undefined;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: CatalogErrorOptions = {}) {
    super(code, message, { cause: options.cause });
    this.server = options.server;
    this.retryable = options.retryable ?? false;
  }
}

/**
 * Login refused: wrong credentials or an authenticator plugin the server does not know (code
 * `E_ARGUMENT`). The message never contains the credentials.
 *
 * @example
 * ```ts
 * await expect(icat.login('nope', {})).rejects.toBeInstanceOf(AuthenticationError);
 * ```
 */
export class AuthenticationError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_ARGUMENT', message, options);
  }
}

/**
 * The session or token expired or was never valid (ICAT `403 SESSION`, SciCat `401`), and no
 * re-login was allowed or possible (code `E_ARGUMENT`).
 *
 * @example
 * ```ts
 * if (err instanceof SessionExpiredError) await client.login(plugin, credentials);
 * ```
 */
export class SessionExpiredError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_ARGUMENT', message, options);
  }
}

/**
 * Access refused to a valid session or token: HTTP 403 that is not an expired session (ICAT
 * `INSUFFICIENT_PRIVILEGES`, an IDS 403 not about the session, SciCat 403; code `E_ARGUMENT`).
 * Logging in again does not help; other credentials might.
 *
 * @example
 * ```ts
 * if (err instanceof ForbiddenError) console.log('no access to this dataset:', err.server?.message);
 * ```
 */
export class ForbiddenError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_ARGUMENT', message, options);
  }
}

/**
 * The entity, dataset or file does not exist (HTTP 404, ICAT `NO_SUCH_OBJECT_FOUND`; code
 * `E_NOT_FOUND`).
 *
 * @example
 * ```ts
 * if (err instanceof NotFoundError) console.log('no such dataset');
 * ```
 */
export class NotFoundError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_NOT_FOUND', message, options);
  }
}

/**
 * A query the server rejected: malformed JPQL, a bad filter, too many results (ICAT
 * `BAD_PARAMETER`, `VALIDATION`; SciCat 400; code `E_ARGUMENT`). `server` carries the server's
 * code and message.
 *
 * @example
 * ```ts
 * try { await icat.search('SELECT FROM'); } catch (err) { if (err instanceof QueryError) console.log(err.server?.message); }
 * ```
 */
export class QueryError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_ARGUMENT', message, options);
  }
}

/**
 * The data is not online (IDS 503 `DataNotOnlineException`): restore it with `prepareData` and
 * poll until it is prepared (code `E_IO`, always retryable).
 *
 * @example
 * ```ts
 * if (err instanceof NotOnlineError) await ids.waitUntilPrepared(preparedId);
 * ```
 */
export class NotOnlineError extends CatalogError {
  constructor(message: string, options: Omit<CatalogErrorOptions, 'retryable'> = {}) {
    super('E_IO', message, { ...options, retryable: true });
  }
}

/**
 * A transfer that failed: a connection cut more often than the resume attempts allow, a size
 * or checksum that does not match, a file that could not be written (full disk). Nothing is
 * left at the destination (code `E_IO`).
 *
 * @example
 * ```ts
 * if (err instanceof TransferError) console.log('download failed, nothing written:', err.message);
 * ```
 */
export class TransferError extends CatalogError {
  constructor(message: string, options: CatalogErrorOptions = {}) {
    super('E_IO', message, options);
  }
}

/**
 * A download whose destination already exists while `overwrite` was not asked for: the existing
 * file is untouched, and a finished download stays in `<destination>.part` (code `E_IO`).
 *
 * @example
 * ```ts
 * if (err instanceof DestinationExistsError) console.log(`${err.path} exists: pass overwrite: true`);
 * ```
 */
export class DestinationExistsError extends CatalogError {
  constructor(
    readonly path: string,
    message: string,
    options: Omit<CatalogErrorOptions, 'retryable'> = {},
  ) {
    super('E_IO', message, options);
  }
}
