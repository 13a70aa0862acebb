/**
 * How ICAT's `{code, message}` errors become typed errors.
 *
 * @module
 */
import { CatalogError, ForbiddenError, NotFoundError, QueryError, SessionExpiredError } from '../errors.js';
import type { HttpErrorInfo } from '../http/transport.js';

/**
 * Maps an ICAT error response: `SESSION` → {@link SessionExpiredError}, `BAD_PARAMETER` and
 * `VALIDATION` → {@link QueryError}, `NO_SUCH_OBJECT_FOUND` → {@link NotFoundError},
 * `INSUFFICIENT_PRIVILEGES` → {@link ForbiddenError}, `OBJECT_ALREADY_EXISTS` → {@link CatalogError} `E_ARGUMENT`,
 * anything else → {@link CatalogError} `E_IO`. `server` keeps ICAT's code and message.
 *
 * @example
 * ```ts
 * new HttpTransport({ baseUrl, errorMapper: icatErrorMapper });
 * ```
 */
export function icatErrorMapper(info: HttpErrorInfo): CatalogError {
  const options = { server: info.server, retryable: info.retryable };
  switch (info.server.code) {
    case 'SESSION':
      return new SessionExpiredError(info.message, options);
    case 'BAD_PARAMETER':
    case 'VALIDATION':
      return new QueryError(info.message, options);
    case 'NO_SUCH_OBJECT_FOUND':
      return new NotFoundError(info.message, options);
    case 'INSUFFICIENT_PRIVILEGES':
      return new ForbiddenError(info.message, options);
    case 'OBJECT_ALREADY_EXISTS':
      return new CatalogError('E_ARGUMENT', info.message, options);
    default:
      if (info.status === 404) return new NotFoundError(info.message, options);
      return new CatalogError('E_IO', info.message, options);
  }
}
