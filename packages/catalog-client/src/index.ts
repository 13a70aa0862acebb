/**
 * `@pandaas/catalog-client`: ICAT with IDS, ESRF ICAT+ and SciCat clients for Node.js and
 * browsers, with a shared transport (timeouts, cancellation, retries honouring Retry-After,
 * proxies, redaction of secrets) and typed errors.
 *
 * @example
 * ```ts
 * import { SciCatClient } from '@pandaas/catalog-client';
 * const scicat = new SciCatClient({ url: 'https://scicat.example.org' });
 * await scicat.login('reader', process.env.SCICAT_PASSWORD!);
 * console.log(await scicat.datasets.count({ type: 'raw' }));
 * ```
 * @module
 */

// Errors, HTTP transport, ICAT and IDS
export { AuthenticationError, CatalogError, DestinationExistsError, ForbiddenError, NotFoundError, NotOnlineError, QueryError, SessionExpiredError, TransferError } from './errors.js';
export type { CatalogErrorOptions, ServerErrorInfo } from './errors.js';
export { HttpTransport, defaultErrorMapper } from './http/transport.js';
export type { ErrorMapper, HttpErrorInfo, HttpLogEvent, HttpMethod, HttpRequest, QueryValue, TransportOptions } from './http/transport.js';
export { REDACTED, SecretSet, redact } from './http/redact.js';
export { parseRetryAfter } from './http/retry.js';
export type { RetryOptions } from './http/retry.js';
export { resolveProxy } from './http/proxy.js';
export type { FetchLike } from './http/proxy.js';
export { IcatClient } from './icat/client.js';
export type { IcatAuthenticator, IcatCallOptions, IcatClientOptions, IcatEntity, IcatLoginOptions, IcatPageOptions, IcatProperties } from './icat/client.js';
export { IcatQuery, icatQuery } from './icat/query.js';
export type { IcatEntityName, IcatOperator } from './icat/query.js';
export { jpqlLiteral, pageQuery } from './icat/jpql.js';
export type { JpqlValue } from './icat/jpql.js';
export { IdsClient } from './ids/client.js';
export type {
  IdsClientOptions,
  IdsDownloadOptions,
  IdsDownloadResult,
  IdsPollStatus,
  IdsProgress,
  IdsPutResult,
  IdsSelection,
  IdsStatus,
  IdsWaitOptions,
  SessionProvider,
} from './ids/client.js';
export { crc32Hex, crc32Update, sameCrc32 } from './ids/crc32.js';
export type { FileSink, WritableFile } from './ids/file-sink.js';
export { memoryFileSink } from './ids/memory-sink.js';
export type { MemoryFileSink } from './ids/memory-sink.js';

// SciCat (v3, v4 public datasets) and ESRF ICAT+
export { SciCatClient, SciCatDatasets } from './scicat/client.js';
export type { SciCatClientOptions } from './scicat/client.js';
export { SciCatCollection, SciCatReader } from './scicat/collection.js';
export type { PageOptions, SciCatRoutes, SciCatSender } from './scicat/collection.js';
export { checkFilter, checkFullqueryFields, checkLimits, encodeFilter, encodeLimits } from './scicat/filter.js';
export type { FullqueryFields, ScientificCondition, ScientificRelation, SciCatFilter, SciCatLimits } from './scicat/filter.js';
export { jwtExpiry } from './scicat/jwt-expiry.js';
export type { SciCatDataset, SciCatInstrument, SciCatOrigDatablock, SciCatProposal, SciCatPublishedData, SciCatSample } from './scicat/models.js';
export { SciCatSession } from './scicat/session.js';
export type { SciCatLogin, SciCatSessionOptions } from './scicat/session.js';
export { IcatPlusClient } from './icatplus/client.js';
export type { IcatPlusClientOptions, IcatPlusDataset, IcatPlusSearch, IcatPlusSelection } from './icatplus/client.js';

// ingest: NeXus metadata → catalogue entry
export { catalogueEntry } from './ingest/entry.js';
export type { CatalogueEntry, CatalogueEntryOptions, IcatIngestPlan, NexusEntryMetadata, NexusQuantity, PanetTechnique } from './ingest/entry.js';
export { createIcatDataset } from './ingest/create-icat.js';
export type { IcatIngestTarget, IcatWriter } from './ingest/create-icat.js';
