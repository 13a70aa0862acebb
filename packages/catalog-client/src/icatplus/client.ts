/**
 * `IcatPlusClient`: ESRF's ICAT+ portal API, anonymous parts: dataset search
 * (`GET /catalogue/datasets`), search by DOI (`GET /doi/{prefix}/{suffix}/datasets`) and the
 * download redirect (`GET /ids/data/download`, answered with a 302 to IDS `getData`), either
 * followed (a streamed `Response`) or exposed as a URL for a browser.
 *
 * @example
 * ```ts
 * const icatplus = new IcatPlusClient({ url: 'https://icatplus.esrf.fr' });
 * const found = await icatplus.searchDatasets({ instrumentName: 'ID16A', startDate: '2023-01-01', limit: 20 });
 * const url = icatplus.downloadUrl({ datasetIds: found.map((d) => d.id) });
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { CatalogError } from '../errors.js';
import { HttpTransport } from '../http/transport.js';
import type { TransportOptions } from '../http/transport.js';

/**
 * A dataset as ICAT+ returns it (an ICAT Dataset with flattened parameters; loosely typed).
 *
 * @example
 * ```ts
 * const d: IcatPlusDataset = (await icatplus.datasetsByDoi('10.15151/ESRF-ES-123'))[0];
 * ```
 */
export interface IcatPlusDataset {
  id: number;
  name: string;
  startDate?: string;
  endDate?: string;
  location?: string;
  doi?: string;
  [field: string]: unknown;
}

/**
 * Parameters of an anonymous dataset search.
 *
 * @example
 * ```ts
 * const query: IcatPlusSearch = { techniquePids: ['PaNET01196'], sortBy: 'startDate', sortOrder: 'desc', limit: 50 };
 * ```
 */
export interface IcatPlusSearch {
  /** Earliest start (a Date or `YYYY-MM-DD[Thh:mm...]`). */
  startDate?: Date | string;
  /** Latest start. */
  endDate?: Date | string;
  instrumentName?: string;
  /** PaNET technique ids; datasets with any of them match (ICAT+ records without techniques never do). */
  techniquePids?: string[];
  /** Maximum number of datasets (a positive integer). */
  limit?: number;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  signal?: AbortSignal;
}

/**
 * What to download: dataset ids or datafile ids (ICAT ids, positive integers).
 *
 * @example
 * ```ts
 * const selection: IcatPlusSelection = { datasetIds: [123456, 123457] };
 * ```
 */
export interface IcatPlusSelection {
  datasetIds?: number[];
  datafileIds?: number[];
}

/**
 * Options of an {@link IcatPlusClient}: those of the transport (timeouts, retries, proxy, logger).
 *
 * @example
 * ```ts
 * const options: IcatPlusClientOptions = { url: 'https://icatplus.esrf.fr', timeoutMs: 20_000 };
 * ```
 */
export interface IcatPlusClientOptions extends Omit<TransportOptions, 'baseUrl'> {
  /** The server's root URL. */
  url: string;
}

function dateParam(value: Date | string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ArgumentError(`${name} is an invalid Date`);
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ArgumentError(`${name} must be a Date or a YYYY-MM-DD string, got ${show(value)}`);
  }
  return value;
}

function idList(ids: unknown, name: string): string | undefined {
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isSafeInteger(id) && id > 0)) {
    throw new ArgumentError(`${name} must be a non-empty array of positive integer ids, got ${show(ids)}`);
  }
  return ids.join(',');
}

/**
 * An ICAT+ client (anonymous access).
 *
 * @example
 * ```ts
 * const icatplus = new IcatPlusClient({ url: 'https://icatplus.esrf.fr' });
 * const res = await icatplus.download({ datasetIds: [123456] });
 * const bytes = new Uint8Array(await res.arrayBuffer());
 * ```
 */
export class IcatPlusClient {
  /** The transport (redacts the IDS session id of redirect URLs in messages and logs). */
  readonly http: HttpTransport;

  constructor(options: IcatPlusClientOptions) {
    const { url, ...transport } = options;
    this.http = new HttpTransport({ ...transport, baseUrl: url });
  }

