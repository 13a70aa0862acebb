import { ShapeError, array, type NdArray } from '@pandaas/core';
import { H5Dataset, type H5File, type H5Group } from '../h5/objects.js';
import { asString } from './attr-values.js';
import { fieldOf, findEntry, findNxGroups, groupOf, scalarField, type Field } from './find.js';
import { energyFromWavelength, toKeV, toMetres, wavelengthFromEnergy } from './units.js';

/** Options of {@link readInstrument}. */
export interface InstrumentOptions {
  /** The NXentry (default: the root's `@default` entry, else the first NXentry). */
  entry?: string;
  /** The NXdetector's name in the instrument (default: the first with pixel sizes, else with 2D+ data). */
  detector?: string;
}

/**
 * What integration and tomography need from NXentry/NXinstrument/NXdetector/NXsample/
 * NXmonochromator, in SI-style units: metres, keV, pixels. Each value says where it came from in
 * `sources`; values whose units were missing and had to be guessed are listed in `assumptions`.
 */
export interface InstrumentInfo {
  /** The NXentry read. */
  readonly entry: string;
  /** The NXdetector read, when one was found. */
  readonly detector?: string;
  /** The radiation (`'x-ray'` unless NXsource says neutrons). */
  readonly probe: 'x-ray' | 'neutron';
  /** Wavelength, metres. */
  readonly wavelength?: number;
  /** Photon (or neutron) energy, keV. */
  readonly energy?: number;
  /** Sample-to-detector distance, metres. */
  readonly distance?: number;
  /** Pixel size along x (fast, columns) and y (slow, rows), metres. */
  readonly pixelSize?: { readonly x: number; readonly y: number };
  /** Direct-beam position on the detector, pixels along x (columns) and y (rows). */
  readonly beamCenter?: { readonly x: number; readonly y: number };
  /** `saturation_value` of the detector. */
  readonly saturationValue?: number;
  /** The detector's sample name (`NXsample/name`). */
  readonly sampleName?: string;
  /** For each value: the dataset path it was read from, or how it was derived. */
  readonly sources: Readonly<Record<string, string>>;
  /** Units that were missing and guessed from the magnitude. */
  readonly assumptions: readonly string[];
  /** Fields present but unusable (arrays where one number is needed, unknown units). */
  readonly problems: readonly string[];
}

/**
 * Reads the beam and detector geometry of an entry: wavelength/energy (NXmonochromator or
 * a member named `monochromator`, else NXbeam `incident_wavelength`/`incident_energy`; the other
 * derived with the photon or neutron relation), detector distance, pixel sizes and beam centre
 * (lengths converted to pixels), `saturation_value`, sample name.
 *
 * @example
 * ```ts
 * import { openH5, readInstrument } from '@pandaas/io-nexus';
 * const info = await readInstrument(await openH5('saxs.nxs'));
 * info.wavelength; // 7.336e-11
 * info.pixelSize; // { x: 0.000172, y: 0.000172 }
 * ```
 */
