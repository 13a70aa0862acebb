/**
 * The layout step: measures tick labels and titles through the drawing context and places the
 * plot area, the axes' ticks and titles, the colorbar and the legend in the figure.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import type { DrawContext } from '../render/context.js';
import { createScale, type Scale, type ScaleType } from '../scales/scale.js';
import type { Axes, LegendPosition } from './axes.js';
import { axisTitle, type AxisModel } from './axis.js';
import type { Domains } from './domains.js';
import type { Figure } from './figure.js';
import { font, FONT_SIZE, SPACING, textBox } from './style.js';

/** A rectangle in CSS pixels (y down). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A major tick: its value, its position along the axis in pixels, and its label. */
export interface Tick {
  readonly value: number;
  readonly pos: number;
  readonly label: string;
}

/** A placed axis: its scale (data to pixels), major and minor ticks, and its title. */
export interface AxisLayout {
  readonly scale: Scale;
  readonly ticks: readonly Tick[];
  /** Pixel positions of the minor ticks. */
  readonly minor: readonly number[];
  readonly title?: string;
}

/** The placed colorbar: its bar, its scale (values to pixels along the bar) and ticks. */
export interface ColorbarLayout extends AxisLayout {
  readonly bar: Rect;
  readonly vmin: number;
  readonly vmax: number;
}

/** The placed legend: its box and, per entry, the curve index, the text and the row's middle y. */
export interface LegendLayout {
  readonly box: Rect;
  readonly entries: readonly { readonly index: number; readonly label: string; readonly y: number }[];
}

/** Everything placed: the result of {@link layoutAxes}. */
export interface AxesLayout {
  readonly plot: Rect;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  readonly y2?: AxisLayout;
  readonly colorbar?: ColorbarLayout;
  readonly legend?: LegendLayout;
}

/** The colour range of the image, and the scale its colorbar uses. */
export interface ColorScale {
  readonly vmin: number;
  readonly vmax: number;
  readonly type: ScaleType;
  readonly gamma?: number;
}

interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function measure(ctx: DrawContext, size: number, texts: readonly string[]): number {
  ctx.font = font(size);
  let w = 0;
  for (const t of texts) w = Math.max(w, ctx.measureText(t).width);
  return w;
}

/** A scale from `axis` over `domain` onto pixels [from, to] (swapped when the axis is inverted). */
function axisScale(axis: Pick<AxisModel, 'scale' | 'gamma' | 'linthresh' | 'inverted'>, domain: readonly [number, number], from: number, to: number): Scale {
  const range: [number, number] = axis.inverted ? [to, from] : [from, to];
  return createScale({ type: axis.scale, domain: [domain[0], domain[1]], range, gamma: axis.gamma, linthresh: axis.linthresh });
}

/** Whether consecutive ticks are at least `need` pixels apart. */
function apart(ticks: readonly Tick[], need: number): boolean {
  for (let i = 1; i < ticks.length; i++) if (Math.abs(ticks[i].pos - ticks[i - 1].pos) < need) return false;
  return true;
}

/**
 * Ticks of a scale, `count` wanted; fewer when neighbouring labels would touch (`room` says how
 * much each needs): fewer asked of the scale, then every second, third... one kept.
 */
function placeTicks(scale: Scale, count: number, room: (labels: readonly string[]) => number): { ticks: Tick[]; minor: number[] } {
  const [lo, hi] = scale.range[0] < scale.range[1] ? scale.range : [scale.range[1], scale.range[0]];
  const inside = (p: number) => p >= lo - 0.5 && p <= hi + 0.5;
  const fits = (ticks: readonly Tick[]) => apart(ticks, room(ticks.map((t) => t.label)));
  let ticks: Tick[] = [];
  for (let want = Math.max(2, Math.round(count)); want >= 2; want = Math.min(want - 1, Math.floor(want * 0.7))) {
    ticks = scale
      .ticks(want)
      .map((value) => ({ value, pos: scale.map(value), label: scale.format(value) }))
      .filter((t) => inside(t.pos));
    if (fits(ticks)) break;
  }
  if (!fits(ticks)) {
    const all = ticks;
    for (let k = 2; k <= all.length; k++) {
      ticks = all.filter((_, i) => i % k === 0);
      if (fits(ticks)) break;
    }
  }
  const minor = (scale.minorTicks?.() ?? []).map((v) => scale.map(v)).filter(inside);
  return { ticks, minor };
}

