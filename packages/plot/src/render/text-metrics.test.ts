import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importCanvas } from './png.js';
import { textWidth } from './text-metrics.js';

describe('textWidth (DejaVu Sans advance widths)', () => {
  it('matches what @napi-rs/canvas measures with DejaVu Sans, within kerning', async () => {
    const napi = await importCanvas();
    const path = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    if (!napi.GlobalFonts.has('DejaVu Sans')) napi.GlobalFonts.registerFromPath(path, 'DejaVu Sans');
    const ctx = napi.createCanvas(10, 10).getContext('2d');
    for (const size of [11, 12, 14]) {
      ctx.font = `${size}px "DejaVu Sans"`;
      for (const text of ['0', '-1.25', '10⁻³', '1×10⁴', '2θ (°)', 'Intensity (counts)', 'Polar Angle [degrees]', 'q (nm⁻¹)', 'MgB2 PDOS 43.37g 8K']) {
        const real = ctx.measureText(text).width;
        // the table has no kerning: a few per cent at most on words, nothing on digits
        expect(Math.abs(textWidth(text, size) - real)).toBeLessThanOrEqual(Math.max(0.5, 0.03 * real));
      }
    }
  });

  it('scales with the size and falls back to a digit width for unknown characters', () => {
    expect(textWidth('abc', 24)).toBeCloseTo(2 * textWidth('abc', 12), 10);
    expect(textWidth('\u4e00', 2048)).toBe(textWidth('0', 2048));
  });
});
