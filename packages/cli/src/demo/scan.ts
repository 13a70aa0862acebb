/**
 * Step 1 of the demo: the θ-2θ scan read from its NeXus file (the layout of
 * examples/data/ssrl-lab6/lab6_tth_scan.nxs): the frames, the arm position of each, the
 * wavelength and pyFAI's goniometer model, which gives each frame its own
 * {@link AzimuthalIntegrator}.
 *
 * @module
 */
import { isPandaasError, type NdArray } from '@pandaas/core';
import { GoniometerModel, PoniError, type AzimuthalIntegrator, type PoniParameters } from '@pandaas/integrate';
import { H5Dataset, openH5, toDegrees, toMetres, type H5File } from '@pandaas/io-nexus';
import { CliError, InterruptedError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';

/** Where the demo finds each part of the scan in its NeXus file. */
export const SCAN_LAYOUT = {
  frames: '/entry/instrument/detector/data',
  positions: '/entry/instrument/detector/two_theta',
  model: '/entry/instrument/detector/goniometer_model',
  wavelength: '/entry/instrument/monochromator/wavelength',
  frameNumbers: '/entry/instrument/detector/frame_number',
  title: '/entry/title',
  sample: '/entry/sample/name',
  instrument: '/entry/instrument/name',
} as const;

/** One frame of the scan with its geometry. */
export interface ScanFrame {
  /** Index in the stack. */
  readonly index: number;
  /** The frame's name in reports: its frame number, zero-padded (`'0032'`). */
  readonly label: string;
  /** The 2θ arm position, degrees. */
  readonly position: number;
  /** The counts, [rows, columns]. */
  readonly data: NdArray;
  /** The geometry the goniometer model gives at this position. */
  readonly geometry: PoniParameters;
  readonly integrator: AzimuthalIntegrator;
}

/** The scan as the demo uses it. */
export interface Scan {
  /** The file read. */
  readonly file: string;
  readonly title?: string;
  readonly sample?: string;
  readonly instrument?: string;
  /** Wavelength, metres. */
  readonly wavelength: number;
  readonly model: GoniometerModel;
  readonly frames: readonly ScanFrame[];
}

async function readText(file: H5File, path: string): Promise<string | undefined> {
  if (!(await file.has(path))) return undefined;
  const value = await (await file.dataset(path)).readValue();
  const text = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof text === 'string' ? text : undefined;
}

/**
 * The goniometer model stored in the scan, as the demo can use it: one motor (the 2θ arm) and a
 * wavelength. `source` names it (file and dataset) in errors.
 */
function readModel(text: string, source: string): GoniometerModel & { readonly wavelength: number } {
  const bad = (why: string) => new CliError(`${source} is not a pyFAI goniometer model: ${why}`, EXIT_CODES.badInput);
  let model: GoniometerModel;
  try {
    model = GoniometerModel.fromJson(text, source);
  } catch (err) {
    // PoniError messages start with the source: "<source>: key ... has value ..."
    if (err instanceof PoniError) throw bad(err.message.slice(`${source}: `.length));
    throw err;
  }
  if (model.positionNames.length !== 1) throw bad(`"pos_names" must name one motor position (the 2θ arm); got ${JSON.stringify(model.positionNames)}`);
  if (model.wavelength === undefined) throw bad('it gives no "wavelength"');
  return model as GoniometerModel & { readonly wavelength: number };
}

async function readNumbers(file: H5File, path: string): Promise<{ values: Float64Array; units?: string }> {
  const dataset = await file.dataset(path);
  const values = Float64Array.from((await dataset.read()).dataSync() as ArrayLike<number>);
  const units = await dataset.attr('units');
  return typeof units === 'string' ? { values, units } : { values };
}

/**
 * Reads the scan at `path` and builds one integrator per frame from the goniometer model.
 *
 * @throws FileNotFoundError / FileFormatError (io-nexus) for a missing or non-HDF5 file;
 * CliError with exit status 4 when the file lacks a part of the layout or holds something else
 * there (naming the file and the path), 5 when the parts do not fit together (frame shape and
 * detector, wavelengths); InterruptedError when `signal` is aborted.
 * @example
 * ```ts
 * const scan = await readScan('examples/data/ssrl-lab6/lab6_tth_scan.nxs');
 * scan.frames.map((f) => f.position); // [11.12, 26.76, 39]
 * ```
 */
export async function readScan(path: string, signal?: AbortSignal): Promise<Scan> {
  const file = await openH5(path);
  try {
    const layout = (what: string, at: string) =>
      new CliError(`${path} does not have the layout of the demo's scan (examples/data/ssrl-lab6/lab6_tth_scan.nxs): ${what} at ${at}`, EXIT_CODES.badInput);
    for (const [what, at] of [['no frames', SCAN_LAYOUT.frames], ['no 2θ arm positions', SCAN_LAYOUT.positions], ['no goniometer model', SCAN_LAYOUT.model], ['no wavelength', SCAN_LAYOUT.wavelength]] as const) {
      if (!(await file.has(at)) || !((await file.get(at)) instanceof H5Dataset)) throw layout(`${what} (a dataset)`, at);
    }
    const stack = await file.dataset(SCAN_LAYOUT.frames);
    const shape = stack.shape;
    if (shape === null || shape.length !== 3 || shape[0] === 0 || stack.dtype === undefined) {
      throw layout(`the frames must be a numeric [frames, rows, columns] dataset, not shape ${JSON.stringify(shape)}`, SCAN_LAYOUT.frames);
    }
    const count = shape[0]!;
    const positions = await readNumbers(file, SCAN_LAYOUT.positions);
    if (positions.values.length !== count) throw layout(`${positions.values.length} arm positions for ${count} frames`, SCAN_LAYOUT.positions);
    const degrees = Float64Array.from(positions.values, (v) => (positions.units === undefined ? v : (toDegrees(v, positions.units) ?? NaN)));
    if (!degrees.every(Number.isFinite)) throw layout(`arm positions in ${JSON.stringify(positions.units)} that are not finite angles`, SCAN_LAYOUT.positions);

    const modelText = await readText(file, SCAN_LAYOUT.model);
    if (modelText === undefined) throw layout('the goniometer model must be a JSON string', SCAN_LAYOUT.model);
    const model = readModel(modelText, `${path}::${SCAN_LAYOUT.model}`);

    const wavelengthField = await readNumbers(file, SCAN_LAYOUT.wavelength);
    const wavelength = wavelengthField.values.length === 1 ? toMetres(wavelengthField.values[0]!, wavelengthField.units ?? 'angstrom') : undefined;
    if (wavelength === undefined || !(wavelength > 0)) {
      throw layout(`one positive wavelength with length units, not ${JSON.stringify(Array.from(wavelengthField.values))} ${wavelengthField.units ?? ''}`, SCAN_LAYOUT.wavelength);
    }
    if (Math.abs(wavelength - model.wavelength) > 1e-6 * wavelength) {
      throw new CliError(`${path}: the wavelength ${wavelength} m at ${SCAN_LAYOUT.wavelength} is not the goniometer model's ${model.wavelength} m`, EXIT_CODES.mismatch);
    }

    const detector = model.detector;
    if (!detector.hasShape || detector.shape[0] !== shape[1] || detector.shape[1] !== shape[2]) {
      throw new CliError(
        `${path}: the frames at ${SCAN_LAYOUT.frames} are ${shape[1]} x ${shape[2]} pixels, but the goniometer model's detector ${detector.name} has ${detector.hasShape ? detector.shape.join(' x ') : 'no shape'}`,
        EXIT_CODES.mismatch,
      );
    }
    const numbers = (await file.has(SCAN_LAYOUT.frameNumbers)) ? (await readNumbers(file, SCAN_LAYOUT.frameNumbers)).values : undefined;
    const frames: ScanFrame[] = [];
    for (let index = 0; index < count; index++) {
      if (signal?.aborted) throw new InterruptedError();
      const position = degrees[index]!;
      let geometry: PoniParameters;
      let integrator: AzimuthalIntegrator;
      try {
        geometry = model.transform(position);
        integrator = model.geometry(position);
      } catch (err) {
        // an expression that is not finite at this position, or a distance that is not positive
        if (isPandaasError(err)) throw new CliError(err.message, EXIT_CODES.badInput);
        throw err;
      }
      const number = numbers?.length === count ? numbers[index]! : index;
      frames.push({
        index,
        label: String(number).padStart(4, '0'),
        position,
        data: await stack.read([index]),
        geometry,
        integrator,
      });
    }
    const [title, sample, instrument] = await Promise.all([readText(file, SCAN_LAYOUT.title), readText(file, SCAN_LAYOUT.sample), readText(file, SCAN_LAYOUT.instrument)]);
    return {
      file: path,
      ...(title === undefined ? {} : { title }),
      ...(sample === undefined ? {} : { sample }),
      ...(instrument === undefined ? {} : { instrument }),
      wavelength,
      model,
      frames,
    };
  } finally {
    await file.close();
  }
}
