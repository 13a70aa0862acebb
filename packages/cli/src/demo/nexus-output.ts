/**
 * The demo's NeXus file: one NXprocess per frame holding its 1D pattern as NXdata (the
 * integration's own descriptions), and an NXdata of the fitted peaks against the calibrant's
 * rings, the file's default plot.
 *
 * @module
 */
import { array } from '@pandaas/core';
import { writeH5, writeNxData, writeNxProcess } from '@pandaas/io-nexus';
import type { DemoAnalysis } from './analysis.js';
import { peakRows } from './report.js';

/**
 * The NXprocess group of frame `label` (its pattern is the NXdata `pattern` inside).
 *
 * @example
 * ```ts
 * processGroup('0032'); // '/entry/integrate_0032'
 * ```
 */
export function processGroup(label: string): string {
  return `/entry/integrate_${label}`;
}

/** The NXdata group of the peaks table. */
export const PEAKS_GROUP = '/entry/peaks';

const column = (values: number[]) => array(Float64Array.from(values), { backend: 'cpu' });

/**
 * Writes the result file at `path` (nothing is left there if writing fails).
 *
 * @example
 * ```ts
 * await writeResultNexus('demo-output/results.nxs', analysis, '0.0.0');
 * ```
 */
export async function writeResultNexus(path: string, analysis: DemoAnalysis, version: string): Promise<void> {
  const rows = peakRows(analysis);
  await writeH5(path, async (w) => {
    w.setAttributes('/', { default: 'entry', creator: `pandaas demo ${version}` });
    w.group('/entry', { NX_class: 'NXentry' });
    await w.dataset('/entry/title', `pandaas demo: ${analysis.scan.title ?? analysis.scan.file}`);
    await w.dataset('/entry/program_name', 'pandaas demo', { attributes: { version } });
    for (const [k, { pattern }] of analysis.frames.entries()) {
      const { frame, result } = pattern;
      const process = result.toNxProcess();
      const group = processGroup(frame.label);
      await writeNxProcess(w, group, {
        ...process,
        sequenceIndex: k + 1,
        parameters: {
          ...process.parameters,
          frame: frame.label,
          arm_two_theta: { value: frame.position, units: 'deg' },
          radial_range: { value: [...pattern.span], units: 'deg' },
          mask: 'negative pixels | detector module gaps',
        },
        note: `Frame ${frame.label} of ${analysis.scan.file}, geometry from the goniometer model at the arm position ${frame.position} deg.`,
      });
      await writeNxData(w, `${group}/pattern`, result.toNxData());
    }
    const n = rows.length;
    if (n === 0) return; // no peak found: nothing to tabulate
    await writeNxData(
      w,
      PEAKS_GROUP,
      {
        signal: { name: 'delta_two_theta', data: column(rows.map((r) => r.deltaTwoTheta)), units: 'deg', longName: 'fitted - expected 2θ (deg)' },
        errors: column(rows.map((r) => r.twoThetaSigma)),
        axes: [{ name: 'two_theta_expected', data: Float64Array.from(rows, (r) => r.twoThetaExpected), units: 'deg', longName: `${analysis.calibrant.name} ring 2θ (deg)` }],
        auxiliarySignals: [
          { name: 'two_theta', data: column(rows.map((r) => r.twoTheta)), errors: column(rows.map((r) => r.twoThetaSigma)), units: 'deg', longName: 'fitted 2θ (deg)' },
          { name: 'd', data: column(rows.map((r) => r.d)), errors: column(rows.map((r) => r.dSigma)), units: 'angstrom', longName: 'd from the fitted 2θ (Å)' },
          { name: 'd_expected', data: column(rows.map((r) => r.dExpected)), units: 'angstrom', longName: `${analysis.calibrant.name} d-spacing (Å)` },
          { name: 'relative_delta_d', data: column(rows.map((r) => r.relativeDeltaD)), longName: '(d - d expected) / d expected' },
          { name: 'fwhm', data: column(rows.map((r) => r.fwhm)), units: 'deg', longName: 'fitted FWHM (deg)' },
        ],
        title: `Fitted peaks against ${analysis.calibrant.name} (${analysis.calibrant.reference}), ${n} peaks`,
        interpretation: 'spectrum',
      },
      { setDefault: true },
    );
    await w.dataset(`${PEAKS_GROUP}/hkl`, rows.map((r) => r.hkl));
    await w.dataset(`${PEAKS_GROUP}/frame`, rows.map((r) => r.frame));
  });
}
