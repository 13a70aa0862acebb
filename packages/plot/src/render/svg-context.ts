/**
 * A {@link DrawContext} that records SVG elements instead of painting pixels: the SVG target of
 * the single drawing code path. Output is deterministic (fixed number formatting, images as PNG
 * data URIs from the pure-TypeScript encoder, text measured with DejaVu Sans advance widths).
 *
 * @module
 */
import type { DrawContext, TextAlign } from './context.js';
import { base64, encodePng } from './png-encode.js';
import { textWidth } from './text-metrics.js';

/** An affine transform [a, b, c, d, e, f] as in Canvas 2D: x' = a x + c y + e, y' = b x + d y + f. */
type Matrix = [number, number, number, number, number, number];

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: TextAlign;
  dash: number[];
  matrix: Matrix;
  /** Clip groups opened since this state was saved. */
  groups: number;
}

/**
 * A number for SVG output: at most 2 decimals, no trailing zeros, no negative zero.
 *
 * @example
 * ```ts
 * svgNumber(1 / 3); // '0.33'
 * svgNumber(-0.001); // '0'
 * ```
 */
export function svgNumber(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The size in pixels of a CSS font shorthand such as `'11px "DejaVu Sans", sans-serif'`. */
function fontSize(font: string): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font);
  return m === null ? 10 : Number(m[1]);
}

/** The family list of a CSS font shorthand (what follows the size). */
function fontFamily(font: string): string {
  const m = /\d(?:\.\d+)?px\s+(.+)$/.exec(font);
  return m === null ? 'sans-serif' : m[1];
}

const ANCHOR: Record<TextAlign, string> = { left: 'start', center: 'middle', right: 'end' };

/**
 * Records drawing calls as SVG. Call {@link SvgContext.toSvg} at the end.
 *
 * @example
 * ```ts
 * const ctx = new SvgContext(100, 50);
 * ctx.rect(10, 10, 30, 20);
 * ctx.fill();
 * ctx.toSvg(); // '<svg ...><path d="M10 10H40V30H10Z" fill="#000000"/></svg>'
 * ```
 */
export class SvgContext implements DrawContext {
  private state: State = {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left',
    dash: [],
    matrix: [1, 0, 0, 1, 0, 0],
    groups: 0,
  };
  private readonly stack: State[] = [];
  private readonly body: string[] = [];
  private readonly defs: string[] = [];
  private path: string[] = [];
  private clipCount = 0;

