/**
 * From the metadata of a NeXus NXentry (given as a plain object: this package opens no files) to
 * what a catalogue needs for ingest: an ICAT plan (Dataset, DatasetParameters, DatasetTechniques)
 * and a SciCat dataset body, both with the embargo's release date.
 */
import { ArgumentError } from '@pandaas/core';
import type { SciCatDataset } from '../scicat/models.js';

/** A numeric scalar with its unit, as a NeXus field with `@units`. */
export interface NexusQuantity {
  readonly value: number;
  /** The `@units` attribute; absent for a dimensionless value. */
  readonly unit?: string;
}

/**
 * The metadata of one NXentry, read by the caller (the CLI reads it with @pandaas/io-nexus).
 *
 * @example
 * ```ts
 * const meta: NexusEntryMetadata = { title: 'LaB6 scan', definition: 'NXmonopd', sampleName: 'LaB6', parameters: { wavelength: { value: 0.8856, unit: 'angstrom' } } };
 * ```
 */
export interface NexusEntryMetadata {
  readonly title?: string;
  /** `start_time`, ISO 8601. */
  readonly startTime?: string;
  /** `end_time`, ISO 8601. */
  readonly endTime?: string;
  /** `experiment_identifier` (the proposal). */
  readonly experimentIdentifier?: string;
  /** `instrument/name`. */
  readonly instrumentName?: string;
  /** `sample/name`. */
  readonly sampleName?: string;
  /** `sample/chemical_formula`. */
  readonly chemicalFormula?: string;
  /** The application definition (`definition`), e.g. `NXtomo`. */
  readonly definition?: string;
  /** Scientific parameters: numeric scalars with units, by name. */
  readonly parameters?: Readonly<Record<string, NexusQuantity>>;
}

/**
 * A PaNET technique: its id (`PaNET01196`) and its label.
 *
 * @example
 * ```ts
 * const xas: PanetTechnique = { pid: 'PaNET01196', name: 'x-ray absorption spectroscopy' };
 * ```
 */
export interface PanetTechnique {
  readonly pid: string;
  readonly name: string;
}

/**
 * Options of {@link catalogueEntry}.
 *
 * @example
 * ```ts
 * const options: CatalogueEntryOptions = { name: 'scan-2', techniques: { NXxas: { pid: 'PaNET01196', name: 'x-ray absorption spectroscopy' } } };
 * ```
 */
export interface CatalogueEntryOptions {
  /** The dataset's name (ICAT `Dataset.name`, SciCat `datasetName`). */
  readonly name: string;
  /**
   * Application definition → PaNET technique. No table is built in: PaNET ids are the facility's
   * choice (https://github.com/pan-ontologies/PaNET, CC-BY 4.0), and a definition without an entry
   * gets no technique.
   */
  readonly techniques?: Readonly<Record<string, PanetTechnique>>;
  /** The start of the embargo when the entry has no `start_time` (e.g. the file's time). */
  readonly fallbackStart?: Date;
  /** Days from the start to the release (ICAT `Facility.daysUntilRelease`); default 1095 (3 years). */
  readonly daysUntilRelease?: number;
}

/**
 * What to create in ICAT: the Dataset's fields (without its investigation and type, which the
 * facility gives), its numeric parameters and its techniques.
 *
 * @example
 * ```ts
 * plan.parameters[0]; // { name: 'wavelength', units: 'angstrom', numericValue: 0.8856 }
 * ```
 */
export interface IcatIngestPlan {
  readonly dataset: { readonly name: string; readonly description?: string; readonly startDate: string; readonly endDate?: string; readonly complete: boolean };
  readonly sampleName?: string;
  readonly parameters: readonly { readonly name: string; readonly units: string; readonly numericValue: number }[];
  readonly techniques: readonly PanetTechnique[];
}

/**
 * A catalogue entry: the ICAT plan, the SciCat body (without the owner fields, which the facility
 * gives) and the release date (start + daysUntilRelease).
 *
 * @example
 * ```ts
 * entry.releaseDate; // '2029-03-01T08:00:00.000Z'
 * ```
 */
export interface CatalogueEntry {
  readonly icat: IcatIngestPlan;
  readonly scicat: Partial<SciCatDataset>;
  readonly releaseDate: string;
}

const DAY_MS = 86_400_000;

