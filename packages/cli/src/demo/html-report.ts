/**
 * The demo's HTML report: one self-contained file (inline CSS, no script) that shows the
 * figures, which lie beside it, with the numbers: the peaks table, each frame's geometry, the
 * settings, the timings, the data's origin and licence, the machine and the versions, and every
 * output file.
 *
 * @module
 */
import type { RenderedFigure } from './figures.js';
import { formatSeconds } from './steps.js';
import type { DemoReport, FrameReport } from './report.js';

const STYLE = `
body { font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 1440px; padding: 1.5em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; } h3 { margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.6em 0; } th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; } code { background: #f3f3f3; padding: 0 0.2em; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; } .row { display: flex; flex-wrap: wrap; gap: 1em; } .row > a { flex: 1 1 40%; max-width: 720px; } .row img { width: 100%; }
.note { color: #555; font-size: 0.92em; } .good { color: #176117; } .bad { color: #a11; }
`;

/** Escapes text for HTML. */
function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[], textColumns: readonly number[] = [0]): string {
  const cell = (tag: 'th' | 'td', value: string | number, i: number) => `<${tag}${textColumns.includes(i) ? ' class="text"' : ''}>${esc(value)}</${tag}>`;
  return `<table><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function image(figure: RenderedFigure): string {
  return `<a href="${esc(figure.name)}"><img src="${esc(figure.name)}" alt="${esc(figure.description)}"></a>`;
}

function frameSection(frame: FrameReport, figures: readonly RenderedFigure[]): string {
  const mine = figures.filter((f) => f.frame === frame.label);
  const g = frame.geometry;
  const deg = (rad: number) => ((rad * 180) / Math.PI).toFixed(5);
  return `<h3>Frame ${esc(frame.label)}: arm at 2θ = ${esc(frame.armTwoTheta)}°</h3>
${mine.filter((f) => f.kind === 'frame').map(image).join('\n')}
<div class="row">${mine.filter((f) => f.kind !== 'frame').map(image).join('\n')}</div>
${table(
  ['dist (m)', 'poni1 (m)', 'poni2 (m)', 'rot1 (°)', 'rot2 (°)', 'rot3 (°)', '2θ span (°)', 'bins', 'negative pixels'],
  [[g.dist.toFixed(6), g.poni1.toFixed(6), g.poni2.toFixed(6), deg(g.rot1), deg(g.rot2), deg(g.rot3), `${frame.span[0].toFixed(3)} – ${frame.span[1].toFixed(3)}`, frame.npt, frame.maskedPixels]],
  [],
)}`;
}

function reconstructionSection(report: DemoReport, figures: readonly RenderedFigure[]): string {
  const r = report.reconstruction;
  if (r === undefined) return '';
  return `<h2>Tomography: a tooth</h2>
<p>A second, smaller example: TomoPy's tooth scan (${r.projections} projections over 180° of ${r.detector[0]} detector rows of ${r.detector[1]} pixels) read as NXtomo, normalised by its flats and darks, −log, the rotation axis found by ${esc(r.centerMethod)}, then every row reconstructed by filtered backprojection (${esc(r.filter)} filter, ${esc(r.backend)}), in ${esc(r.units)}.</p>
${figures.filter((f) => f.kind === 'reconstruction').map(image).join('\n')}
${table(
  ['axis found (px)', 'tomopy (px)', 'slices', 'slice size', 'time'],
  [[r.center.toFixed(2), `~${r.tomopyCenter}`, r.slices, `${r.size} x ${r.size}`, formatSeconds(r.seconds)]],
  [],
)}
<p class="note">Data: ${esc(r.origin.description)}. Source: ${esc(r.origin.source)}. Licence: <a href="${esc(r.origin.licenceUrl)}">${esc(r.origin.licence)}</a>; copyright ${esc(r.origin.copyright)}.</p>
`;
}

/**
 * The report's HTML text: `report.files` are listed and the figures shown by their names,
 * relative to the report.
 *
 * @example
 * ```ts
 * await writeFile(join(folder, 'report.html'), renderHtmlReport(report, figures));
 * ```
 */
export function renderHtmlReport(report: DemoReport, figures: readonly RenderedFigure[]): string {
  const { input, calibrant } = report;
  const lambda = report.wavelength * 1e10;
  const peaks = table(
    ['frame', 'hkl', '2θ expected (°)', '2θ fitted (°)', 'Δ2θ (°)', 'd expected (Å)', 'd fitted (Å)', 'Δd/d', 'FWHM (°)', 'η', 'χ²ᵣ', 'fit'],
    report.peaks.map((p) => [
      p.frame,
      p.hkl,
      p.twoThetaExpected.toFixed(5),
      `${p.twoTheta.toFixed(5)} ± ${p.twoThetaSigma.toFixed(5)}`,
      `${p.deltaTwoTheta >= 0 ? '+' : ''}${p.deltaTwoTheta.toFixed(5)}`,
      p.dExpected.toFixed(6),
      `${p.d.toFixed(6)} ± ${p.dSigma.toFixed(6)}`,
      p.relativeDeltaD.toExponential(2),
      p.fwhm.toFixed(4),
      p.eta.toFixed(3),
      p.reducedChi2.toFixed(1),
      p.status,
    ]),
    [0, 1, 11],
  );
  const origin = input.origin;
  const m = report.machine;
  const title = input.title ?? input.file;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pandaas demo: ${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>pandaas demo: ${esc(calibrant.name)} calibrant scan</h1>
<p class="note">${esc(title)} — run ${esc(report.date)}</p>
<p>The scan is read from <code>${esc(input.file)}</code>; each frame gets its geometry from pyFAI's goniometer model stored in the file, is integrated into a 1D pattern in 2θ (λ = ${lambda.toFixed(6)} Å), its peaks are found and fitted, and the fitted positions are set beside the rings of ${esc(calibrant.name)} (${esc(calibrant.description)}, a = ${calibrant.a} Å, ${esc(calibrant.reference)}).</p>

<h2>Peaks</h2>
${peaks}
<p class="note">Δ2θ = fitted − expected. Uncertainties are one standard deviation of the fit, statistical only (${esc(report.fit.covariance)}); d = λ / (2 sin θ).</p>

<h2>Frames</h2>
<p class="note">In each frame the dashed cyan line is where the frame's geometry puts the ring; the patterns show the fits (red) and the rings' 2θ (green).</p>
${report.frames.map((frame) => frameSection(frame, figures)).join('\n')}

${reconstructionSection(report, figures)}
<h2>How</h2>
${table(
  ['step', 'settings'],
  [
    ['geometry', `goniometer model of ${report.goniometer.detector}: ${Object.entries(report.goniometer.expressions).map(([k, v]) => `${k} = ${v}`).join('; ')}`],
    ['integration', `integrate1d in ${report.integration.unit}, bins of about ${report.integration.binWidth}° over each frame's span, method ${report.integration.method}, error model ${report.integration.errorModel}, solid angle corrected, no polarization correction, masked: ${report.integration.mask}`],
    ['fit', `peak search (sensitivity ${report.fit.sensitivity}), then FitManager: ${report.fit.theory} + ${report.fit.background} background over ±${report.fit.halfWindow}° around each peak, weights ${report.fit.weights}`],
    ['compare', `nearest ${calibrant.name} ring to each fitted 2θ`],
    ...(report.reconstruction === undefined ? [] : [['reconstruct', `flat/dark (means), −log, axis by ${report.reconstruction.centerMethod}, FBP (${report.reconstruction.filter}, zero padding, linear interpolation)`]]),
  ],
  [0, 1],
)}

