import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openH5, findDefaultNxData } from '@pandaas/io-nexus';
import { plotNxdata, readNxdataValues } from '../plots/nxdata-plot.js';
import { sharedData } from '../testing/data.js';
import { errorBarsFigure, logImageFigure, secondAxisFigure, symlogFigure } from '../testing/figures.js';
import { compareWithGolden, DOCS_PLOTS, GOLDEN_TOLERANCE, GOLDENS } from '../testing/golden.js';
import { renderPng } from './png.js';

// Goldens: PNGs rendered by @napi-rs/canvas with DejaVu Sans, compared with pixelmatch
// (threshold 0.1, anti-aliased pixels ignored); at most 0.1 % of the pixels may differ.
describe(`PNG goldens (tolerance: ${GOLDEN_TOLERANCE.maxDiffFraction * 100} % of pixels at pixelmatch threshold ${GOLDEN_TOLERANCE.threshold})`, () => {
  it.each([
    ['log-image', logImageFigure],
    ['error-bars', errorBarsFigure],
    ['second-y-axis', secondAxisFigure],
    ['symlog', symlogFigure],
  ])('%s', async (name, figure) => {
    const png = await renderPng(figure());
    expect(compareWithGolden(name, png)).toBeLessThanOrEqual(GOLDEN_TOLERANCE.maxDiffFraction);
  });

  it('nxdata-chopper: the default NXdata of a real file (bin-edge time of flight, uneven polar angles)', async () => {
    await using file = await openH5(sharedData('nexus', 'chopper.nxs'));
    const { nxdata } = await findDefaultNxData(file);
    const fig = plotNxdata(await readNxdataValues(nxdata!), { normalization: 'log', colormap: 'inferno' });
    expect(compareWithGolden('nxdata-chopper', await renderPng(fig))).toBeLessThanOrEqual(GOLDEN_TOLERANCE.maxDiffFraction);
  });

  it('the guide shows the goldens themselves', () => {
    for (const name of ['log-image', 'error-bars', 'second-y-axis', 'symlog', 'nxdata-chopper']) {
      expect(readFileSync(join(DOCS_PLOTS, `${name}.png`)).equals(readFileSync(join(GOLDENS, `${name}.png`)))).toBe(true);
    }
  });
});
