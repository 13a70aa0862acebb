// The ICAT client of the other subcommands, on the session id `pandaas catalog login` stored
// (registered as a secret, so it never shows in a message), with the library's typed errors.
import { IcatClient, SessionExpiredError } from '@pandaas/catalog-client';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import type { CatalogSession } from './session-store.js';

/**
 * An `IcatClient` on the stored session.
 *
 * @example
 * ```ts
 * const icat = storedIcatClient(session);
 * const rows = await icat.search('SELECT d FROM Dataset d');
 * ```
 */
export function storedIcatClient(session: CatalogSession & { kind: 'icat' }): IcatClient {
  return IcatClient.fromSession({ url: session.url, retry: { maxAttempts: 2 } }, session.sessionId);
}

/**
 * Runs `call`, turning an expired stored session into a CliError that asks for a new login.
 *
 * @example
 * ```ts
 * const rows = await withStoredSession(() => icat.search(query));
 * ```
 */
export async function withStoredSession<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof SessionExpiredError) throw new CliError(`the stored ICAT session has expired: run pandaas catalog login again (${err.message})`, EXIT_CODES.notFound, { cause: err });
    throw err;
  }
}
