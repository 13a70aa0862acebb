import { array } from '@pandaas/core';
import { FIT_STATUS_CODES } from '@pandaas/fit';
import { writeH5, writeNxData, writeNxProcess, type H5Writer, type NxAxis, type NxParameters } from '@pandaas/io-nexus';
import { VERSION } from '../../version.js';
import { backgroundValues, fittedCurve, type CurveFit } from './fit-curve.js';
import type { MapFit } from './fit-map.js';
import { peaksValue, type FitRequest } from './request.js';

/** The settings as NXprocess parameters (text and numbers; nothing absent). */
function processParameters(request: FitRequest, start: Readonly<Record<string, number>>): NxParameters {
  const peaks = peaksValue(request.peaks);
  return {
    input: request.input,
    model: request.spec.text,
    peaks: Array.isArray(peaks) ? peaks.join(',') : String(peaks),
    weights: request.weights,
    uncertainties: request.scaleCovar ? 'scaled by the reduced chi2' : 'absolute',
    backend: request.backend,
    x_axis: request.abscissa.name,
    x_source: request.abscissa.source,
    ...(request.xRange === undefined ? {} : { x_range: [...request.xRange] }),
    ...(request.maxIter === undefined ? {} : { max_iterations: request.maxIter }),
    ...(request.deltaChi === undefined ? {} : { delta_chi_percent: request.deltaChi }),
    start,
  };
}

function entry(writer: H5Writer): void {
  writer.group('/entry', { NX_class: 'NXentry' });
}

/**
 * Writes one curve's fit as NeXus: `/entry/fit` (NXdata, the default plot) with the data fitted,
 * their σ when weighted, the fitted curve and the background as auxiliary signals along x;
 * `/entry/results` with each parameter and its `_errors`, χ², reduced χ², degrees of freedom,
 * status, message and iterations; `/entry/process` (NXprocess) with the settings and start values.
 *
 * @example
 * ```ts
 * await writeCurveNexus('/tmp/fit.nxs', fit, request);
 * ```
 */
export async function writeCurveNexus(path: string, fit: CurveFit, request: FitRequest): Promise<void> {
  const background = backgroundValues(fit, request.spec);
  const name = ['data', 'data_errors', 'fit', 'background', 'title'].includes(request.abscissa.name) ? 'x' : request.abscissa.name;
  const r = fit.result;
  await writeH5(path, async (w) => {
    entry(w);
    await writeNxData(w, '/entry/fit', {
      signal: { name: 'data', data: array(fit.y), longName: request.input },
      ...(fit.sigma === null ? {} : { errors: array(fit.sigma) }),
      axes: [{ name, data: fit.x, ...(request.abscissa.units === undefined ? {} : { units: request.abscissa.units }) }],
      auxiliarySignals: [{ name: 'fit', data: array(fittedCurve(fit)) }, ...(background === null ? [] : [{ name: 'background', data: array(background) }])],
      title: `${request.spec.text} fit of ${request.input}`,
    }, { setDefault: true });
    w.group('/entry/results', { NX_class: 'NXcollection' });
    for (const [j, parameter] of fit.names.entries()) {
      await w.dataset(`/entry/results/${parameter}`, r.params[j]!, { dtype: 'float64' });
      await w.dataset(`/entry/results/${parameter}_errors`, r.sigmas[j]!, { dtype: 'float64' });
    }
    await w.dataset('/entry/results/chi2', r.chi2, { dtype: 'float64' });
    await w.dataset('/entry/results/reduced_chi2', r.reducedChi2, { dtype: 'float64' });
    await w.dataset('/entry/results/degrees_of_freedom', fit.degreesOfFreedom, { dtype: 'int32' });
    await w.dataset('/entry/results/status', r.status);
    await w.dataset('/entry/results/message', r.message);
    await w.dataset('/entry/results/iterations', r.niter, { dtype: 'int32' });
    const start = Object.fromEntries(fit.names.map((parameter, j) => [parameter, fit.start[j]!]));
    await writeNxProcess(w, '/entry/process', { program: 'pandaas fit', version: VERSION, parameters: processParameters(request, start) });
  });
}

/**
 * Writes a map's fit as NeXus: one NXdata group per parameter under `/entry` (its map over the
 * leading shape, `_errors` the uncertainties, the input's leading axes where it has them), and
 * `chi2`, `reduced_chi2`, `status` (uint8 codes, listed in its `@codes`) and `iterations` the
 * same way; the default plot is the first peak's position (else the first parameter);
 * `/entry/process` holds the settings and the start shared by every curve.
 *
 * @example
 * ```ts
 * await writeMapNexus('/tmp/maps.nxs', map, request, [36], [null]);
 * ```
 */
export async function writeMapNexus(path: string, map: MapFit, request: FitRequest, shape: readonly number[], axes: readonly (NxAxis | null)[]): Promise<void> {
  const names = map.mean.names;
  const p = names.length;
  const column = (values: Float64Array, j: number) => array(Float64Array.from({ length: map.curves }, (_, i) => values[i * p + j]!), { shape: [...shape] });
  const axesOf = (signal: string) => {
    const own = axes.map((axis) => (axis === null || axis.name === signal || axis.name === `${signal}_errors` || axis.name === 'title' ? null : axis));
    return own.every((axis) => axis === null) ? {} : { axes: own };
  };
  const shown = names.includes('Position1') ? 'Position1' : names[0]!;
  await writeH5(path, async (w) => {
    entry(w);
    for (const [j, name] of names.entries()) {
      await writeNxData(w, `/entry/${name}`, {
        signal: { name, data: column(map.params, j), longName: `${name} (${request.spec.text})` },
        errors: column(map.sigmas, j),
        ...axesOf(name),
        title: `${name} of ${request.spec.text} fits of ${request.input}`,
      }, { setDefault: name === shown });
    }
    const extras: [string, Float64Array | Uint8Array | Int32Array, Record<string, string | readonly string[]>][] = [
      ['chi2', map.chi2, {}],
      ['reduced_chi2', map.reducedChi2, {}],
      ['status', map.status, { codes: FIT_STATUS_CODES }],
      ['iterations', map.niter, {}],
    ];
    for (const [name, values, attributes] of extras) {
      await writeNxData(w, `/entry/${name}`, { signal: { name, data: array(values, { shape: [...shape] }), attributes }, ...axesOf(name), title: `${name} of ${request.spec.text} fits of ${request.input}` });
    }
    const start = Object.fromEntries(names.map((name, j) => [name, map.start[j]!]));
    await writeNxProcess(w, '/entry/process', { program: 'pandaas fit', version: VERSION, parameters: processParameters(request, start) });
  });
}
