import { describe, expect, it } from 'vitest';
import { imagePlot } from '../plots/image-plot.js';
import { linePlot } from '../plots/line-plot.js';
import { drawFigure } from '../render/draw-figure.js';
import { SvgContext } from '../render/svg-context.js';
import { textWidth } from '../render/text-metrics.js';
import { FONT_SIZE } from './style.js';

describe('layoutAxes', () => {
  it('keeps x tick labels apart in a narrow figure with long labels', () => {
    const x = [1_000_000.5, 1_000_003.25];
    const fig = linePlot({ x, y: [1, 2] }, { width: 200, height: 200 });
    const layout = drawFigure(fig, new SvgContext(fig.width, fig.height));
    const ticks = layout.x.ticks;
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ticks.length; i++) {
      const room = (textWidth(ticks[i].label, FONT_SIZE.tick) + textWidth(ticks[i - 1].label, FONT_SIZE.tick)) / 2;
      expect(ticks[i].pos - ticks[i - 1].pos).toBeGreaterThanOrEqual(room);
    }
  });

  it('leaves room for the widest y tick label and the y title inside the figure', () => {
    const fig = linePlot({ y: [-123456.789, 0.001] }, { yAxis: { label: 'signal', units: 'a.u.' } });
    const layout = drawFigure(fig, new SvgContext(fig.width, fig.height));
    const widest = Math.max(...layout.y.ticks.map((t) => textWidth(t.label, FONT_SIZE.tick)));
    // tick (5) + gap (3) + labels + gap (6) + title line (12 px font) + border (8)
    expect(layout.plot.x).toBeGreaterThanOrEqual(5 + 3 + widest + 6 + 12 + 8);
    expect(layout.plot.x).toBeLessThan(5 + 3 + widest + 6 + 16 + 8 + 1);
  });

  it("keeps one data unit as long on x as on y with aspect 'equal', and fills the area with 'auto'", () => {
    const image = { values: new Float64Array(300 * 100).fill(1), width: 300, height: 100 };
    const equal = drawFigure(imagePlot(image), new SvgContext(640, 480)).plot;
    expect(equal.w / equal.h).toBeCloseTo(3, 6);
    const auto = drawFigure(imagePlot(image, { aspect: 'auto' }), new SvgContext(640, 480)).plot;
    expect(auto.w / auto.h).toBeLessThan(2);
  });

  it('maps data to pixels and back through the returned scales', () => {
    const fig = linePlot({ x: [0, 10], y: [0, 100] }, { xAxis: { range: [0, 10] }, yAxis: { range: [0, 100] } });
    const { plot, x, y } = drawFigure(fig, new SvgContext(fig.width, fig.height));
    expect(x.scale.map(0)).toBeCloseTo(plot.x, 9);
    expect(x.scale.map(10)).toBeCloseTo(plot.x + plot.w, 9);
    expect(y.scale.map(0)).toBeCloseTo(plot.y + plot.h, 9);
    expect(y.scale.invert(plot.y)).toBeCloseTo(100, 9);
  });
});
