/**
 * The demo's use of the goniometer model stored in its scan: @pandaas/integrate reads and
 * evaluates the model (and is compared with pyFAI there); the demo refuses, with exit status 4 and
 * the file and dataset named, a model it cannot read, one of more than one motor, one without a
 * wavelength, and one that gives no geometry at a frame's arm position.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeH5 } from '@pandaas/io-nexus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { readScan } from './scan.js';

const NAMES = ['dist', 'poni1', 'poni2', 'rot1', 'rot1_scale', 'rot2_offset', 'rot2_scale', 'rot3', 'rot3_scale'];
const MODEL = {
  content: 'Goniometer calibration v1.1',
  detector: 'Pilatus 300kw',
  pixel1: 0.000172,
  pixel2: 0.000172,
  wavelength: 1e-10,
  param: [0.9, 0.01, 0.1, -0.06, 4e-5, -0.0006, 0.0175, -1e-10, 2e-10],
  param_names: NAMES,
  pos_names: ['pos'],
  trans_function: {
    content: 'GeometryTransformation',
    param_names: NAMES,
    pos_names: ['pos'] as string[],
    dist_expr: 'dist',
    poni1_expr: 'poni1',
    poni2_expr: 'poni2',
    rot1_expr: 'rot1_scale * pos + rot1',
    rot2_expr: 'rot2_scale * pos + rot2_offset',
    rot3_expr: 'rot3_scale * pos + rot3',
    constants: { pi: Math.PI },
  },
};

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pandaas-demo-scan-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A scan of two empty frames at 2θ = 10° and 20° with `model` (changed by `change`). */
async function scanWith(name: string, change: (model: typeof MODEL & Record<string, unknown>) => void): Promise<string> {
  const model = structuredClone(MODEL) as typeof MODEL & Record<string, unknown>;
  change(model);
  const path = join(folder, `${name}.nxs`);
  await writeH5(path, async (w) => {
    await w.dataset('/entry/instrument/detector/data', new Int32Array(2 * 195 * 1475), { shape: [2, 195, 1475] });
    await w.dataset('/entry/instrument/detector/two_theta', [10, 20], { dtype: 'float64', attributes: { units: 'deg' } });
    await w.dataset('/entry/instrument/detector/goniometer_model', JSON.stringify(model));
    await w.dataset('/entry/instrument/monochromator/wavelength', [1], { dtype: 'float64', attributes: { units: 'angstrom' } });
  });
  return path;
}

async function failure(path: string): Promise<CliError> {
  try {
    await readScan(path);
  } catch (err) {
    return err as CliError;
  }
  throw new Error('the scan was read');
}

describe('readScan and the goniometer model', () => {
  it("gives each frame the model's geometry at its arm position: rot2 = rot2_scale * pos + rot2_offset", async () => {
    const scan = await readScan(await scanWith('good', () => {}));
    expect(scan.frames.map((f) => f.position)).toEqual([10, 20]);
    const [first, second] = scan.frames;
    expect(first!.geometry).toEqual({ dist: 0.9, poni1: 0.01, poni2: 0.1, rot1: 4e-5 * 10 + -0.06, rot2: 0.0175 * 10 + -0.0006, rot3: 2e-10 * 10 + -1e-10 });
    expect(second!.integrator.rot2).toBe(0.0175 * 20 + -0.0006);
    expect(second!.integrator.wavelength).toBe(1e-10);
    expect(second!.integrator.detector.name).toBe('Pilatus300kw');
  });

  it.each([
    ['unreadable', (m: typeof MODEL) => (m.trans_function.rot2_expr = 'rot2_scal * pos'), 'is not a pyFAI goniometer model: key "trans_function.rot2_expr" has value "rot2_scal * pos": it uses "rot2_scal"'],
    ['two-motors', (m: typeof MODEL) => ((m.trans_function.pos_names = ['pos', 'chi']), (m.pos_names = ['pos', 'chi'])), 'is not a pyFAI goniometer model: "pos_names" must name one motor position (the 2θ arm); got ["pos","chi"]'],
    ['no-wavelength', (m: typeof MODEL) => delete (m as Partial<typeof MODEL>).wavelength, 'is not a pyFAI goniometer model: it gives no "wavelength"'],
    ['no-geometry', (m: typeof MODEL) => (m.trans_function.dist_expr = 'dist * log(pos - 15)'), 'position 10: dist_expr "dist * log(pos - 15)"'],
  ])('refuses a model that is %s (exit status 4), naming the file and dataset', async (name, change, message) => {
    const path = await scanWith(name, change);
    const err = await failure(path);
    expect(err).toBeInstanceOf(CliError);
    expect(err.exitCode).toBe(EXIT_CODES.badInput);
    expect(err.message).toContain(`${path}::/entry/instrument/detector/goniometer_model`);
    expect(err.message).toContain(message);
  });
});
