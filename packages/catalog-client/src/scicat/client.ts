/**
 * `SciCatClient`: a SciCat (scicat-backend-next) client for Node and browsers. v3 routes by
 * default, v4 where they differ (the anonymous public datasets). Login to a JWT sent as
 * `Authorization: Bearer`, renewed before `exp`; typed errors that carry the server's status
 * and message and never the token.
 *
 * @example
 * ```ts
 * const client = new SciCatClient({ url: 'https://scicat.ess.eu' });
 * await client.login('ingestor', process.env.SCICAT_PASSWORD!);
 * const recent = await client.datasets.find({ where: { type: 'raw' }, limits: { limit: 10, order: 'creationTime:desc' } });
 * const open = await client.publicDatasets.count();
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { ForbiddenError } from '../errors.js';
import type { CatalogError } from '../errors.js';
import { HttpTransport, defaultErrorMapper } from '../http/transport.js';
import type { HttpErrorInfo, TransportOptions } from '../http/transport.js';
import { SciCatCollection, SciCatReader } from './collection.js';
import type { SciCatSender } from './collection.js';
import type { SciCatDataset, SciCatInstrument, SciCatOrigDatablock, SciCatProposal, SciCatPublishedData, SciCatSample } from './models.js';
import { SciCatSession } from './session.js';
import type { SciCatLogin, SciCatSessionOptions } from './session.js';

/**
 * Options of a {@link SciCatClient}: the transport's (timeouts, retries, proxy, logger) and the
 * session's (an existing token, renewal margin, re-login on 401, clock).
 *
 * @example
 * ```ts
 * const options: SciCatClientOptions = { url: 'https://scicat.ess.eu', timeoutMs: 10_000, renewMarginSeconds: 120 };
 * ```
 */
export interface SciCatClientOptions extends Omit<TransportOptions, 'baseUrl' | 'errorMapper'>, SciCatSessionOptions {
  /** The server's root URL (without `/api`). */
  url: string;
}

/** SciCat's 403 (an existing document the user may not access) is a {@link ForbiddenError}. */
function scicatErrorMapper(info: HttpErrorInfo): CatalogError {
  if (info.status === 403) return new ForbiddenError(info.message, { server: info.server });
  return defaultErrorMapper(info);
}

/**
 * The datasets collection, with their original datablocks.
 *
 * @example
 * ```ts
 * const blocks = await client.datasets.origdatablocks('20.500.12269/0a1b2c');
 * ```
 */
export class SciCatDatasets extends SciCatCollection<SciCatDataset> {
  /**
   * The original datablocks (file lists) of a dataset (`GET /datasets/{pid}/origdatablocks`).
   *
   * @example
   * ```ts
   * const files = (await client.datasets.origdatablocks(pid)).flatMap((b) => b.dataFileList);
   * ```
   */
  origdatablocks(pid: string, options: { signal?: AbortSignal } = {}): Promise<SciCatOrigDatablock[]> {
    if (typeof pid !== 'string' || pid === '') throw new ArgumentError(`pid must be a non-empty string, got ${show(pid)}`);
    return this.send<SciCatOrigDatablock[]>({ path: `${this.path(pid)}/origdatablocks`, signal: options.signal });
  }
}

/**
 * A SciCat client. Collections: `datasets`, `origdatablocks`, `proposals`, `samples`,
 * `instruments`, `publishedData` (v3, authenticated when logged in, anonymous otherwise) and
 * `publicDatasets` (v4 `/datasets/public`, always anonymous).
 *
 * @example
 * ```ts
 * const client = new SciCatClient({ url: 'https://scicat.example.org', token: serviceToken });
 * for await (const d of client.datasets.iterate({ where: { proposalIds: '20170266' } })) console.log(d.pid);
 * ```
 */
export class SciCatClient {
  /** The transport (its `secrets` hold the token and password for redaction). */
  readonly http: HttpTransport;
  /** The login session. */
  readonly session: SciCatSession;
  readonly datasets: SciCatDatasets;
  readonly origdatablocks: SciCatCollection<SciCatOrigDatablock>;
  readonly proposals: SciCatCollection<SciCatProposal>;
  readonly samples: SciCatCollection<SciCatSample>;
  readonly instruments: SciCatCollection<SciCatInstrument>;
  readonly publishedData: SciCatCollection<SciCatPublishedData>;
  /** Published datasets, read anonymously through v4 `/api/v4/datasets/public`. */
  readonly publicDatasets: SciCatReader<SciCatDataset>;

  constructor(options: SciCatClientOptions) {
    const { url, token, renewMarginSeconds, relogin, now, ...transport } = options;
    this.http = new HttpTransport({ ...transport, baseUrl: url, errorMapper: scicatErrorMapper });
    this.session = new SciCatSession(this.http, { token, renewMarginSeconds, relogin, now });
    const send: SciCatSender = (req) => this.session.send(req);
    const anonymous: SciCatSender = (req) => this.http.json(req);
    const v3 = (name: string, idField: string, fullquery: boolean) => ({ path: `api/v3/${name}`, version: 'v3' as const, idField, fullquery });
    this.datasets = new SciCatDatasets(send, v3('datasets', 'pid', true));
    this.origdatablocks = new SciCatCollection(send, v3('origdatablocks', '_id', true));
    this.proposals = new SciCatCollection(send, v3('proposals', 'proposalId', true));
    this.samples = new SciCatCollection(send, v3('samples', 'sampleId', true));
    this.instruments = new SciCatCollection(send, v3('instruments', 'pid', false));
    this.publishedData = new SciCatCollection(send, v3('publisheddata', 'doi', false));
    this.publicDatasets = new SciCatReader(anonymous, { path: 'api/v4/datasets/public', version: 'v4', idField: 'pid', fullquery: false });
  }

  /**
   * Logs in (`POST /api/v3/auth/login`); an {@link AuthenticationError} for wrong credentials.
   * The credentials are remembered for renewal and re-login unless `remember` is false.
   *
   * @example
   * ```ts
   * const { userId, expires_in } = await client.login('ingestor', 'secret');
   * ```
   */
  login(username: string, password: string, options: { remember?: boolean; signal?: AbortSignal } = {}): Promise<SciCatLogin> {
    return this.session.login(username, password, options);
  }

  /**
   * Logs out and forgets the token and credentials.
   *
   * @example
   * ```ts
   * await client.logout();
   * ```
   */
  logout(): Promise<void> {
    return this.session.logout();
  }
}
