/**
 * What `pandaas demo` prints for people: where the report is, the time of each step, the peaks
 * table, the tomography step's numbers.
 *
 * @module
 */
import type { DemoReport } from './report.js';
import { formatSeconds } from './steps.js';

/** Aligns rows of cells into columns: the columns named in `left` to the left, the others to the right. */
function columns(rows: readonly (readonly string[])[], left: readonly number[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (left.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;

/**
 * The human summary of a run.
 *
 * @example
 * ```ts
 * ctx.stdout.write(formatSummary(report, '/home/me/demo-output/report.html'));
 * ```
 */
export function formatSummary(report: DemoReport, reportPath: string): string {
  const total = report.timings.reduce((sum, t) => sum + t.seconds, 0);
  const timing = columns([
    ['step', 'time', ''],
    ...report.timings.map((t) => [t.step, formatSeconds(t.seconds), t.detail]),
    ['total', formatSeconds(total), ''],
  ], [0, 2]);
  const peaks = columns([
    ['frame', 'hkl', '2θ expected', '2θ fitted', 'Δ2θ', 'd expected', 'd fitted', 'Δd/d'],
    ...report.peaks.map((p) => [
      p.frame,
      p.hkl,
      `${p.twoThetaExpected.toFixed(5)}°`,
      `${p.twoTheta.toFixed(5)} ± ${p.twoThetaSigma.toFixed(5)}°`,
      `${signed(p.deltaTwoTheta, 5)}°`,
      `${p.dExpected.toFixed(6)} Å`,
      `${p.d.toFixed(6)} ± ${p.dSigma.toFixed(6)} Å`,
      p.relativeDeltaD.toExponential(1),
    ]),
  ], [0, 1]);
  const frames = report.frames.length;
  const r = report.reconstruction;
  return [
    `pandaas demo: ${frames} frame${frames === 1 ? '' : 's'} of ${report.input.file}, peaks fitted and compared with ${report.calibrant.name} (${report.calibrant.reference})`,
    `report: ${reportPath}`,
    '',
    timing,
    '',
    report.peaks.length === 0 ? 'no peak was found' : peaks,
    '',
    ...(r === undefined
      ? []
      : [
          `tomography: ${r.slices} slices of ${r.size} x ${r.size} of the tooth scan (${r.projections} projections), axis found at ${r.center.toFixed(2)} px (tomopy: ~${r.tomopyCenter} px) in ${formatSeconds(r.seconds)}`,
          '',
        ]),
  ].join('\n');
}