export async function readInstrument(file: H5File, options: InstrumentOptions = {}): Promise<InstrumentInfo> {
  const entry = await findEntry(file, options.entry);
  const sources: Record<string, string> = {};
  const assumptions: string[] = [];
  const problems: string[] = [];
  const instrument = (await findNxGroups(entry, 'NXinstrument'))[0] ?? (await groupOf(entry, 'instrument'));
  const sample = (await findNxGroups(entry, 'NXsample'))[0];
  const probe = instrument === undefined ? 'x-ray' : await readProbe(instrument);

  const beam = instrument === undefined ? {} : await readBeam(instrument, sample, problems);
  let wavelength = beam.wavelength === undefined ? undefined : length(beam.wavelength, 'wavelength', (v) => (v < 1e-6 ? 'm' : 'angstrom'), assumptions, problems);
  let energy = beam.energy === undefined ? undefined : toEnergy(beam.energy, assumptions, problems);
  if (wavelength !== undefined) sources.wavelength = beam.wavelength!.path;
  if (energy !== undefined) sources.energy = beam.energy!.path;
  if (wavelength === undefined && energy !== undefined) {
    wavelength = wavelengthFromEnergy(energy, probe);
    sources.wavelength = `derived from energy (${probe})`;
  } else if (energy === undefined && wavelength !== undefined) {
    energy = energyFromWavelength(wavelength, probe);
    sources.energy = `derived from wavelength (${probe})`;
  }

  const detector = instrument === undefined ? undefined : await pickDetector(instrument, options.detector);
  const out: { -readonly [K in keyof InstrumentInfo]: InstrumentInfo[K] } = { entry: entry.path, probe, wavelength, energy, sources, assumptions, problems };
  if (sample !== undefined) {
    const name = await fieldOf(sample, 'name');
    if (name?.type.class === 'string') out.sampleName = asString(await name.readValue());
  }
  if (detector === undefined) return out;
  out.detector = detector.path;

  const distance = await scalarField(await fieldOf(detector, 'distance'), problems);
  if (distance !== undefined) {
    out.distance = length(distance, 'distance', (v) => (v > 20 ? 'mm' : 'm'), assumptions, problems);
    if (out.distance !== undefined) sources.distance = distance.path;
  }
  const guessPixel = (v: number) => (v < 1e-2 ? 'm' : v < 10 ? 'mm' : 'um');
  const px = await scalarField(await fieldOf(detector, 'x_pixel_size'), problems);
  const py = await scalarField(await fieldOf(detector, 'y_pixel_size'), problems);
  const sx = px === undefined ? undefined : length(px, 'x_pixel_size', guessPixel, assumptions, problems);
  const sy = py === undefined ? undefined : length(py, 'y_pixel_size', guessPixel, assumptions, problems);
  if (sx !== undefined && sy !== undefined) {
    out.pixelSize = { x: sx, y: sy };
    sources.pixelSize = `${px!.path}, ${py!.path}`;
  }
  const bx = await scalarField(await fieldOf(detector, 'beam_center_x'), problems);
  const by = await scalarField(await fieldOf(detector, 'beam_center_y'), problems);
  const cx = bx === undefined ? undefined : pixels(bx, sx, assumptions, problems);
  const cy = by === undefined ? undefined : pixels(by, sy, assumptions, problems);
  if (cx !== undefined && cy !== undefined) {
    out.beamCenter = { x: cx, y: cy };
    sources.beamCenter = `${bx!.path}, ${by!.path}`;
  }
  const saturation = await scalarField(await fieldOf(detector, 'saturation_value'), problems);
  if (saturation !== undefined) {
    out.saturationValue = saturation.value;
    sources.saturationValue = saturation.path;
  }
  return out;
}

/** Options of {@link readDetectorMask}. */
export interface MaskOptions {
  /** The bits that reject a pixel (default 0xffff: NXmx's defined reasons in the low 16 bits). */
  bits?: number;
}

/**
 * The detector's bad-pixel mask as a `bool` NdArray (1 = reject), from NXmx's `pixel_mask` ORed
 * with every `pixel_mask_N`; a pixel is rejected when any of `bits` is set. Undefined when the
 * detector has no mask.
 *
 * @example
 * ```ts
 * const mask = await readDetectorMask(await file.group('/entry/instrument/detector'));
 * ```
 */
export async function readDetectorMask(detector: H5Group, options: MaskOptions = {}): Promise<NdArray<'bool'> | undefined> {
  const bits = options.bits ?? 0xffff;
  const names = (await detector.keys()).filter((k) => /^pixel_mask(_\d+)?$/.test(k)).sort();
  let out: Uint8Array | undefined;
  let shape: readonly number[] = [];
  for (const name of names) {
    const ds = await detector.get(name);
    if (!(ds instanceof H5Dataset)) continue;
    const layer = await ds.read([], { int64: 'float64' });
    const data = layer.dataSync();
    if (out === undefined) {
      out = new Uint8Array(data.length);
      shape = layer.shape;
    } else if (data.length !== out.length) {
      throw new ShapeError(`${detector.file.name} (${ds.path}): shape ${JSON.stringify(layer.shape)} differs from the first mask's ${JSON.stringify(shape)}`);
    }
    for (let i = 0; i < data.length; i++) if ((Number(data[i]) & bits) !== 0) out[i] = 1;
  }
  return out === undefined ? undefined : array(out, { dtype: 'bool', shape });
}

