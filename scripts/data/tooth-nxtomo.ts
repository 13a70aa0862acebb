// Builds examples/data/tooth/ from tomopy's tooth.h5 in ../shared/data (APS Data Exchange layout,
// BSD-3-Clause style licence of UChicago Argonne, LLC): a copy of the original file, and the same
// frames as an NXtomo file, darks, flats and projections in one dataset data[frames, 2, 640]
// with image_key and rotation_angle (degrees). The counts are copied, not altered; the pixel size
// is not known, so the file gives none.
//   npx tsx --conditions=@pandaas/source scripts/data/tooth-nxtomo.ts
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGE_KEY, openH5, readDataExchange, writeH5 } from '../../packages/io-nexus/src/index.js';
import { sharedData } from '../../packages/core/src/testing/shared-data.js';

const source = sharedData('tomography', 'tooth.h5');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'data', 'tooth');
mkdirSync(out, { recursive: true });
copyFileSync(source, join(out, 'tooth.h5'));

const file = await openH5(source);
const scan = await readDataExchange(file);
if (scan.flats === undefined || scan.darks === undefined || scan.rotationAngle === undefined || scan.problems.length > 0) {
  throw new Error(`tooth.h5 is not the expected Data Exchange file: ${scan.problems.join('; ')}`);
}
const [nProjections, rows, columns] = scan.projections.shape!;
const darks = (await scan.darks.read()).dataSync() as Float32Array;
const flats = (await scan.flats.read()).dataSync() as Float32Array;
const projections = (await scan.projections.read()).dataSync() as Float32Array;
const angles = scan.rotationAngle;
await file.close();

// the acquisition order of a typical NXtomo scan: darks, flats, then the projections
const frame = rows! * columns!;
const nDarks = darks.length / frame;
const nFlats = flats.length / frame;
const frames = nDarks + nFlats + nProjections!;
const data = new Float32Array(frames * frame);
data.set(darks, 0);
data.set(flats, nDarks * frame);
data.set(projections, (nDarks + nFlats) * frame);
const imageKey = Int32Array.from({ length: frames }, (_, i) => (i < nDarks ? IMAGE_KEY.dark : i < nDarks + nFlats ? IMAGE_KEY.flat : IMAGE_KEY.projection));
// darks and flats were taken with the sample out of the beam: the angle of the first projection
const rotation = Float64Array.from({ length: frames }, (_, i) => (i < nDarks + nFlats ? angles[0]! : angles[i - nDarks - nFlats]!));

const path = join(out, 'tooth_nxtomo.nxs');
await writeH5(
  path,
  async (w) => {
    w.setAttributes('/', { default: 'entry', creator: 'pandaas scripts/data/tooth-nxtomo.ts' });
    w.group('/entry', { NX_class: 'NXentry', default: 'data' });
    await w.dataset('/entry/definition', 'NXtomo');
    await w.dataset('/entry/title', 'tooth: X-ray micro-CT projections of a tooth, 2 detector rows (tomopy sample data, APS Data Exchange converted to NXtomo)');
    w.group('/entry/instrument', { NX_class: 'NXinstrument' });
    w.group('/entry/instrument/detector', { NX_class: 'NXdetector' });
    await w.dataset('/entry/instrument/detector/data', data, {
      shape: [frames, rows!, columns!],
      chunks: [1, rows!, columns!],
      compression: 'deflate',
      attributes: { units: 'counts' },
    });
    await w.dataset('/entry/instrument/detector/image_key', imageKey, { attributes: { long_name: 'image key: 0 projection, 1 flat, 2 dark' } });
    w.group('/entry/sample', { NX_class: 'NXsample' });
    await w.dataset('/entry/sample/name', 'tooth');
    await w.dataset('/entry/sample/rotation_angle', rotation, { attributes: { units: 'degree' } });
    w.group('/entry/data', { NX_class: 'NXdata', signal: 'data', axes: ['rotation_angle', '.', '.'], rotation_angle_indices: 0 });
    w.link('/entry/data/data', '/entry/instrument/detector/data');
    w.link('/entry/data/image_key', '/entry/instrument/detector/image_key');
    w.link('/entry/data/rotation_angle', '/entry/sample/rotation_angle');
  },
  { overwrite: true },
);
console.log(`wrote ${path} (${nDarks} darks, ${nFlats} flats, ${nProjections} projections of ${rows} x ${columns}) and a copy of tooth.h5`);
