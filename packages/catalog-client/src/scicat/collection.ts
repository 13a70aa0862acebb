/**
 * One SciCat collection (datasets, proposals, samples...): find with a filter, count, findOne,
 * get/create/update/delete by id (URL-encoded: dataset pids contain `/`), fullquery, and paging
 * as an async iterator built on `count` and `limits`.
 *
 * @example
 * ```ts
 * for await (const dataset of client.datasets.iterate({ where: { type: 'raw' } }, { pageSize: 200 })) {
 *   console.log(dataset.pid);
 * }
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { CatalogError } from '../errors.js';
import type { HttpRequest } from '../http/transport.js';
import { checkFilter, checkFullqueryFields, checkLimits, encodeFilter, encodeLimits } from './filter.js';
import type { FullqueryFields, SciCatFilter, SciCatLimits } from './filter.js';

/** Sends one request and parses the JSON answer (a {@link SciCatSession}'s `send`, or anonymous). */
export type SciCatSender = <T>(req: HttpRequest) => Promise<T>;

/**
 * Options of a paged iteration.
 *
 * @example
 * ```ts
 * const options: PageOptions = { pageSize: 500, signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface PageOptions {
  /** Documents per request (default 100). */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Where a collection lives and what its routes offer.
 *
 * @example
 * ```ts
 * const routes: SciCatRoutes = { path: 'api/v3/samples', version: 'v3', idField: 'sampleId', fullquery: true };
 * ```
 */
export interface SciCatRoutes {
  /** Path of the collection, e.g. `api/v3/datasets`. */
  path: string;
  /** SciCat version of the routes (filter encoding). */
  version: 'v3' | 'v4';
  /** The field that identifies a document (default order for paging). */
  idField: string;
  /** Whether `/fullquery` exists. */
  fullquery: boolean;
}

function checkId(id: unknown, name: string): asserts id is string {
  if (typeof id !== 'string' || id === '') throw new ArgumentError(`${name} must be a non-empty string, got ${show(id)}`);
}

function checkPageSize(options: PageOptions): number {
  const size = options.pageSize ?? 100;
  if (!Number.isInteger(size) || size < 1) throw new ArgumentError(`options.pageSize must be a positive integer, got ${show(size)}`);
  return size;
}

/**
 * Read access to a SciCat collection (the anonymous v4 public datasets offer only this).
 *
 * @example
 * ```ts
 * const n = await client.publicDatasets.count({ techniques: { $elemMatch: { pid: 'PaNET01196' } } });
 * ```
 */
export class SciCatReader<T extends object> {
  protected readonly send: SciCatSender;
  protected readonly routes: SciCatRoutes;

  constructor(send: SciCatSender, routes: SciCatRoutes) {
    this.send = send;
    this.routes = routes;
  }

  /** `path/segment` with every id URL-encoded. */
  protected path(...segments: string[]): string {
    return [this.routes.path, ...segments.map((s) => encodeURIComponent(s))].join('/');
  }

  /**
   * The documents that match `filter` (`GET ?filter=`; the server returns at most 100 unless
   * `limits.limit` says otherwise).
   *
   * @example
   * ```ts
   * await client.datasets.find({ where: { ownerGroup: 'p1234' }, fields: ['pid', 'size'], limits: { limit: 10, order: 'size:desc' } });
   * ```
   */
  find(filter: SciCatFilter = {}, options: { signal?: AbortSignal } = {}): Promise<T[]> {
    checkFilter(filter, 'filter');
    return this.send<T[]>({ path: this.routes.path, query: { filter: encodeFilter(filter, this.routes.version) }, signal: options.signal });
  }

  /**
   * The number of documents that match `where` (`GET /count`).
   *
   * @example
   * ```ts
   * await client.datasets.count({ isPublished: true });
   * ```
   */
  async count(where: Record<string, unknown> = {}, options: { signal?: AbortSignal } = {}): Promise<number> {
    checkFilter({ where }, 'filter');
    const answer = await this.send<{ count?: unknown }>({ path: `${this.routes.path}/count`, query: { filter: encodeFilter({ where }, this.routes.version) }, signal: options.signal });
    if (typeof answer?.count !== 'number') throw new CatalogError('E_FORMAT', `${this.routes.path}/count answered without a count`);
    return answer.count;
  }

  /**
   * The first document that matches `filter`, or `undefined` (`GET /findOne`).
   *
   * @example
   * ```ts
   * await client.datasets.findOne({ where: { datasetName: 'scan 42' } });
   * ```
   */
  async findOne(filter: SciCatFilter = {}, options: { signal?: AbortSignal } = {}): Promise<T | undefined> {
    checkFilter(filter, 'filter');
    const doc = await this.send<T | null | undefined>({ path: `${this.routes.path}/findOne`, query: { filter: encodeFilter(filter, this.routes.version) }, signal: options.signal });
    return doc === null || doc === undefined || Object.keys(doc).length === 0 ? undefined : doc;
  }

