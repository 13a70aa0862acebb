import { describe, expect, it } from 'vitest';
import { CatalogError, ForbiddenError, QueryError, SessionExpiredError } from './errors.js';
import { HttpTransport } from './http/transport.js';
import type { ErrorMapper } from './http/transport.js';
import { icatErrorMapper } from './icat/errors.js';
import { idsErrorMapper } from './ids/errors.js';

/** A transport whose fetch answers every request with `status` and the JSON `body`. */
function answering(status: number, body: unknown, errorMapper: ErrorMapper): HttpTransport {
  const fetch = (): Promise<Response> => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  return new HttpTransport({ baseUrl: 'http://catalogue.test', fetch, errorMapper, retry: { maxAttempts: 1 } });
}

const failure = (http: HttpTransport): Promise<unknown> => http.json({ path: 'x' }).catch((e: unknown) => e);

describe('ForbiddenError: a 403 that is not an expired session', () => {
  it('ICAT INSUFFICIENT_PRIVILEGES is a ForbiddenError, 403 SESSION stays a SessionExpiredError', async () => {
    const denied = await failure(answering(403, { code: 'INSUFFICIENT_PRIVILEGES', message: 'READ access to this Dataset is not allowed.' }, icatErrorMapper));
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect(denied).not.toBeInstanceOf(SessionExpiredError);
    expect((denied as ForbiddenError).code).toBe('E_ARGUMENT');
    expect((denied as ForbiddenError).server).toEqual({ status: 403, code: 'INSUFFICIENT_PRIVILEGES', message: 'READ access to this Dataset is not allowed.' });
    const expired = await failure(answering(403, { code: 'SESSION', message: 'Unable to find user by sessionid' }, icatErrorMapper));
    expect(expired).toBeInstanceOf(SessionExpiredError);
    expect(expired).not.toBeInstanceOf(ForbiddenError);
  });

  it('an IDS 403 about the session is SessionExpiredError, any other IDS 403 a ForbiddenError', async () => {
    const denied = await failure(answering(403, { code: 'InsufficientPrivilegesException', message: 'Read access to Datafile 42 is not allowed' }, idsErrorMapper));
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect((denied as ForbiddenError).server?.code).toBe('InsufficientPrivilegesException');
    const expired = await failure(answering(403, { code: 'InsufficientPrivilegesException', message: 'The session id x is not valid' }, idsErrorMapper));
    expect(expired).toBeInstanceOf(SessionExpiredError);
  });

  it('other ICAT codes keep their classes', async () => {
    expect(await failure(answering(400, { code: 'BAD_PARAMETER', message: 'bad' }, icatErrorMapper))).toBeInstanceOf(QueryError);
    const exists = await failure(answering(400, { code: 'OBJECT_ALREADY_EXISTS', message: 'dup' }, icatErrorMapper));
    expect(exists).toBeInstanceOf(CatalogError);
    expect(exists).not.toBeInstanceOf(ForbiddenError);
  });
});
