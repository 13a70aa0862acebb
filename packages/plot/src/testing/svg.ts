/**
 * Reads back the elements the SVG emitter writes (one element per line, attributes in a fixed
 * order), for structural assertions in tests.
 *
 * @module
 */
import { decodePng } from './golden.js';

/** A `<text>` element: position, anchor, transform and content (entities decoded). */
export interface SvgText {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  transform?: string;
  size: number;
}

/** An `<image>` element: its placement and its decoded PNG pixels. */
export interface SvgImage {
  x: number;
  y: number;
  w: number;
  h: number;
  png: { width: number; height: number; data: Uint8Array };
}

/** A `<path>` element: its data and paint. */
export interface SvgPath {
  d: string;
  fill: string;
  stroke?: string;
  dash?: string;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Every `<text>` of the document, in drawing order. */
export function svgTexts(svg: string): SvgText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(attr(m[1], 'x')),
    y: Number(attr(m[1], 'y')),
    text: decode(m[2]),
    anchor: (attr(m[1], 'text-anchor') ?? 'start') as SvgText['anchor'],
    transform: attr(m[1], 'transform'),
    size: Number(attr(m[1], 'font-size')),
  }));
}

/** Every `<image>` of the document, with its PNG decoded. */
export function svgImages(svg: string): SvgImage[] {
  return [...svg.matchAll(/<image[^>]*\/>/g)].map((m) => {
    const tag = m[0];
    const href = attr(tag, 'href')!;
    return {
      x: Number(attr(tag, 'x')),
      y: Number(attr(tag, 'y')),
      w: Number(attr(tag, 'width')),
      h: Number(attr(tag, 'height')),
      png: decodePng(new Uint8Array(Buffer.from(href.slice(href.indexOf(',') + 1), 'base64'))),
    };
  });
}

/** Every `<path>` of the document (clip paths excluded). */
export function svgPaths(svg: string): SvgPath[] {
  const body = svg.replace(/<defs>.*<\/defs>/s, '');
  return [...body.matchAll(/<path[^>]*\/>/g)].map((m) => ({
    d: attr(m[0], 'd')!,
    fill: attr(m[0], 'fill')!,
    stroke: attr(m[0], 'stroke'),
    dash: attr(m[0], 'stroke-dasharray'),
  }));
}

/** The RGBA of pixel (x, y) of a decoded PNG. */
export function pixel(png: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(i, i + 4));
}