async function readProbe(instrument: H5Group): Promise<'x-ray' | 'neutron'> {
  for (const source of await findNxGroups(instrument, 'NXsource')) {
    for (const field of ['probe', 'type']) {
      const ds = await fieldOf(source, field);
      if (ds?.type.class !== 'string') continue;
      const text = String(asString(await ds.readValue()) ?? '').toLowerCase();
      if (text.includes('neutron')) return 'neutron';
    }
  }
  return 'x-ray';
}

async function readBeam(instrument: H5Group, sample: H5Group | undefined, problems: string[]): Promise<{ wavelength?: Field; energy?: Field }> {
  const monochromators = [...(await findNxGroups(instrument, 'NXmonochromator'))];
  const named = await groupOf(instrument, 'monochromator');
  if (named !== undefined && !monochromators.some((g) => g.path === named.path)) monochromators.push(named);
  for (const mono of monochromators) {
    const wavelength = await scalarField(await fieldOf(mono, 'wavelength'), problems);
    const energy = await scalarField(await fieldOf(mono, 'energy'), problems);
    if (wavelength !== undefined || energy !== undefined) return { wavelength, energy };
  }
  const beams = [...(await findNxGroups(instrument, 'NXbeam')), ...(sample === undefined ? [] : await findNxGroups(sample, 'NXbeam'))];
  for (const beam of beams) {
    const wavelength = await scalarField(await fieldOf(beam, 'incident_wavelength'), problems);
    const energy = await scalarField(await fieldOf(beam, 'incident_energy'), problems);
    if (wavelength !== undefined || energy !== undefined) return { wavelength, energy };
  }
  return {};
}

async function pickDetector(instrument: H5Group, name: string | undefined): Promise<H5Group | undefined> {
  const detectors = await findNxGroups(instrument, 'NXdetector');
  if (name !== undefined) return detectors.find((d) => d.name === name) ?? (await groupOf(instrument, name));
  for (const d of detectors) if ((await fieldOf(d, 'x_pixel_size')) !== undefined) return d;
  for (const d of detectors) if (((await fieldOf(d, 'data'))?.ndim ?? 0) >= 2) return d;
  return detectors[0];
}

function length(field: Field, what: string, guess: (v: number) => string, assumptions: string[], problems: string[]): number | undefined {
  const units = field.units ?? guess(field.value);
  if (field.units === undefined) assumptions.push(`${field.path} has no units; ${field.value} read as ${units}`);
  const metres = toMetres(field.value, units);
  if (metres === undefined) problems.push(`${field.path}: units "${units}" are not a length (${what})`);
  return metres;
}

function toEnergy(field: Field, assumptions: string[], problems: string[]): number | undefined {
  const units = field.units ?? (field.value > 1000 ? 'eV' : 'keV');
  if (field.units === undefined) assumptions.push(`${field.path} has no units; ${field.value} read as ${units}`);
  const keV = toKeV(field.value, units);
  if (keV === undefined) problems.push(`${field.path}: units "${units}" are not an energy`);
  return keV;
}

function pixels(field: Field, pixelSize: number | undefined, assumptions: string[], problems: string[]): number | undefined {
  const units = field.units?.trim().toLowerCase();
  if (units === undefined) {
    assumptions.push(`${field.path} has no units; ${field.value} read as pixels`);
    return field.value;
  }
  if (units === 'pixel' || units === 'pixels' || units === 'px') return field.value;
  const metres = toMetres(field.value, units);
  if (metres === undefined) problems.push(`${field.path}: units "${field.units}" are neither pixels nor a length`);
  else if (pixelSize === undefined) problems.push(`${field.path} is a length (${field.units}) and the pixel size is unknown: cannot convert it to pixels`);
  else return metres / pixelSize;
  return undefined;
}