function isoDate(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ArgumentError(`${name} must be an ISO 8601 date, got ${JSON.stringify(text)}`);
  return date;
}

function checkParameters(parameters: Readonly<Record<string, NexusQuantity>>): void {
  for (const [name, quantity] of Object.entries(parameters)) {
    if (quantity === null || typeof quantity !== 'object' || typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) {
      throw new ArgumentError(`meta.parameters.${name}.value must be a finite number, got ${JSON.stringify(quantity?.value)}`);
    }
    if (quantity.unit !== undefined && typeof quantity.unit !== 'string') throw new ArgumentError(`meta.parameters.${name}.unit must be a string, got ${typeof quantity.unit}`);
  }
}

/**
 * Builds the catalogue entry of an NXentry: ICAT Dataset + DatasetParameters + DatasetTechniques,
 * and a SciCat raw dataset (`scientificMetadata` as `{value, unit}`, `techniques`, `isPublished`
 * false, `datasetlifecycle.dateOfPublishing` = the release date). The embargo starts at
 * `start_time` (else `options.fallbackStart`) and lasts `daysUntilRelease` days.
 *
 * @example
 * ```ts
 * const entry = catalogueEntry({ title: 'tooth', startTime: '2026-03-01T08:00:00Z', definition: 'NXtomo' }, { name: 'tooth' });
 * entry.releaseDate; // '2029-02-28T08:00:00.000Z'
 * ```
 */
export function catalogueEntry(meta: NexusEntryMetadata, options: CatalogueEntryOptions): CatalogueEntry {
  if (meta === null || typeof meta !== 'object') throw new ArgumentError(`meta must be an object, got ${String(meta)}`);
  if (typeof options.name !== 'string' || options.name.trim() === '') throw new ArgumentError(`options.name must be a non-empty string, got ${JSON.stringify(options.name)}`);
  const days = options.daysUntilRelease ?? 1095;
  if (!Number.isInteger(days) || days < 0) throw new ArgumentError(`options.daysUntilRelease must be an integer >= 0, got ${days}`);
  const start = meta.startTime !== undefined ? isoDate(meta.startTime, 'meta.startTime') : options.fallbackStart;
  if (start === undefined || Number.isNaN(start.getTime())) throw new ArgumentError('the entry has no start_time: give options.fallbackStart');
  const end = meta.endTime !== undefined ? isoDate(meta.endTime, 'meta.endTime') : undefined;
  const parameters = meta.parameters ?? {};
  checkParameters(parameters);
  const technique = meta.definition !== undefined ? options.techniques?.[meta.definition] : undefined;
  const techniques = technique ? [{ pid: technique.pid, name: technique.name }] : [];
  const releaseDate = new Date(start.getTime() + days * DAY_MS).toISOString();

  const icat: IcatIngestPlan = {
    dataset: {
      name: options.name,
      ...(meta.title !== undefined && { description: meta.title }),
      startDate: start.toISOString(),
      ...(end && { endDate: end.toISOString() }),
      complete: false,
    },
    ...(meta.sampleName !== undefined && { sampleName: meta.sampleName }),
    parameters: Object.entries(parameters).map(([name, q]) => ({ name, units: q.unit ?? 'N/A', numericValue: q.value })),
    techniques,
  };

  const scientificMetadata: Record<string, unknown> = {};
  for (const [name, q] of Object.entries(parameters)) scientificMetadata[name] = { value: q.value, unit: q.unit ?? '' };
  if (meta.definition !== undefined) scientificMetadata.definition = meta.definition;
  if (meta.instrumentName !== undefined) scientificMetadata.instrument_name = meta.instrumentName;
  if (meta.sampleName !== undefined) scientificMetadata.sample_name = meta.sampleName;
  if (meta.chemicalFormula !== undefined) scientificMetadata.chemical_formula = meta.chemicalFormula;
  if (end) scientificMetadata.end_time = end.toISOString();
  const scicat: Partial<SciCatDataset> = {
    type: 'raw',
    datasetName: options.name,
    ...(meta.title !== undefined && { description: meta.title }),
    creationTime: start.toISOString(),
    isPublished: false,
    techniques,
    scientificMetadata,
    ...(meta.experimentIdentifier !== undefined && { proposalIds: [meta.experimentIdentifier] }),
    datasetlifecycle: { dateOfPublishing: releaseDate },
  };
  return { icat, scicat, releaseDate };
}
