/**
 * How IDS `{code, message}` errors become typed errors.
 *
 * @module
 */
import { CatalogError, ForbiddenError, NotFoundError, NotOnlineError, QueryError, SessionExpiredError } from '../errors.js';
import type { HttpErrorInfo } from '../http/transport.js';

/**
 * Maps an IDS error response: `DataNotOnlineException` (503) → {@link NotOnlineError},
 * `NotFoundException` → {@link NotFoundError}, `BadRequestException` → {@link QueryError}, a 403
 * about the session → {@link SessionExpiredError} (other 403s, e.g.
 * `InsufficientPrivilegesException`: {@link ForbiddenError}), anything else → {@link CatalogError} `E_IO`.
 *
 * @example
 * ```ts
 * new HttpTransport({ baseUrl, errorMapper: idsErrorMapper });
 * ```
 */
export function idsErrorMapper(info: HttpErrorInfo): CatalogError {
  const options = { server: info.server, retryable: info.retryable };
  const code = info.server.code;
  if (code === 'DataNotOnlineException') return new NotOnlineError(info.message, { server: info.server });
  if (code === 'NotFoundException' || info.status === 404) return new NotFoundError(info.message, options);
  if (code === 'BadRequestException' || info.status === 400) return new QueryError(info.message, options);
  if (info.status === 403) {
    if (/session/i.test(info.server.message ?? '')) return new SessionExpiredError(info.message, options);
    return new ForbiddenError(info.message, options);
  }
  return new CatalogError('E_IO', info.message, options);
}
