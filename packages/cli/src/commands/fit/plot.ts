import { linePlot, renderPng, type LineInput } from '@pandaas/plot';
import { backgroundValues, fittedCurve, type CurveFit } from './fit-curve.js';
import type { FitRequest } from './request.js';

/**
 * A PNG of one curve's fit over the points fitted: the data as markers, the fitted curve, and
 * the background (dashed) when there is one, drawn by @pandaas/plot.
 *
 * @example
 * ```ts
 * await writeFile('fit.png', await fitPng(fit, request));
 * ```
 */
export async function fitPng(fit: CurveFit, request: FitRequest): Promise<Uint8Array> {
  const background = backgroundValues(fit, request.spec);
  const curves: LineInput[] = [
    { x: fit.x, y: fit.y, label: 'data', lineStyle: 'none', marker: 'circle', markerSize: 4 },
    { x: fit.x, y: fittedCurve(fit), label: `fit (${request.spec.text})`, lineWidth: 2 },
  ];
  if (background !== null) curves.push({ x: fit.x, y: background, label: 'background', lineStyle: 'dashed' });
  const figure = linePlot(curves, {
    title: `${request.input}: ${fit.result.status}, reduced χ² ${fit.result.reducedChi2.toPrecision(4)}`,
    xAxis: { label: request.abscissa.name, ...(request.abscissa.units === undefined ? {} : { units: request.abscissa.units }) },
    yAxis: { label: 'signal' },
  });
  return renderPng(figure);
}
