import { ArgumentError, array, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { createAxes } from '../scene/axes.js';
import { createFigure } from '../scene/figure.js';
import { lineSeries } from '../scene/line-series.js';
import { renderSvg } from '../render/svg.js';
import { imagePlot } from './image-plot.js';
import { linePlot } from './line-plot.js';
import { plotNxdata } from './nxdata-plot.js';

/** The error `fn` throws (the test fails when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('empty data', () => {
  it('throws for an empty curve, no curve, an empty image and an empty NXdata signal', () => {
    expect(thrown(() => linePlot({ y: [] }))).toSatisfy((e: Error) => e instanceof ArgumentError && /series\.y is empty/.test(e.message));
    expect(thrown(() => linePlot([]))).toSatisfy((e: Error) => e instanceof ArgumentError && /at least one curve/.test(e.message));
    expect(thrown(() => imagePlot({ values: [], width: 0, height: 0 }))).toSatisfy((e: Error) => e instanceof ArgumentError && /width must be a positive integer/.test(e.message));
    const empty = array(new Float64Array(0), { shape: [0, 4] });
    expect(thrown(() => plotNxdata({ signal: { values: empty, name: 'data' } }))).toSatisfy((e: Error) => /signal is empty/.test(e.message));
    expect(thrown(() => createAxes({}))).toSatisfy((e: Error) => /nothing to plot/.test(e.message));
  });
});

describe('all-NaN data', () => {
  it('throws for an all-NaN curve, naming it', () => {
    const e = thrown(() => linePlot([{ y: [1, 2] }, { y: [NaN, NaN, NaN], label: 'dead channel' }]));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/curve 1 \("dead channel"\) has nothing to plot: all its y values are NaN or infinite/);
  });

  it('throws for an all-NaN image unless the colour range is given', () => {
    const values = new Float32Array(12).fill(NaN);
    expect(thrown(() => imagePlot({ values, width: 4, height: 3 }))).toSatisfy(
      (e: Error) => e instanceof ArgumentError && /4 x 3 image has no finite value .*give vmin and vmax/.test(e.message),
    );
    // documented fallback: with vmin and vmax the image is drawn, every pixel in the NaN colour
    const svg = renderSvg(imagePlot({ values, width: 4, height: 3 }, { vmin: 0, vmax: 1 }));
    expect(svg).toContain('<image ');
  });

  it('throws when only masked pixels are finite', () => {
    const values = new Float64Array([NaN, 5, NaN, NaN]);
    expect(thrown(() => imagePlot({ values, width: 2, height: 2 }, { mask: [0, 1, 0, 0] }))).toSatisfy((e: Error) => /outside its mask/.test(e.message));
  });
});

describe('non-positive data on a log scale', () => {
  it('throws when a curve has no positive value on a log y axis', () => {
    const e = thrown(() => linePlot({ y: [0, -1, -5] }, { yAxis: { scale: 'log' } }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/curve 0 has nothing to plot: .*a log axis shows values > 0 only/);
  });

  it('leaves gaps where some values are not positive (documented), drawing the rest', () => {
    const svg = renderSvg(linePlot({ y: [1, 10, 0, 100, 1000, -3, 10], color: '#123456' }, { yAxis: { scale: 'log' } }));
    const curve = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#123456"/g)].map((m) => m[1]);
    expect(curve).toHaveLength(1);
    // three runs: [1, 10], [100, 1000], [10]: a run of one point is a lone move
    expect(curve[0].match(/M/g)).toHaveLength(3);
    expect(curve[0].match(/L/g)).toHaveLength(2);
  });

  it('throws for an image whose values are all <= 0 under the log normalization, and for a non-positive fixed log range', () => {
    expect(thrown(() => imagePlot({ values: [0, -1, -2, 0], width: 2, height: 2 }, { normalization: 'log' }))).toSatisfy(
      (e: Error) => /has no finite value > 0 for its "log" normalization/.test(e.message),
    );
    expect(thrown(() => imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, { normalization: 'log', vmin: 0 }))).toSatisfy((e: Error) => /vmin must be > 0/.test(e.message));
    expect(thrown(() => linePlot({ y: [1, 2] }, { yAxis: { scale: 'log', range: [0, 10] } }))).toSatisfy((e: Error) => /y\.range must be positive on a log axis/.test(e.message));
  });
});

describe('mismatched lengths', () => {
  it('throws a ShapeError for x, y and errors of different lengths', () => {
    expect(thrown(() => linePlot({ x: [1, 2, 3], y: [1, 2] }))).toSatisfy((e: Error) => e instanceof ShapeError && /series\.x has 3 values but series\.y has 2/.test(e.message));
    expect(thrown(() => linePlot([{ y: [1] }, { y: [1, 2], errors: [1] }]))).toSatisfy((e: Error) => e instanceof ShapeError && /series\[1\]\.errors has 1 values/.test(e.message));
  });

  it('throws a ShapeError for image values, mask and coordinates that do not fit', () => {
    expect(thrown(() => imagePlot({ values: [1, 2, 3], width: 2, height: 2 }))).toSatisfy((e: Error) => e instanceof ShapeError && /2 x 2 image needs 4/.test(e.message));
    expect(thrown(() => imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, { mask: [0] }))).toSatisfy((e: Error) => e instanceof ShapeError && /mask has 1 values/.test(e.message));
    expect(thrown(() => imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, { x: [0, 1, 2, 3] }))).toSatisfy((e: Error) => e instanceof ShapeError && /x must have 2 values/.test(e.message));
  });
});

describe('unknown names', () => {
  it('throws for an unknown colormap, listing the known ones', () => {
    const e = thrown(() => imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, { colormap: 'viridiss' }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/viridiss/);
    expect(e.message).toMatch(/viridis/);
    expect(e.message).toMatch(/magma/);
  });

  it('throws for unknown scales, markers, line styles, legend positions and aggregations', () => {
    expect(() => linePlot({ y: [1] }, { xAxis: { scale: 'logarithmic' as never } })).toThrow(/x\.scale must be one of/);
    expect(() => linePlot({ y: [1], marker: 'star' as never })).toThrow(/series\.marker must be one of/);
    expect(() => linePlot({ y: [1], lineStyle: 'wavy' as never })).toThrow(/series\.lineStyle must be one of/);
    expect(() => linePlot({ y: [1], label: 'a' }, { legend: 'center' as never })).toThrow(/legend must be a boolean or one of/);
    expect(() => imagePlot({ values: [1], width: 1, height: 1 }, { aggregation: 'median' as never })).toThrow(/aggregation must be one of/);
  });
});

describe('other misuse', () => {
  it('throws for negative error bars, a curve on a missing y2 axis, an image on a log axis, a figure too small for its labels', () => {
    expect(() => linePlot({ y: [1, 2], errors: [1, -1] })).toThrow(/series\.errors\[1\] must be a finite number >= 0/);
    expect(() => linePlot({ y: [1, 2], yAxis: 'right' })).toThrow(/curve 0 is on the right y axis, but the axes have no y2 axis/);
    expect(() => linePlot({ y: [1, 2] }, { y2Axis: { label: 'unused' } })).toThrow(/y2 axis has no curve on it/);
    expect(() => imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, { xAxis: { scale: 'log' } })).toThrow(/an image needs a linear x axis/);
    const axes = createAxes({ lines: [lineSeries({ y: [1, 2] })], x: { label: 'a very long axis title' }, y: { label: 'another long title' } });
    expect(() => createFigure({ width: 50, height: 480, axes })).toThrow(/width must be a number from 120/);
    expect(() => createFigure({ width: 120, height: 120, title: 'title', axes })).not.toThrow();
    const crowded = { width: 120, height: 120, title: 'title', xAxis: { label: 'x' }, yAxis: { label: 'y' }, colorbar: { label: 'intensity' } };
    expect(() => renderSvg(imagePlot({ values: [1, 2, 3, 4], width: 2, height: 2 }, crowded))).toThrow(/120 x 120 figure leaves a -?\d+ x \d+ plot area after its labels; make it larger/);
  });

  it('refuses to draw a curve without line, marker or error bars', () => {
    expect(() => linePlot({ y: [1, 2], lineStyle: 'none' })).toThrow(/it would draw nothing/);
  });
});
