/**
 * Creates the ICAT side of a catalogue entry: the Dataset, its DatasetParameters (ParameterTypes
 * found by name and units, created when missing) and its DatasetTechniques (Techniques found by
 * PaNET id, created when missing).
 */
import { ArgumentError } from '@pandaas/core';
import { CatalogError } from '../errors.js';
import type { IcatCallOptions, IcatEntity } from '../icat/client.js';
import type { IcatEntityName } from '../icat/query.js';
import { jpqlLiteral } from '../icat/jpql.js';
import type { IcatIngestPlan } from './entry.js';

/**
 * Where the dataset goes: its investigation, its DatasetType and the facility that owns new
 * ParameterTypes.
 *
 * @example
 * ```ts
 * const target: IcatIngestTarget = { investigationId: 12, facilityId: 1 };
 * ```
 */
export interface IcatIngestTarget {
  readonly investigationId: number;
  readonly facilityId: number;
  /** The DatasetType id, where the server requires one. */
  readonly datasetTypeId?: number;
}

/**
 * What {@link createIcatDataset} needs of an ICAT client: search and create (an `IcatClient`, or
 * anything that speaks to ICAT's entity manager with a session).
 *
 * @example
 * ```ts
 * const writer: IcatWriter = new IcatClient({ url });
 * ```
 */
export interface IcatWriter {
  search(query: string, options?: IcatCallOptions): Promise<IcatEntity[]>;
  createMany(entities: readonly { entity: IcatEntityName; fields: Record<string, unknown> }[], options?: IcatCallOptions): Promise<number[]>;
}

async function createOne(client: IcatWriter, entity: IcatEntityName, fields: Record<string, unknown>, options: IcatCallOptions): Promise<number> {
  const [id] = await client.createMany([{ entity, fields }], options);
  if (typeof id !== 'number') throw new CatalogError('E_FORMAT', `ICAT returned no id for the new ${entity}`);
  return id;
}

function checkId(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new ArgumentError(`${name} must be an integer id >= 0, got ${value}`);
}

async function findOrCreate(client: IcatWriter, query: string, create: () => Promise<number>, options: IcatCallOptions): Promise<number> {
  const [found] = await client.search(query, options);
  return found ? found.id : create();
}

/**
 * Creates the dataset of `plan` in ICAT and returns its id.
 *
 * @example
 * ```ts
 * const id = await createIcatDataset(icat, catalogueEntry(meta, { name: 'scan-2' }).icat, { investigationId: 12, facilityId: 1 });
 * ```
 */
export async function createIcatDataset(client: IcatWriter, plan: IcatIngestPlan, target: IcatIngestTarget, options: IcatCallOptions = {}): Promise<number> {
  checkId(target.investigationId, 'target.investigationId');
  checkId(target.facilityId, 'target.facilityId');
  if (target.datasetTypeId !== undefined) checkId(target.datasetTypeId, 'target.datasetTypeId');
  const fields: Record<string, unknown> = { ...plan.dataset, investigation: { id: target.investigationId } };
  if (target.datasetTypeId !== undefined) fields.type = { id: target.datasetTypeId };
  const datasetId = await createOne(client, 'Dataset', fields, options);
  const children: { entity: 'DatasetParameter' | 'DatasetTechnique'; fields: Record<string, unknown> }[] = [];
  for (const p of plan.parameters) {
    const typeId = await findOrCreate(
      client,
      `SELECT t FROM ParameterType t WHERE t.name = ${jpqlLiteral(p.name)} AND t.units = ${jpqlLiteral(p.units)}`,
      () => createOne(client, 'ParameterType', { name: p.name, units: p.units, valueType: 'NUMERIC', facility: { id: target.facilityId } }, options),
      options,
    );
    children.push({ entity: 'DatasetParameter', fields: { numericValue: p.numericValue, type: { id: typeId }, dataset: { id: datasetId } } });
  }
  for (const t of plan.techniques) {
    const techniqueId = await findOrCreate(
      client,
      `SELECT t FROM Technique t WHERE t.pid = ${jpqlLiteral(t.pid)}`,
      () => createOne(client, 'Technique', { pid: t.pid, name: t.name }, options),
      options,
    );
    children.push({ entity: 'DatasetTechnique', fields: { technique: { id: techniqueId }, dataset: { id: datasetId } } });
  }
  if (children.length > 0) await client.createMany(children, options);
  return datasetId;
}