  /**
   * One document by id; a {@link NotFoundError} when there is none.
   *
   * @example
   * ```ts
   * await client.datasets.get('20.500.12269/0a1b2c');
   * ```
   */
  get(id: string, options: { signal?: AbortSignal } = {}): Promise<T> {
    checkId(id, 'id');
    return this.send<T>({ path: this.path(id), signal: options.signal });
  }

  /**
   * Every document that matches `filter`, fetched page by page (`count`, then `limits.skip`
   * in steps of `pageSize`, ordered by `limits.order` with the id field ascending as the last
   * key, so ties cannot move between pages; an id already yielded is not yielded again).
   * `filter.limits.skip`/`limit` bound the whole iteration.
   *
   * @example
   * ```ts
   * const pids: string[] = [];
   * for await (const d of client.datasets.iterate({ where: { type: 'raw' } })) pids.push(d.pid);
   * ```
   */
  async *iterate(filter: SciCatFilter = {}, options: PageOptions = {}): AsyncGenerator<T> {
    checkFilter(filter, 'filter');
    const pageSize = checkPageSize(options);
    const total = await this.count(filter.where ?? {}, options);
    const start = filter.limits?.skip ?? 0;
    let end = Math.min(total, filter.limits?.limit === undefined ? total : start + filter.limits.limit);
    const idField = this.routes.idField;
    // a total order: documents with equal values of the caller's fields may otherwise come in a
    // different order on each page, so that some repeat and others are never seen
    const userOrder = filter.limits?.order;
    const order =
      userOrder === undefined ? `${idField}:asc`
      : userOrder.split(',').some((part) => part.trim().split(':')[0] === idField) ? userOrder
      : `${userOrder},${idField}:asc`;
    const seen = new Set<unknown>();
    for (let skip = start; skip < end; ) {
      const limit = Math.min(pageSize, end - skip);
      const page = await this.find({ ...filter, limits: { limit, skip, order } }, options);
      if (page.length === 0) return; // documents deleted meanwhile
      for (const doc of page) {
        const id = (doc as Record<string, unknown>)[idField];
        // a document inserted before the current page shifts one already yielded onto it (and
        // one more document past the end)
        if (id !== undefined && seen.has(id)) {
          end++;
          continue;
        }
        if (id !== undefined) seen.add(id);
        yield doc;
      }
      skip += page.length;
    }
  }
}

/**
 * A SciCat collection with write access and, where the server offers it, fullquery.
 *
 * @example
 * ```ts
 * const created = await client.datasets.create({ type: 'raw', ownerGroup: 'p1', owner: 'me', contactEmail: 'me@x', sourceFolder: '/d', creationTime: new Date().toISOString() });
 * await client.datasets.update(created.pid, { description: 'calibration' });
 * ```
 */
export class SciCatCollection<T extends object> extends SciCatReader<T> {
  /**
   * Creates a document (`POST`) and returns it as stored, with the server's fields.
   *
   * @example
   * ```ts
   * await client.samples.create({ sampleId: 's1', ownerGroup: 'p1', description: 'powder' });
   * ```
   */
  create(doc: Partial<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ArgumentError(`doc must be an object, got ${show(doc)}`);
    return this.send<T>({ method: 'POST', path: this.routes.path, json: doc, signal: options.signal });
  }

  /**
   * Changes the given fields of a document (`PATCH /{id}`) and returns it.
   *
   * @example
   * ```ts
   * await client.datasets.update('20.500.12269/0a1b2c', { isPublished: true });
   * ```
   */
  update(id: string, changes: Partial<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    checkId(id, 'id');
    if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) throw new ArgumentError(`changes must be an object, got ${show(changes)}`);
    return this.send<T>({ method: 'PATCH', path: this.path(id), json: changes, signal: options.signal });
  }

  /**
   * Deletes a document (`DELETE /{id}`) and returns what the server removed.
   *
   * @example
   * ```ts
   * await client.datasets.remove('20.500.12269/0a1b2c');
   * ```
   */
  remove(id: string, options: { signal?: AbortSignal } = {}): Promise<T> {
    checkId(id, 'id');
    return this.send<T>({ method: 'DELETE', path: this.path(id), signal: options.signal });
  }

  /**
   * A fullquery (`GET /fullquery?fields&limits`): `text` matches whole words only, and
   * `scientific` conditions compare `scientificMetadata` values.
   *
   * @example
   * ```ts
   * await client.datasets.fullquery({ text: 'lysozyme', scientific: [{ lhs: 'temperature', relation: 'LESS_THAN', rhs: 100, unit: 'K' }] }, { limit: 20 });
   * ```
   */
  fullquery(fields: FullqueryFields, limits: SciCatLimits = {}, options: { signal?: AbortSignal } = {}): Promise<T[]> {
    if (!this.routes.fullquery) throw new ArgumentError(`${this.routes.path} has no fullquery`);
    checkFullqueryFields(fields);
    checkLimits(limits, 'limits');
    return this.send<T[]>({
      path: `${this.routes.path}/fullquery`,
      query: { fields: JSON.stringify(fields), limits: JSON.stringify(encodeLimits(limits, this.routes.version)) },
      signal: options.signal,
    });
  }
}