  /** @param width - width of the picture in pixels; @param height - its height */
  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  get fillStyle(): string {
    return this.state.fillStyle;
  }
  set fillStyle(v: string) {
    this.state.fillStyle = v;
  }
  get strokeStyle(): string {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: string) {
    this.state.strokeStyle = v;
  }
  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    this.state.lineWidth = v;
  }
  get font(): string {
    return this.state.font;
  }
  set font(v: string) {
    this.state.font = v;
  }
  get textAlign(): TextAlign {
    return this.state.textAlign;
  }
  set textAlign(v: TextAlign) {
    this.state.textAlign = v;
  }

  save(): void {
    this.stack.push(this.state);
    this.state = { ...this.state, dash: [...this.state.dash], matrix: [...this.state.matrix], groups: 0 };
  }

  restore(): void {
    const saved = this.stack.pop();
    if (saved === undefined) return;
    for (let i = 0; i < this.state.groups; i++) this.body.push('</g>');
    this.state = saved;
  }

  translate(x: number, y: number): void {
    const m = this.state.matrix;
    m[4] += m[0] * x + m[2] * y;
    m[5] += m[1] * x + m[3] * y;
  }

  rotate(angle: number): void {
    const [a, b, c, d] = this.state.matrix;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const m = this.state.matrix;
    m[0] = a * cos + c * sin;
    m[1] = b * cos + d * sin;
    m[2] = c * cos - a * sin;
    m[3] = d * cos - b * sin;
  }

  private point(x: number, y: number): string {
    const [a, b, c, d, e, f] = this.state.matrix;
    return `${svgNumber(a * x + c * y + e)} ${svgNumber(b * x + d * y + f)}`;
  }

  beginPath(): void {
    this.path = [];
  }

  moveTo(x: number, y: number): void {
    this.path.push(`M${this.point(x, y)}`);
  }

  lineTo(x: number, y: number): void {
    this.path.push(`L${this.point(x, y)}`);
  }

  closePath(): void {
    this.path.push('Z');
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.path.push(`M${this.point(x, y)}L${this.point(x + w, y)}L${this.point(x + w, y + h)}L${this.point(x, y + h)}Z`);
  }

  arc(x: number, y: number, r: number, start: number, end: number): void {
    // the renderer draws whole circles (markers): two half arcs, as SVG cannot draw one whole
    const at = (t: number) => this.point(x + r * Math.cos(t), y + r * Math.sin(t));
    const rr = svgNumber(r);
    const sweep = end - start;
    if (Math.abs(sweep) >= 2 * Math.PI - 1e-9) {
      this.path.push(`M${at(start)}A${rr} ${rr} 0 1 1 ${at(start + Math.PI)}A${rr} ${rr} 0 1 1 ${at(start)}`);
    } else {
      this.path.push(`${this.path.length === 0 ? 'M' : 'L'}${at(start)}A${rr} ${rr} 0 ${Math.abs(sweep) > Math.PI ? 1 : 0} ${sweep > 0 ? 1 : 0} ${at(end)}`);
    }
  }

  stroke(): void {
    if (this.path.length === 0) return;
    const dash = this.state.dash.length > 0 ? ` stroke-dasharray="${this.state.dash.map(svgNumber).join(' ')}"` : '';
    this.body.push(
      `<path d="${this.path.join('')}" fill="none" stroke="${escapeXml(this.state.strokeStyle)}" stroke-width="${svgNumber(this.state.lineWidth)}"${dash}/>`,
    );
  }

  fill(): void {
    if (this.path.length === 0) return;
    this.body.push(`<path d="${this.path.join('')}" fill="${escapeXml(this.state.fillStyle)}"/>`);
  }

  clip(): void {
    const id = `clip${this.clipCount++}`;
    this.defs.push(`<clipPath id="${id}"><path d="${this.path.join('')}"/></clipPath>`);
    this.body.push(`<g clip-path="url(#${id})">`);
    this.state.groups++;
  }

  setLineDash(segments: number[]): void {
    this.state.dash = [...segments];
  }

  measureText(text: string): { width: number } {
    return { width: textWidth(text, fontSize(this.state.font)) };
  }

  fillText(text: string, x: number, y: number): void {
    const [a, b, c, d, e, f] = this.state.matrix;
    const place =
      a === 1 && b === 0 && c === 0 && d === 1
        ? `x="${svgNumber(x + e)}" y="${svgNumber(y + f)}"`
        : `x="${svgNumber(x)}" y="${svgNumber(y)}" transform="matrix(${[a, b, c, d, e, f].map((v) => svgNumber(Math.abs(v) < 1e-12 ? 0 : v)).join(' ')})"`;
    const anchor = this.state.textAlign === 'left' ? '' : ` text-anchor="${ANCHOR[this.state.textAlign]}"`;
    this.body.push(
      `<text ${place} font-family="${escapeXml(fontFamily(this.state.font))}" font-size="${svgNumber(fontSize(this.state.font))}" fill="${escapeXml(this.state.fillStyle)}"${anchor}>${escapeXml(text)}</text>`,
    );
  }

  putImage(rgba: Uint8ClampedArray, w: number, h: number, dx: number, dy: number, dw: number, dh: number): void {
    // the renderer only draws images without rotation: the translation is applied, nothing else
    const [, , , , e, f] = this.state.matrix;
    const href = `data:image/png;base64,${base64(encodePng(rgba, w, h))}`;
    this.body.push(
      `<image x="${svgNumber(dx + e)}" y="${svgNumber(dy + f)}" width="${svgNumber(dw)}" height="${svgNumber(dh)}" preserveAspectRatio="none" image-rendering="pixelated" style="image-rendering:pixelated" href="${href}"/>`,
    );
  }

  /** The SVG document of everything drawn so far (open clip groups are closed). */
  toSvg(): string {
    let open = this.state.groups;
    for (const s of this.stack) open += s.groups;
    const defs = this.defs.length > 0 ? `<defs>${this.defs.join('')}</defs>\n` : '';
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${svgNumber(this.width)}" height="${svgNumber(this.height)}" viewBox="0 0 ${svgNumber(this.width)} ${svgNumber(this.height)}">\n` +
      defs +
      this.body.join('\n') +
      '</g>'.repeat(open) +
      '\n</svg>\n'
    );
  }
}
