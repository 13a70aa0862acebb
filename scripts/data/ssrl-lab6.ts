// Builds examples/data/ssrl-lab6/ from the real SSRL BL 7-2 LaB6 θ-2θ scan in ../shared/data
// (Apache-2.0, julienbarrier/ssrl-pyfai-basics): the three frames as one NeXus file (int32,
// deflate), with the 2θ arm position of each frame and pyFAI's goniometer model, plus one PONI
// file per frame computed from that model. The data are copied, not altered.
//   npx tsx --conditions=@pandaas/source scripts/data/ssrl-lab6.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoniometerModel } from '../../packages/integrate/src/index.js';
import { writeH5 } from '../../packages/io-nexus/src/index.js';
import { sharedData } from '../../packages/core/src/testing/shared-data.js';

const FRAMES = ['0009', '0032', '0050'];
const ROWS = 195;
const COLUMNS = 1475;
const source = sharedData('diffraction2d', 'ssrl_bl7-2_lab6_tth');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'data', 'ssrl-lab6');
mkdirSync(out, { recursive: true });

const modelText = readFileSync(join(source, 'ROBL_v1.json'), 'utf8');
const model = GoniometerModel.fromJson(modelText, 'ROBL_v1.json');
const wavelength = model.wavelength;
if (wavelength === undefined) throw new Error('ROBL_v1.json gives no wavelength');

/** The 2θ arm position (degrees) of a frame, from its SPEC metadata (.pdi). */
function armPosition(frame: string): number {
  const pdi = readFileSync(join(source, `b_toney_Lab6_thtth_rightside_scan2_${frame}.raw.pdi`), 'latin1');
  const match = /2Theta = ([-\d.]+)/.exec(pdi);
  if (!match) throw new Error(`no 2Theta in the .pdi of frame ${frame}`);
  return Number(match[1]);
}

const positions = FRAMES.map(armPosition);
const stack = new Int32Array(FRAMES.length * ROWS * COLUMNS);
FRAMES.forEach((frame, i) => {
  const bytes = readFileSync(join(source, `b_toney_Lab6_thtth_rightside_scan2_${frame}.raw`));
  stack.set(new Int32Array(bytes.buffer, bytes.byteOffset, ROWS * COLUMNS), i * ROWS * COLUMNS);
});

// pyFAI's goniometer model of ROBL_v1.json, at each frame's arm position (degrees).
FRAMES.forEach((frame, i) => {
  writeFileSync(join(out, `lab6_${frame}.poni`), model.geometry(positions[i]!).toPoni(2.1));
});

const path = join(out, 'lab6_tth_scan.nxs');
await writeH5(
  path,
  async (w) => {
    w.setAttributes('/', { default: 'entry', creator: 'pandaas scripts/data/ssrl-lab6.ts' });
    w.group('/entry', { NX_class: 'NXentry', default: 'data' });
    await w.dataset('/entry/title', 'LaB6 theta-2theta scan 2, frames 9, 32 and 50 (SSRL BL 7-2, March 2018)');
    w.group('/entry/sample', { NX_class: 'NXsample' });
    await w.dataset('/entry/sample/name', 'LaB6');
    w.group('/entry/instrument', { NX_class: 'NXinstrument' });
    await w.dataset('/entry/instrument/name', 'SSRL beamline 7-2');
    w.group('/entry/instrument/monochromator', { NX_class: 'NXmonochromator' });
    await w.dataset('/entry/instrument/monochromator/wavelength', [wavelength * 1e10], { dtype: 'float64', attributes: { units: 'angstrom' } });
    w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
    await w.dataset('/entry/instrument/detector/description', 'PILATUS 300K-W');
    await w.dataset('/entry/instrument/detector/data', stack, {
      shape: [FRAMES.length, ROWS, COLUMNS],
      chunks: [1, ROWS, COLUMNS],
      compression: 'deflate',
      attributes: { units: 'counts', long_name: 'counts (0 in the module gaps)' },
    });
    await w.dataset('/entry/instrument/detector/x_pixel_size', [172e-6], { dtype: 'float64', attributes: { units: 'm' } });
    await w.dataset('/entry/instrument/detector/y_pixel_size', [172e-6], { dtype: 'float64', attributes: { units: 'm' } });
    await w.dataset('/entry/instrument/detector/frame_number', FRAMES.map(Number), { dtype: 'int32' });
    await w.dataset('/entry/instrument/detector/two_theta', positions, { dtype: 'float64', attributes: { units: 'deg', long_name: '2θ arm position' } });
    await w.dataset('/entry/instrument/detector/goniometer_model', modelText, {
      attributes: { description: 'pyFAI goniometer model (GeometryTransformation of the 2θ arm position pos, in degrees)' },
    });
    w.group('/entry/data', { NX_class: 'NXdata', signal: 'data', axes: ['two_theta', '.', '.'], two_theta_indices: 0 });
    w.link('/entry/data/data', '/entry/instrument/detector/data');
    await w.dataset('/entry/data/two_theta', positions, { dtype: 'float64', attributes: { units: 'deg' } });
  },
  { overwrite: true },
);
console.log(`wrote ${path} and ${FRAMES.length} PONI files`);
