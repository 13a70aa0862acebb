/**
 * pandaas' AzimuthalIntegrator against pyFAI 0.21 on the synthetic frame of
 * scripts/fixtures/integrate/integrate.py: every case (units, error models, corrections, masks,
 * dummies, NaN pixels, ranges; 1D and 2D) with every method pyFAI ran, on every backend here.
 *
 * With a range, pyFAI engines that truncate bin numbers (lower-edge.ts) count pixels lying less
 * than one bin below it in the first bin; pandaas does not. Where pyFAI's other engine for the
 * splitting does not truncate, each bin is compared to the closer of the two as everywhere; where
 * both truncate, the bins those pixels reach are left out of the per-bin comparison and their
 * count must instead be pyFAI's less exactly those pixels' weights (same tolerance).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '@pandaas/core';
import { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import { validationBackends } from './backends.js';
import { expectWithinIssue } from './issue-checks.js';
import { measureAgainst } from './measure.js';
import { pyfaiTruncates, truncationExcess } from './lower-edge.js';
import { integrateCase, loadPyfaiFixtures, otherEngine, referenceOf, syntheticFrame, type FixtureCase, type PyfaiFixtures } from './pyfai-fixtures.js';
import { formatReport, type ReportRow } from './report.js';
import { TIGHT_FILLED } from './tolerances.js';

const fx = loadPyfaiFixtures();
const backends = await validationBackends();
// the PONI file pyFAI wrote for this geometry (v2, generic detector, 172 x 150 um pixels, 160 x 128)
const ai = AzimuthalIntegrator.fromPoni(fx.synthetic.poni, 'synthetic.poni');
const rows: ReportRow[] = [];

describe('the synthetic geometry', () => {
  it('is read from the PONI file pyFAI wrote', () => {
    const { geometry, detector } = fx.synthetic;
    expect([ai.dist, ai.poni1, ai.poni2, ai.rot1, ai.rot2, ai.rot3, ai.wavelength]).toEqual([
      geometry.dist,
      geometry.poni1,
      geometry.poni2,
      geometry.rot1,
      geometry.rot2,
      geometry.rot3,
      geometry.wavelength,
    ]);
    expect([ai.detector.pixel1, ai.detector.pixel2, ...ai.shape]).toEqual([detector.pixel1, detector.pixel2, ...detector.shape]);
  });
});

afterAll(async () => {
  console.log(formatReport('synthetic frame vs pyFAI 0.21', rows));
  await shutdownBackends();
});

/** 1 for the pixels pyFAI counts in a case: not masked (case mask, detector mask), finite, not dummy. */
function validPixels(fx: PyfaiFixtures, c: FixtureCase): Uint8Array {
  const frame = syntheticFrame(fx, c.frame);
  const values = frame.dataSync();
  frame.dispose();
  const userMask = c.options.mask ? fx.array(fx.synthetic.inputs.mask) : undefined;
  const detectorMask = ai.detector.mask();
  const { dummy, deltaDummy } = c.options;
  return Uint8Array.from(values, (v, i) => {
    if ((userMask !== undefined && userMask[i] !== 0) || (detectorMask !== null && detectorMask[i] !== 0) || !Number.isFinite(v)) return 0;
    if (dummy !== undefined && (deltaDummy === undefined ? v === dummy : Math.abs(v - dummy) <= deltaDummy)) return 0;
    return 1;
  });
}

/** Pixels pyFAI counts and pandaas leaves out, summed over the cases (the check must not be vacuous). */
let edgeCountSeen = 0;

describe.each(fx.cases.filter((c) => c.image === 'synthetic'))('synthetic $id ($dim D)', (c) => {
  const cases = c.results.flatMap((r) => backends.map((backend) => ({ r, backend, name: `${r.method.split}/${r.method.algorithm}/${backend}` })));
  it.each(cases)('$name matches pyFAI', async ({ r, backend }) => {
    const frame = syntheticFrame(fx, c.frame);
    const result = await integrateCase(ai, frame, fx, c, r, backend);
    frame.dispose();
    const reference = referenceOf(fx, r);
    const other = c.results.find((x) => x.method.split === r.method.split && x.method.algorithm !== r.method.algorithm);
    const { npt, nptRad, nptAzim, unit, radialRange, azimuthRange } = c.options;
    const settings = { dim: c.dim, split: r.method.split, npt: npt ?? nptRad ?? 0, nptAzim, unit: unit ?? 'q_nm^-1', radialRange, azimuthRange } as const;
    const excess = pyfaiTruncates(c.dim, r.method.split, r.method.algorithm) ? truncationExcess(ai, settings, validPixels(fx, c)) : undefined;
    // compared to the closer engine, unless neither engine leaves those pixels out
    const setApart = excess !== undefined && (other === undefined || pyfaiTruncates(c.dim, other.method.split, other.method.algorithm));
    const m = measureAgainst(result, reference, otherEngine(fx, c, r), setApart ? (i) => excess[i] > 0 : undefined);
    if (excess !== undefined) {
      for (let i = 0; i < excess.length; i++) {
        if (excess[i] === 0) continue;
        edgeCountSeen += excess[i];
        const d = Math.abs(reference.count[i] - excess[i] - result.count[i]);
        expect(d, `bin ${i}: pyFAI count ${reference.count[i]} less ${excess[i]} pixels below the range vs ${result.count[i]}`).toBeLessThanOrEqual(
          TIGHT_FILLED[r.method.split] * reference.count[i],
        );
      }
    }
    rows.push({ case: c.id, method: `${r.method.split}/${r.method.algorithm}/${backend}`, m });
    expectWithinIssue(m, r.method.split, c.dim);
    // tighter than the issue: every field on every bin pyFAI found non-empty
    for (const [field, d] of Object.entries(m.filled)) expect(d.max, `${field} on every filled bin`).toBeLessThanOrEqual(TIGHT_FILLED[r.method.split]);
    expect(m.emptinessMismatches, 'bins empty in one result only').toBe(0);
  });
});

describe('the lower range edge', () => {
  it('is exercised: some case has pixels pyFAI counts below a range', () => {
    expect(edgeCountSeen).toBeGreaterThan(0);
  });
});
