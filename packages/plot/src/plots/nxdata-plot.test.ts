import { array } from '@pandaas/core';
import { findDefaultNxData, openH5, readNxData } from '@pandaas/io-nexus';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render/svg.js';
import { sharedData } from '../testing/data.js';
import { svgImages, svgPaths, svgTexts } from '../testing/svg.js';
import { plotNxdata, readNxdataValues } from './nxdata-plot.js';

describe('plotNxdata on a real file (nexus/chopper.nxs, IPNS LRMECS)', () => {
  it('plots the default NXdata (148 x 750 counts) as an image with the axes, long names and title of the file', async () => {
    await using file = await openH5(sharedData('nexus', 'chopper.nxs'));
    const { nxdata } = await findDefaultNxData(file);
    const values = await readNxdataValues(nxdata!);
    expect(values.signal.values.shape).toEqual([148, 750]);
    const svg = renderSvg(plotNxdata(values));
    const texts = svgTexts(svg);
    const words = texts.map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(['MgB2 PDOS 43.37g 8K 120meV E0@240Hz T0@120Hz', 'Time-of-Flight [microseconds]', 'Polar Angle [degrees]', 'Neutron Counts']));
    // time of flight: bin edges 1900..3400 µs; polar angle: centres from -7.2° to 117.6°
    const x = texts.filter((t) => t.anchor === 'middle').map((t) => Number(t.text)).filter(Number.isFinite);
    expect(x).toEqual(expect.arrayContaining([2000, 3000]));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(1900);
    expect(Math.max(...x)).toBeLessThanOrEqual(3400);
    const y = texts.filter((t) => t.anchor === 'end').map((t) => Number(t.text));
    expect(y).toEqual(expect.arrayContaining([0, 100]));
    expect(Math.min(...y)).toBeGreaterThanOrEqual(-7.2 - 0.6);
    // the polar angles are unevenly spaced: resampled to the screen pixels, not aggregated
    const [img] = svgImages(svg);
    expect(img.png.width).toBe(Math.round(img.w));
    expect(img.png.height).toBe(Math.round(img.h));
  });

  it('plots a monitor spectrum as a curve, x at the centres of its 1001 bin edges', async () => {
    await using file = await openH5(sharedData('nexus', 'chopper.nxs'));
    const monitor = await readNxData(await file.group('/entry/monitor1'));
    const values = await readNxdataValues(monitor);
    const svg = renderSvg(plotNxdata(values, { title: 'monitor 1', width: 1200 }));
    const words = svgTexts(svg).map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(['monitor 1', 'Time-of-Flight [microseconds]', 'Monitor 1 Counts']));
    const curve = svgPaths(svg).find((p) => p.stroke === '#1f77b4')!;
    expect((curve.d.match(/[ML]/g) ?? []).length).toBe(1000);
  });
});

describe('plotNxdata rules', () => {
  const stack = array(
    Array.from({ length: 3 * 4 }, (_, i) => i + 1),
    { shape: [3, 4] },
  );

  it("draws a 2-D 'spectrum' signal's chosen row as a curve, with its errors", () => {
    const errors = array(Array.from({ length: 12 }, () => 0.5), { shape: [3, 4] });
    const svg = renderSvg(
      plotNxdata(
        { signal: { values: stack, name: 'I', units: 'counts' }, errors, interpretation: 'spectrum', axes: [undefined, { values: [10, 20, 30, 40], name: 'q', units: 'nm^-1' }] },
        { frame: [2] },
      ),
    );
    const texts = svgTexts(svg).map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['q (nm^-1)', 'I (counts)']));
    // row 2 holds 9..12: the y ticks span it
    const ys = texts.map(Number).filter((v) => Number.isFinite(v) && v < 10);
    expect(Math.min(...ys)).toBeLessThanOrEqual(9);
    expect(svgPaths(svg).filter((p) => p.stroke === '#1f77b4').length).toBe(2); // curve + error bars
  });

  it('draws rank 2 as an image, and labels axes without coordinates by their dimension', () => {
    const svg = renderSvg(plotNxdata({ signal: { values: stack, name: 'data' } }));
    expect(svgImages(svg)).toHaveLength(2); // the image and its colorbar
    expect(svgTexts(svg).map((t) => t.text)).toEqual(expect.arrayContaining(['index (dim 1)', 'index (dim 0)', 'data']));
  });

  it('refuses scalars, colour images and frames out of range', () => {
    expect(() => plotNxdata({ signal: { values: array(3), name: 's' } })).toThrow(/scalar/);
    expect(() => plotNxdata({ signal: { values: stack, name: 's' }, interpretation: 'rgb-image' })).toThrow(/colour images/);
    expect(() => plotNxdata({ signal: { values: stack, name: 's' }, interpretation: 'spectrum' }, { frame: [3] })).toThrow(/frame\[0\] must be an integer from 0 to 2/);
    expect(() => plotNxdata({ signal: { values: stack, name: 's' }, axes: [undefined, { values: [1, 2], name: 'x' }] })).toThrow(/axis "x" has 2 values; signal dimension 1 has 4/);
  });
});
