/**
 * The plot of the selected NXdata group, dataset or image: a heatmap with colormap, scale and
 * aspect controls, or curves with log-axis toggles; one slider per leading dimension of a stack.
 *
 * @module
 */
import { COLORMAP_NAMES, NORMALIZATIONS, plotNxdata, type AxesLayout, type ColormapName, type Normalization, type NxDataValues, type NxdataPlotOptions } from '@pandaas/plot';
import type { Plottable } from '../data/plottable.js';
import type { Activity } from './activity.js';
import { byId, el, fillSelect, formatShape } from './dom.js';
import { clearCanvas, figureSize, paintFigure } from './figure-canvas.js';

/** The frame on show: what it belongs to, its indices and values, and how it is titled. */
export interface ShownFrame {
  readonly target: Plottable;
  /** One index per leading dimension. */
  readonly lead: readonly number[];
  /** The values read (the signal keeps its rank). */
  readonly values: NxDataValues;
  /** The plot's title. */
  readonly title: string;
}

/**
 * The plot area of the page (`#plot-canvas` and its controls).
 *
 * @example
 * ```ts
 * const panel = new PlotPanel(activity, (frame) => console.log(frame?.lead));
 * await panel.show(nxdataPlottable(nxdata));
 * ```
 */
export class PlotPanel {
  readonly #activity: Activity;
  readonly #onFrame: (frame: ShownFrame | undefined) => void;
  readonly #canvas = byId('plot-canvas', HTMLCanvasElement);
  readonly #info = byId('plot-info', HTMLElement);
  readonly #frames = byId('frames', HTMLElement);
  readonly #imageControls = byId('image-controls', HTMLElement);
  readonly #lineControls = byId('line-controls', HTMLElement);
  readonly #colormap = byId('colormap', HTMLSelectElement);
  readonly #normalization = byId('normalization', HTMLSelectElement);
  readonly #equalAspect = byId('equal-aspect', HTMLInputElement);
  readonly #xLog = byId('x-log', HTMLInputElement);
  readonly #yLog = byId('y-log', HTMLInputElement);
  #target: Plottable | undefined;
  #frame: ShownFrame | undefined;
  #layout: AxesLayout | undefined;
  /** Increases with every frame asked for: a slower, older read is not drawn over a newer one. */
  #reads = 0;
  /** The frame the sliders ask for while another is being read (only the latest is read next). */
  #wanted: number[] | undefined;
  #following = false;

  /** Wires the controls; `onFrame` hears of every frame shown (undefined when cleared). */
  constructor(activity: Activity, onFrame: (frame: ShownFrame | undefined) => void) {
    this.#activity = activity;
    this.#onFrame = onFrame;
    fillSelect(this.#colormap, COLORMAP_NAMES, 'viridis');
    fillSelect(this.#normalization, NORMALIZATIONS, 'linear');
    for (const control of [this.#colormap, this.#normalization, this.#equalAspect, this.#xLog, this.#yLog]) {
      control.addEventListener('change', () => this.#redrawAction());
    }
  }

  /** The frame on show. */
  get frame(): ShownFrame | undefined {
    return this.#frame;
  }

  /** The layout of the last plot drawn (plot area and scales, CSS pixels). */
  get layout(): AxesLayout | undefined {
    return this.#layout;
  }

  /** Shows `target` from its first frame, with one slider per leading dimension longer than 1. */
  async show(target: Plottable): Promise<void> {
    this.clear();
    this.#target = target;
    this.#info.textContent = `${target.name}: ${target.dtype} ${formatShape(target.shape)}`;
    this.#imageControls.hidden = target.spectrum;
    this.#lineControls.hidden = !target.spectrum;
    this.#frames.replaceChildren(...target.leading.map((length, dim) => this.#slider(dim, length)));
    await this.#read(target.leading.map(() => 0));
  }

  /** Draws the frame on show again (after a control or the window size changed). */
  redraw(): void {
    const frame = this.#frame;
    if (frame === undefined) return;
    this.#layout = undefined;
    this.#layout = paintFigure(this.#canvas, plotNxdata(frame.values, { ...this.#options(frame.target), title: frame.title }));
  }

  /** Removes the plot and its controls. */
  clear(): void {
    this.#reads++;
    this.#wanted = undefined;
    this.#target = undefined;
    this.#frame = undefined;
    this.#layout = undefined;
    this.#info.textContent = '';
    this.#frames.replaceChildren();
    clearCanvas(this.#canvas);
    this.#onFrame(undefined);
  }

  #options(target: Plottable): NxdataPlotOptions {
    const size = figureSize(this.#canvas);
    if (target.spectrum) {
      return { ...size, xAxis: { scale: this.#xLog.checked ? 'log' : 'linear' }, yAxis: { scale: this.#yLog.checked ? 'log' : 'linear' } };
    }
    return {
      ...size,
      colormap: this.#colormap.value as ColormapName,
      normalization: this.#normalization.value as Normalization,
      aspect: this.#equalAspect.checked ? 'equal' : 'auto',
    };
  }

  #redrawAction(): void {
    const name = this.#frame?.target.name ?? 'the data';
    void this.#activity.run('Drawing', `Could not plot ${name}`, async () => this.redraw());
  }

  /** A slider for leading dimension `dim` (hidden when the dimension has length 1). */
  #slider(dim: number, length: number): HTMLElement {
    const input = el('input', { attrs: { type: 'range', id: `frame-${dim}`, min: '0', max: String(length - 1), value: '0', step: '1', 'aria-label': `index along dimension ${dim}` } });
    const output = el('output', { attrs: { id: `frame-${dim}-label`, for: input.id } });
    input.addEventListener('input', () => {
      this.#wanted = [...this.#frames.querySelectorAll<HTMLInputElement>('input[type=range]')].map((i) => Number(i.value));
      if (!this.#following) void this.#activity.run('Reading the frame', `Could not read a frame of ${this.#target?.name}`, () => this.#follow());
    });
    const row = el('label', { className: 'frame' }, `dim ${dim} `, input, ' ', output);
    row.hidden = length < 2;
    return row;
  }

  /** Reads the frames the sliders ask for, one at a time, skipping those passed meanwhile. */
  async #follow(): Promise<void> {
    this.#following = true;
    try {
      for (let lead = this.#wanted; lead !== undefined; lead = this.#wanted) {
        this.#wanted = undefined;
        await this.#read(lead);
      }
    } finally {
      this.#following = false;
      this.#wanted = undefined;
    }
  }

  /** Reads the frame at `lead`, then draws it unless another frame was asked for meanwhile. */
  async #read(lead: readonly number[]): Promise<void> {
    const target = this.#target;
    if (target === undefined) return;
    const ticket = ++this.#reads;
    const values = await target.read(lead);
    const labels = await Promise.all(lead.map((index, dim) => target.label(dim, index)));
    if (ticket !== this.#reads) return;
    lead.forEach((index, dim) => {
      const output = this.#frames.querySelector(`#frame-${dim}-label`);
      if (output !== null) output.textContent = `${labels[dim]} (${index} of 0–${target.leading[dim] - 1})`;
    });
    const shown = labels.filter((_, dim) => target.leading[dim] > 1);
    const title = `${values.title ?? target.name}${shown.length > 0 ? ` — ${shown.join(', ')}` : ''}`;
    this.#frame = { target, lead, values, title };
    this.#onFrame(this.#frame);
    this.redraw();
  }
}