<h2>Timings</h2>
${table(['step', 'time', 'what'], report.timings.map((t) => [t.step, formatSeconds(t.seconds), t.detail]), [0, 2])}
<p class="note">Writing this page and results.json comes after these figures.</p>

<h2>Data</h2>
${
  origin === undefined
    ? `<p>Input given on the command line: <code>${esc(input.file)}</code>.</p>`
    : `<p>${esc(origin.description)}. Source: ${esc(origin.source)}. Licence: <a href="${esc(origin.licenceUrl)}">${esc(origin.licence)}</a>; copyright ${esc(origin.copyright)}.</p>`
}
${table(['', ''], [['title', input.title ?? '—'], ['sample', input.sample ?? '—'], ['instrument', input.instrument ?? '—']], [0, 1])}

<h2>Machine and versions</h2>
${table(
  ['', ''],
  [
    ['Node.js', m.node],
    ['platform', `${m.platform} ${m.arch}`],
    ['CPU', `${m.cpuModel}, ${m.cpus} cores available, ${m.threads} pandaas worker threads`],
    ['integration backend', m.backend],
    ...Object.entries(report.versions).map(([name, version]) => [name, version]),
  ],
  [0, 1],
)}

<h2>Files</h2>
<ul>
${report.files.map((f) => `<li><a href="${esc(f.name)}"><code>${esc(f.name)}</code></a>: ${esc(f.description)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
}
