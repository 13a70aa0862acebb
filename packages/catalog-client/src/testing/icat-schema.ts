/**
 * The part of the ICAT schema the contract server knows: attributes, to-one relations (stored
 * as the target's id) and to-many relations (found through the child's to-one field). Test
 * support only.
 *
 * @module
 */

/**
 * One entity type of the schema.
 *
 * @example
 * ```ts
 * ICAT_SCHEMA.Dataset.one.investigation; // 'Investigation'
 * ```
 */
export interface EntitySchema {
  /** Plain attributes (id and the create/mod fields are added to every entity). */
  readonly attrs: readonly string[];
  /** To-one relations: field → target entity. */
  readonly one: Readonly<Record<string, string>>;
  /** To-many relations: field → [child entity, the child's to-one field back]. */
  readonly many: Readonly<Record<string, readonly [string, string]>>;
}

const COMMON = ['id', 'createId', 'createTime', 'modId', 'modTime'];

function entity(attrs: string[], one: Record<string, string> = {}, many: Record<string, [string, string]> = {}): EntitySchema {
  return { attrs: [...COMMON, ...attrs], one, many };
}

const PARAMETER_VALUES = ['stringValue', 'numericValue', 'dateTimeValue', 'error', 'rangeBottom', 'rangeTop'];

/**
 * The entities, attributes and relations of the contract server (a subset of ICAT 6.2).
 *
 * @example
 * ```ts
 * Object.keys(ICAT_SCHEMA).includes('Datafile'); // true
 * ```
 */
export const ICAT_SCHEMA: Readonly<Record<string, EntitySchema>> = {
  Facility: entity(['name', 'fullName', 'url', 'daysUntilRelease'], {}, {
    investigations: ['Investigation', 'facility'],
    instruments: ['Instrument', 'facility'],
    parameterTypes: ['ParameterType', 'facility'],
  }),
  Investigation: entity(
    ['name', 'visitId', 'title', 'summary', 'doi', 'startDate', 'endDate', 'releaseDate', 'fileSize', 'fileCount'],
    { facility: 'Facility' },
    {
      datasets: ['Dataset', 'investigation'],
      samples: ['Sample', 'investigation'],
      parameters: ['InvestigationParameter', 'investigation'],
      investigationInstruments: ['InvestigationInstrument', 'investigation'],
      investigationUsers: ['InvestigationUser', 'investigation'],
    },
  ),
  User: entity(['name', 'fullName', 'email', 'orcidId', 'affiliation'], {}, { investigationUsers: ['InvestigationUser', 'user'] }),
  InvestigationUser: entity(['role'], { user: 'User', investigation: 'Investigation' }),
  Dataset: entity(
    ['name', 'description', 'complete', 'location', 'doi', 'startDate', 'endDate'],
    { investigation: 'Investigation', sample: 'Sample' },
    {
      datafiles: ['Datafile', 'dataset'],
      parameters: ['DatasetParameter', 'dataset'],
      datasetTechniques: ['DatasetTechnique', 'dataset'],
      datasetInstruments: ['DatasetInstrument', 'dataset'],
      dataCollectionDatasets: ['DataCollectionDataset', 'dataset'],
    },
  ),
  Datafile: entity(
    ['name', 'description', 'location', 'fileSize', 'checksum', 'doi', 'datafileCreateTime', 'datafileModTime'],
    { dataset: 'Dataset' },
    { parameters: ['DatafileParameter', 'datafile'], dataCollectionDatafiles: ['DataCollectionDatafile', 'datafile'] },
  ),
  Sample: entity(['name', 'pid'], { investigation: 'Investigation' }, {
    datasets: ['Dataset', 'sample'],
    parameters: ['SampleParameter', 'sample'],
  }),
  ParameterType: entity(['name', 'units', 'unitsFullName', 'valueType', 'pid'], { facility: 'Facility' }),
  InvestigationParameter: entity(PARAMETER_VALUES, { type: 'ParameterType', investigation: 'Investigation' }),
  DatasetParameter: entity(PARAMETER_VALUES, { type: 'ParameterType', dataset: 'Dataset' }),
  DatafileParameter: entity(PARAMETER_VALUES, { type: 'ParameterType', datafile: 'Datafile' }),
  SampleParameter: entity(PARAMETER_VALUES, { type: 'ParameterType', sample: 'Sample' }),
  Instrument: entity(['name', 'fullName', 'pid', 'url'], { facility: 'Facility' }, {
    investigationInstruments: ['InvestigationInstrument', 'instrument'],
    datasetInstruments: ['DatasetInstrument', 'instrument'],
  }),
  InvestigationInstrument: entity([], { investigation: 'Investigation', instrument: 'Instrument' }),
  DatasetInstrument: entity([], { dataset: 'Dataset', instrument: 'Instrument' }),
  Technique: entity(['name', 'pid', 'description'], {}, { datasetTechniques: ['DatasetTechnique', 'technique'] }),
  DatasetTechnique: entity([], { dataset: 'Dataset', technique: 'Technique' }),
  DataCollection: entity(['doi'], {}, {
    dataCollectionDatasets: ['DataCollectionDataset', 'dataCollection'],
    dataCollectionDatafiles: ['DataCollectionDatafile', 'dataCollection'],
  }),
  DataCollectionDataset: entity([], { dataCollection: 'DataCollection', dataset: 'Dataset' }),
  DataCollectionDatafile: entity([], { dataCollection: 'DataCollection', datafile: 'Datafile' }),
};
