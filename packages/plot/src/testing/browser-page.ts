/**
 * The page of the plot package's browser test (tests only; bundled with esbuild by
 * canvas.browser.test.ts): loads DejaVu Sans as a web font, paints the golden figures with
 * renderCanvas on a DOM canvas, rasterises SVG documents through an `<img>`, and answers the
 * pixels (getImageData) as base64 RGBA.
 *
 * @module
 */
import { renderCanvas } from '../render/canvas.js';
import type { Rect } from '../scene/layout.js';
import { errorBarsFigure, logImageFigure } from './figures.js';

/** The figures the test can ask for, by name. */
const FIGURES = { 'log-image': logImageFigure, 'error-bars': errorBarsFigure };

/** A figure's name in {@link FIGURES}. */
export type BrowserFigureName = keyof typeof FIGURES;

/** RGBA pixels read back from a canvas, base64-encoded for the trip to Node. */
export interface BrowserPixels {
  readonly width: number;
  readonly height: number;
  readonly rgbaBase64: string;
}

/** A figure painted by renderCanvas: its pixels and where the layout put the plot, colorbar and legend. */
export interface BrowserPainting extends BrowserPixels {
  readonly plot: Rect;
  readonly colorbar?: Rect;
  readonly legend?: Rect;
}

/** What the page offers the test, as `globalThis.pandaasPlot`. */
export interface BrowserPlotApi {
  /** Loads the font at `url` as "DejaVu Sans"; answers whether the document then has it. */
  loadFont(url: string): Promise<boolean>;
  /** Text widths at `font`, as the canvas measures them. */
  measure(font: string, texts: readonly string[]): number[];
  /** Paints a figure on a new canvas of its size with renderCanvas. */
  paint(name: BrowserFigureName): BrowserPainting;
  /** Draws an SVG document, loaded as an `<img>`, on a new `width` × `height` canvas. */
  rasteriseSvg(svg: string, width: number, height: number): Promise<BrowserPixels>;
}

function canvas2d(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d context');
  return ctx;
}

function pixels(ctx: CanvasRenderingContext2D): BrowserPixels {
  const { width, height } = ctx.canvas;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < rgba.length; i += chunk) binary += String.fromCharCode(...rgba.subarray(i, i + chunk));
  return { width, height, rgbaBase64: btoa(binary) };
}

const api: BrowserPlotApi = {
  async loadFont(url) {
    const face = new FontFace('DejaVu Sans', `url(${url})`);
    await face.load();
    document.fonts.add(face);
    await document.fonts.load('12px "DejaVu Sans"');
    return face.status === 'loaded' && document.fonts.check('12px "DejaVu Sans"');
  },
  measure(font, texts) {
    const ctx = canvas2d(1, 1);
    ctx.font = font;
    return texts.map((t) => ctx.measureText(t).width);
  },
  paint(name) {
    const fig = FIGURES[name]();
    const ctx = canvas2d(fig.width, fig.height);
    const layout = renderCanvas(fig, ctx);
    return { ...pixels(ctx), plot: layout.plot, colorbar: layout.colorbar?.bar, legend: layout.legend?.box };
  },
  async rasteriseSvg(svg, width, height) {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      const ctx = canvas2d(width, height);
      ctx.drawImage(img, 0, 0, width, height);
      return pixels(ctx);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
};

(globalThis as unknown as { pandaasPlot: BrowserPlotApi }).pandaasPlot = api;
