/**
 * The SciCat documents the client returns: the documented fields of scicat-backend-next's
 * schemas, typed loosely (every document may carry more fields; dates are ISO strings as sent).
 *
 * @example
 * ```ts
 * const d: SciCatDataset = await client.datasets.get('20.500.12269/0a1b2c');
 * console.log(d.datasetName, d.techniques?.map((t) => t.pid));
 * ```
 * @module
 */

/**
 * A dataset (raw or derived).
 *
 * @example
 * ```ts
 * const raw: Partial<SciCatDataset> = { type: 'raw', ownerGroup: 'p1234', isPublished: false };
 * ```
 */
export interface SciCatDataset {
  pid: string;
  type: 'raw' | 'derived' | string;
  datasetName?: string;
  description?: string;
  owner?: string;
  ownerGroup?: string;
  accessGroups?: string[];
  contactEmail?: string;
  isPublished?: boolean;
  sourceFolder?: string;
  size?: number;
  numberOfFiles?: number;
  creationTime?: string;
  keywords?: string[];
  /** PaNET technique ids (`PaNET01196`) and names. */
  techniques?: { pid: string; name: string }[];
  /** Free JSON; physical quantities as `{value, unit, valueSI?, unitSI?}`. */
  scientificMetadata?: Record<string, unknown>;
  proposalIds?: string[];
  sampleIds?: string[];
  instrumentIds?: string[];
  datasetlifecycle?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
  [field: string]: unknown;
}

/**
 * A block of original files of a dataset.
 *
 * @example
 * ```ts
 * const sizes = (await client.datasets.origdatablocks(pid)).flatMap((b) => b.dataFileList.map((f) => f.size));
 * ```
 */
export interface SciCatOrigDatablock {
  _id: string;
  datasetId: string;
  size: number;
  dataFileList: { path: string; size: number; time?: string; chk?: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/**
 * A proposal.
 *
 * @example
 * ```ts
 * const p: SciCatProposal = await client.proposals.get('20170266');
 * ```
 */
export interface SciCatProposal {
  proposalId: string;
  title?: string;
  abstract?: string;
  pi_email?: string;
  ownerGroup?: string;
  [field: string]: unknown;
}

/**
 * A sample.
 *
 * @example
 * ```ts
 * const s: SciCatSample = await client.samples.get('sample-1');
 * ```
 */
export interface SciCatSample {
  sampleId: string;
  description?: string;
  sampleCharacteristics?: Record<string, unknown>;
  ownerGroup?: string;
  [field: string]: unknown;
}

/**
 * An instrument.
 *
 * @example
 * ```ts
 * const i: SciCatInstrument = await client.instruments.get('PSI/SINQ/FOCUS');
 * ```
 */
export interface SciCatInstrument {
  pid: string;
  uniqueName?: string;
  name?: string;
  customMetadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * Published data (a DOI registered at DataCite).
 *
 * @example
 * ```ts
 * const p: SciCatPublishedData = await client.publishedData.get('10.16907/abc');
 * ```
 */
export interface SciCatPublishedData {
  doi: string;
  title?: string;
  abstract?: string;
  datasetPids?: string[];
  status?: string;
  [field: string]: unknown;
}