function verticalTicks(scale: Scale, length: number): { ticks: Tick[]; minor: number[] } {
  const h = textBox(FONT_SIZE.tick).cap;
  return placeTicks(scale, length / SPACING.yTickSpacing, () => h * 1.8);
}

function horizontalTicks(ctx: DrawContext, scale: Scale, length: number): { ticks: Tick[]; minor: number[] } {
  return placeTicks(scale, length / SPACING.xTickSpacing, (labels) => measure(ctx, FONT_SIZE.tick, labels) + 10);
}

/** The colorbar's scale type for an image normalization (same mapping of values to colours). */
function colorbarAxis(c: ColorScale): Pick<AxisModel, 'scale' | 'gamma' | 'linthresh' | 'inverted'> {
  return { scale: c.type, gamma: c.gamma, inverted: false };
}

/** The colorbar's domain: the colour range, widened around a constant image so that it has a length. */
function colorbarDomain(c: ColorScale): [number, number] {
  if (c.vmax > c.vmin) return [c.vmin, c.vmax];
  if (c.type === 'log') return [c.vmin / 2, c.vmin * 2];
  const half = c.vmin === 0 ? 0.5 : Math.abs(c.vmin) * 0.05;
  return c.type === 'sqrt' ? [Math.max(0, c.vmin - half), c.vmin + half] : [c.vmin - half, c.vmin + half];
}


/** The plot rectangle inside the margins, shrunk and centred to keep one data unit square when `equal`. */
function plotRect(fig: Figure, m: Margins, domains: Domains, equal: boolean): Rect {
  const w = fig.width - m.left - m.right;
  const h = fig.height - m.top - m.bottom;
  if (w < 40 || h < 40) {
    throw new ArgumentError(`a ${fig.width} x ${fig.height} figure leaves a ${Math.round(w)} x ${Math.round(h)} plot area after its labels; make it larger`);
  }
  if (!equal) return { x: m.left, y: m.top, w, h };
  const unitsX = domains.x[1] - domains.x[0];
  const unitsY = domains.y[1] - domains.y[0];
  const k = Math.min(w / unitsX, h / unitsY);
  const pw = Math.max(1, unitsX * k);
  const ph = Math.max(1, unitsY * k);
  return { x: m.left + (w - pw) / 2, y: m.top + (h - ph) / 2, w: pw, h: ph };
}

function legendLayout(ctx: DrawContext, axes: Axes, plot: Rect, position: LegendPosition): LegendLayout | undefined {
  const labelled = axes.lines.map((s, index) => ({ index, label: s.label ?? '' })).filter((e) => e.label !== '');
  if (labelled.length === 0) return undefined;
  const s = SPACING;
  const w = s.legendPad * 2 + s.legendSample + 6 + measure(ctx, FONT_SIZE.legend, labelled.map((e) => e.label));
  const h = s.legendPad * 2 + labelled.length * s.legendRow;
  const x = position.endsWith('right') ? plot.x + plot.w - s.legendMargin - w : plot.x + s.legendMargin;
  const y = position.startsWith('upper') ? plot.y + s.legendMargin : plot.y + plot.h - s.legendMargin - h;
  return {
    box: { x, y, w, h },
    entries: labelled.map((e, k) => ({ ...e, y: y + s.legendPad + (k + 0.5) * s.legendRow })),
  };
}

/** The y axes and the colorbar of a plot rectangle (the bar is placed later). */
function verticalAxes(ctx: DrawContext, axes: Axes, domains: Domains, plot: Rect, colors: ColorScale | undefined) {
  const bottom = plot.y + plot.h;
  const yScale = axisScale(axes.y, domains.y, bottom, plot.y);
  const y: AxisLayout = { ...verticalTicks(yScale, plot.h), scale: yScale, title: axisTitle(axes.y) };
  let y2: AxisLayout | undefined;
  if (axes.y2 !== undefined && domains.y2 !== undefined) {
    const scale = axisScale(axes.y2, domains.y2, bottom, plot.y);
    y2 = { ...verticalTicks(scale, plot.h), scale, title: axisTitle(axes.y2) };
  }
  let colorbar: AxisLayout | undefined;
  if (axes.colorbar !== undefined && colors !== undefined) {
    const scale = axisScale(colorbarAxis(colors), colorbarDomain(colors), bottom, plot.y);
    colorbar = { ...verticalTicks(scale, plot.h), scale, title: axisTitle(axes.colorbar) };
  }
  return { y, y2, colorbar };
}