  /**
   * Searches public datasets (`GET /catalogue/datasets`).
   *
   * @example
   * ```ts
   * await icatplus.searchDatasets({ instrumentName: 'BM05', startDate: new Date('2023-01-01'), endDate: '2023-12-31' });
   * ```
   */
  searchDatasets(search: IcatPlusSearch = {}): Promise<IcatPlusDataset[]> {
    if (typeof search !== 'object' || search === null) throw new ArgumentError(`search must be an object, got ${show(search)}`);
    const { limit, techniquePids, sortOrder, instrumentName, sortBy } = search;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new ArgumentError(`search.limit must be a positive integer, got ${show(limit)}`);
    if (techniquePids !== undefined && !(Array.isArray(techniquePids) && techniquePids.every((t) => typeof t === 'string' && t !== '' && !t.includes(',')))) {
      throw new ArgumentError(`search.techniquePids must be an array of technique ids, got ${show(techniquePids)}`);
    }
    if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') throw new ArgumentError(`search.sortOrder must be "asc" or "desc", got ${show(sortOrder)}`);
    for (const [name, value] of [['instrumentName', instrumentName], ['sortBy', sortBy]] as const) {
      if (value !== undefined && (typeof value !== 'string' || value === '')) throw new ArgumentError(`search.${name} must be a non-empty string, got ${show(value)}`);
    }
    return this.http.json<IcatPlusDataset[]>({
      path: 'catalogue/datasets',
      query: {
        startDate: dateParam(search.startDate, 'search.startDate'),
        endDate: dateParam(search.endDate, 'search.endDate'),
        instrumentName,
        techniquePids: techniquePids?.join(','),
        limit,
        sortBy,
        sortOrder,
      },
      signal: search.signal,
    });
  }

  /**
   * The datasets of a DOI (`GET /doi/{prefix}/{suffix}/datasets`); `doi` may be given as
   * `10.15151/ESRF-ES-1234`, `doi:...` or `https://doi.org/...`.
   *
   * @example
   * ```ts
   * await icatplus.datasetsByDoi('https://doi.org/10.15151/ESRF-ES-90632078');
   * ```
   */
  datasetsByDoi(doi: string, options: { signal?: AbortSignal } = {}): Promise<IcatPlusDataset[]> {
    const bare = typeof doi === 'string' ? doi.trim().replace(/^(doi:|https?:\/\/(dx\.)?doi\.org\/)/i, '') : '';
    const slash = bare.indexOf('/');
    if (!/^10\.\d+$/.test(bare.slice(0, slash)) || slash === bare.length - 1) {
      throw new ArgumentError(`doi must look like "10.<registrant>/<suffix>", got ${show(doi)}`);
    }
    const prefix = encodeURIComponent(bare.slice(0, slash));
    const suffix = encodeURIComponent(bare.slice(slash + 1));
    return this.http.json<IcatPlusDataset[]>({ path: `doi/${prefix}/${suffix}/datasets`, signal: options.signal });
  }

  /**
   * The ICAT+ download URL of a selection (`/ids/data/download?datasetIds=...`), for a browser
   * link: the browser follows the redirect to IDS itself.
   *
   * @example
   * ```ts
   * anchor.href = icatplus.downloadUrl({ datafileIds: [42] });
   * ```
   */
  downloadUrl(selection: IcatPlusSelection): string {
    return this.http.url('ids/data/download', this.#selection(selection));
  }

  /**
   * The IDS `getData` URL the download redirect points to, read from the redirect's `Location`
   * header without following it (in a browser, where a redirect is opaque, the redirect is
   * followed with a HEAD request instead). The URL holds an IDS session id: treat it as a secret.
   *
   * @example
   * ```ts
   * const idsUrl = await icatplus.resolveDownload({ datasetIds: [123456] });
   * ```
   */
  async resolveDownload(selection: IcatPlusSelection, options: { signal?: AbortSignal } = {}): Promise<string> {
    const request = { method: 'HEAD', path: 'ids/data/download', query: this.#selection(selection), signal: options.signal } as const;
    const res = await this.http.request({ ...request, redirect: 'manual' });
    await res.body?.cancel();
    const location = res.headers.get('location');
    let target: string;
    if (location !== null) {
      target = new URL(location, this.http.url(request.path, request.query)).toString();
    } else if (res.type === 'opaqueredirect') {
      const followed = await this.http.request(request);
      await followed.body?.cancel();
      target = followed.url;
    } else {
      throw new CatalogError('E_FORMAT', `ICAT+ answered the download with HTTP ${res.status} and no redirect`, { server: { status: res.status } });
    }
    const sessionId = new URL(target).searchParams.get('sessionId');
    if (sessionId !== null) this.http.secrets.add(sessionId);
    return target;
  }

  /**
   * Downloads a selection: follows the redirect to IDS `getData` and returns the response with
   * its body unread (stream it, or `arrayBuffer()` small ones).
   *
   * @example
   * ```ts
   * const res = await icatplus.download({ datasetIds: [123456] });
   * for await (const chunk of res.body!) process(chunk);
   * ```
   */
  download(selection: IcatPlusSelection, options: { signal?: AbortSignal } = {}): Promise<Response> {
    return this.http.request({ path: 'ids/data/download', query: this.#selection(selection), signal: options.signal });
  }

  #selection(selection: IcatPlusSelection): Record<string, string | undefined> {
    if (typeof selection !== 'object' || selection === null) throw new ArgumentError(`selection must be an object, got ${show(selection)}`);
    const datasetIds = idList(selection.datasetIds, 'selection.datasetIds');
    const datafileIds = idList(selection.datafileIds, 'selection.datafileIds');
    if (datasetIds === undefined && datafileIds === undefined) throw new ArgumentError('selection needs datasetIds or datafileIds');
    return { datasetIds, datafileIds };
  }
}
