import { describe, expect, it } from 'vitest';
import { decodePng } from '../testing/golden.js';
import { SvgContext, svgNumber } from './svg-context.js';

describe('svgNumber', () => {
  it('writes at most two decimals, no trailing zeros, no negative zero', () => {
    expect(svgNumber(1 / 3)).toBe('0.33');
    expect(svgNumber(2.5)).toBe('2.5');
    expect(svgNumber(10)).toBe('10');
    expect(svgNumber(-0.001)).toBe('0');
    expect(svgNumber(-12.346)).toBe('-12.35');
  });
});

describe('SvgContext', () => {
  it('records paths with the stroke state of the moment', () => {
    const ctx = new SvgContext(100, 50);
    ctx.strokeStyle = '#ff0000';
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 2]);
    ctx.beginPath();
    ctx.moveTo(1, 2);
    ctx.lineTo(30.125, 40);
    ctx.stroke();
    const svg = ctx.toSvg();
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">');
    expect(svg).toContain('<path d="M1 2L30.13 40" fill="none" stroke="#ff0000" stroke-width="2" stroke-dasharray="4 2"/>');
  });

  it('restores styles and closes clip groups with restore()', () => {
    const ctx = new SvgContext(10, 10);
    ctx.fillStyle = '#00ff00';
    ctx.save();
    ctx.fillStyle = '#0000ff';
    ctx.beginPath();
    ctx.rect(0, 0, 5, 5);
    ctx.clip();
    ctx.fill();
    ctx.restore();
    ctx.beginPath();
    ctx.rect(1, 1, 2, 2);
    ctx.fill();
    const svg = ctx.toSvg();
    expect(svg).toContain('<clipPath id="clip0"><path d="M0 0L5 0L5 5L0 5Z"/></clipPath>');
    expect(svg.indexOf('<g clip-path="url(#clip0)">')).toBeLessThan(svg.indexOf('fill="#0000ff"'));
    expect(svg.indexOf('</g>')).toBeLessThan(svg.indexOf('fill="#00ff00"'));
    expect(svg.match(/<g /g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });

  it('closes clip groups still open at the end', () => {
    const ctx = new SvgContext(10, 10);
    ctx.save();
    ctx.rect(0, 0, 5, 5);
    ctx.clip();
    expect(ctx.toSvg().match(/<\/g>/g)?.length).toBe(1);
  });

  it('escapes text and writes rotated text with its matrix', () => {
    const ctx = new SvgContext(10, 10);
    ctx.font = '12px "DejaVu Sans", sans-serif';
    ctx.textAlign = 'center';
    ctx.translate(20, 30);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('a < b & "c"', 0, 0);
    const svg = ctx.toSvg();
    expect(svg).toContain('transform="matrix(0 -1 1 0 20 30)"');
    expect(svg).toContain('font-family="&quot;DejaVu Sans&quot;, sans-serif" font-size="12"');
    expect(svg).toContain('text-anchor="middle">a &lt; b &amp; &quot;c&quot;</text>');
  });

  it('transforms path points by translate and rotate', () => {
    const ctx = new SvgContext(10, 10);
    ctx.translate(10, 0);
    ctx.rotate(Math.PI / 2);
    ctx.beginPath();
    ctx.moveTo(1, 0);
    ctx.lineTo(0, 1);
    ctx.stroke();
    // (1, 0) rotated a quarter turn clockwise on screen is (0, 1), then moved by (10, 0)
    expect(ctx.toSvg()).toContain('d="M10 1L9 0"');
  });

  it('draws a whole circle as two arcs', () => {
    const ctx = new SvgContext(10, 10);
    ctx.beginPath();
    ctx.arc(5, 5, 2, 0, 2 * Math.PI);
    ctx.fill();
    expect(ctx.toSvg()).toContain('d="M7 5A2 2 0 1 1 3 5A2 2 0 1 1 7 5"');
  });

  it('embeds images as PNG data URIs of the given pixels', () => {
    const ctx = new SvgContext(10, 10);
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 128]);
    ctx.putImage(rgba, 2, 1, 1, 2, 8, 4);
    const svg = ctx.toSvg();
    const m = /<image x="1" y="2" width="8" height="4" preserveAspectRatio="none"[^>]* href="data:image\/png;base64,([^"]+)"\/>/.exec(svg);
    expect(m).not.toBeNull();
    const png = decodePng(new Uint8Array(Buffer.from(m![1], 'base64')));
    expect([png.width, png.height]).toEqual([2, 1]);
    expect(Array.from(png.data)).toEqual(Array.from(rgba));
  });

  it('measures text with the font size of the current font', () => {
    const ctx = new SvgContext(10, 10);
    ctx.font = '10px sans-serif';
    const ten = ctx.measureText('123').width;
    ctx.font = '20px sans-serif';
    expect(ctx.measureText('123').width).toBeCloseTo(2 * ten, 10);
  });
});