/** Width of a vertical axis's tick marks, labels and title beside the plot area. */
function sideWidth(ctx: DrawContext, axis: AxisLayout | undefined): number {
  if (axis === undefined) return 0;
  const title = axis.title ? textBox(FONT_SIZE.label).line + SPACING.labelGap : 0;
  return SPACING.tick + SPACING.tickGap + measure(ctx, FONT_SIZE.tick, axis.ticks.map((t) => t.label)) + title;
}

/**
 * Places the axes of `fig` (the first and only axes for now): margins from measured tick labels
 * and titles, the plot area (kept to equal data units for an image with `aspect: 'equal'`), the
 * ticks (fewer when their labels would overlap), the colorbar and the legend.
 *
 * @param colors - the image's colour range and colorbar scale, when it has a colorbar
 * @example
 * ```ts
 * const layout = layoutAxes(fig, resolveDomains(fig.axes[0]), ctx);
 * layout.x.ticks.map((t) => t.label); // ['0', '20', '40', ...]
 * ```
 */
export function layoutAxes(fig: Figure, domains: Domains, ctx: DrawContext, colors?: ColorScale): AxesLayout {
  const axes = fig.axes[0];
  const s = SPACING;
  const tickCap = textBox(FONT_SIZE.tick).cap;
  const xTitle = axisTitle(axes.x);
  const equal = axes.image?.aspect === 'equal';
  const cbExtra = s.colorbarGap + s.colorbarWidth;
  const m: Margins = {
    top: s.pad + (fig.title ? textBox(FONT_SIZE.title).line + 6 : tickCap),
    bottom: s.pad + s.tick + s.tickGap + tickCap + (xTitle ? s.labelGap + textBox(FONT_SIZE.label).line : 0),
    left: 0,
    right: 0,
  };
  // tick labels set the margins, the margins set the plot size, which sets the ticks: twice
  let plot: Rect = { x: 0, y: m.top, w: fig.width, h: fig.height - m.top - m.bottom };
  for (let pass = 0; pass < 2; pass++) {
    const v = verticalAxes(ctx, axes, domains, plot, colors);
    m.left = Math.max(m.left, s.pad + sideWidth(ctx, v.y));
    m.right = Math.max(m.right, s.pad + sideWidth(ctx, v.y2) + (v.colorbar ? cbExtra + sideWidth(ctx, v.colorbar) : 0));
    // room for half of the last x tick label beyond the frame
    const probe = horizontalTicks(ctx, axisScale(axes.x, domains.x, m.left, fig.width - m.right), fig.width - m.left - m.right).ticks;
    const last = probe.length > 0 ? measure(ctx, FONT_SIZE.tick, [probe[probe.length - 1].label]) / 2 : 0;
    m.right = Math.max(m.right, s.pad + last);
    plot = plotRect(fig, m, domains, equal);
  }
  const { y, y2, colorbar } = verticalAxes(ctx, axes, domains, plot, colors);
  const xScale = axisScale(axes.x, domains.x, plot.x, plot.x + plot.w);
  const x: AxisLayout = { ...horizontalTicks(ctx, xScale, plot.w), scale: xScale, title: xTitle };
  const bar = { x: plot.x + plot.w + sideWidth(ctx, y2) + s.colorbarGap, y: plot.y, w: s.colorbarWidth, h: plot.h };
  return {
    plot,
    x,
    y,
    y2,
    colorbar: colorbar && colors ? { ...colorbar, bar, vmin: colors.vmin, vmax: colors.vmax } : undefined,
    legend: axes.legend ? legendLayout(ctx, axes, plot, axes.legend) : undefined,
  };
}
