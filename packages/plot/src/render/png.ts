/**
 * PNG output in Node.js: the figure painted by @napi-rs/canvas (Skia; an optional peer
 * dependency, imported only when a PNG is asked for) with DejaVu Sans registered from the
 * dejavu-fonts-ttf package, so that text looks the same on every machine.
 *
 * @module
 */
import { ArgumentError, BackendError } from '@pandaas/core';
import type * as Napi from '@napi-rs/canvas';
import type { Figure } from '../scene/figure.js';
import { canvasContext } from './canvas-adapter.js';
import { checkPixelRatio, drawFigure } from './draw-figure.js';

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Device pixels per figure pixel (default 1): 2 gives a 2× larger, sharper picture. */
  scale?: number;
}

/** The optional peer that paints PNGs. */
export const CANVAS_PACKAGE = '@napi-rs/canvas';
/** The package whose DejaVu Sans makes text deterministic. */
const FONT_FILE = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf';

let fontsRegistered: Promise<void> | undefined;

/**
 * Imports @napi-rs/canvas (or `specifier`), or throws a BackendError saying how to install it.
 *
 * @example
 * ```ts
 * const { createCanvas } = await importCanvas();
 * ```
 */
export async function importCanvas(specifier = CANVAS_PACKAGE): Promise<typeof Napi> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as typeof Napi;
  } catch (cause) {
    throw new BackendError(
      `renderPng needs the optional peer dependency ${CANVAS_PACKAGE} (install it: npm install ${CANVAS_PACKAGE}@^1.1.1); importing ${JSON.stringify(specifier)} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** Registers DejaVu Sans once; without the dejavu-fonts-ttf package, text falls back to the system's fonts. */
function registerFonts(napi: typeof Napi): Promise<void> {
  fontsRegistered ??= (async () => {
    const { createRequire } = await import('node:module');
    let path: string | undefined;
    try {
      path = createRequire(import.meta.url).resolve(FONT_FILE);
    } catch {
      path = undefined;
    }
    if (path !== undefined && !napi.GlobalFonts.has('DejaVu Sans')) napi.GlobalFonts.registerFromPath(path, 'DejaVu Sans');
  })();
  return fontsRegistered;
}

/**
 * The figure as PNG bytes, in Node.js. Needs @napi-rs/canvas (a BackendError says so when it is
 * missing); text is drawn in DejaVu Sans when dejavu-fonts-ttf is installed (both are optional
 * peer dependencies of @pandaas/plot).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { imagePlot, renderPng } from '@pandaas/plot';
 * await writeFile('frame.png', await renderPng(imagePlot(frame), { scale: 2 }));
 * ```
 */
export async function renderPng(fig: Figure, options: PngOptions = {}): Promise<Uint8Array> {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`options must be an object, got ${String(options)}`);
  const scale = checkPixelRatio(options.scale, 'scale');
  const napi = await importCanvas();
  await registerFonts(napi);
  const canvas = napi.createCanvas(Math.round(fig.width * scale), Math.round(fig.height * scale));
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  const draw = canvasContext<Napi.Canvas>(ctx, (rgba, w, h) => {
    const bitmap = napi.createCanvas(w, h);
    bitmap.getContext('2d').putImageData(new napi.ImageData(rgba, w, h), 0, 0);
    return bitmap;
  });
  drawFigure(fig, draw, { pixelRatio: scale });
  return new Uint8Array(await canvas.encode('png'));
}
