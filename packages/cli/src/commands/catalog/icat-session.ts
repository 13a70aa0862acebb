// ICAT's entity manager spoken with the session id `pandaas catalog login` stored (the session id
// is registered as a secret, so it never shows in a message).
import { HttpTransport, type IcatEntity, type IcatEntityName, type IcatWriter } from '@pandaas/catalog-client';

/** `[{"Dataset":{...}}]` rows become `{...}` (ICAT wraps each entity in its name). */
function unwrap(row: unknown): unknown {
  if (row !== null && typeof row === 'object' && !Array.isArray(row)) {
    const keys = Object.keys(row);
    if (keys.length === 1 && /^[A-Z]/.test(keys[0] as string)) return (row as Record<string, unknown>)[keys[0] as string];
  }
  return row;
}

/**
 * Search and create in ICAT with a stored session id.
 *
 * @example
 * ```ts
 * const icat = new StoredIcatSession(session.url, session.sessionId);
 * const rows = await icat.search('SELECT d FROM Dataset d');
 * ```
 */
export class StoredIcatSession implements IcatWriter {
  readonly #http: HttpTransport;
  readonly #sessionId: string;

  constructor(url: string, sessionId: string) {
    this.#http = new HttpTransport({ baseUrl: url, retry: { maxAttempts: 2 } });
    this.#http.secrets.add(sessionId);
    this.#sessionId = sessionId;
  }

  async search(query: string, options: { signal?: AbortSignal } = {}): Promise<IcatEntity[]> {
    const raw = await this.#http.json<unknown[]>({ path: 'icat/entityManager', query: { sessionId: this.#sessionId, query }, signal: options.signal });
    return (Array.isArray(raw) ? raw.map(unwrap) : []) as IcatEntity[];
  }

  createMany(entities: readonly { entity: IcatEntityName; fields: Record<string, unknown> }[], options: { signal?: AbortSignal } = {}): Promise<number[]> {
    const payload = JSON.stringify(entities.map(({ entity, fields }) => ({ [entity]: fields })));
    return this.#http.json<number[]>({ method: 'POST', path: 'icat/entityManager', form: { sessionId: this.#sessionId, entities: payload }, signal: options.signal });
  }
}
