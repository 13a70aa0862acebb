/**
 * Text widths without a font engine: the advance widths of DejaVu Sans (the font pandaas draws
 * with, registered in Node.js for PNG output), so that the SVG emitter lays text out as the PNG
 * renderer does. Kerning is not applied (widths are within a few per cent of the shaped text).
 *
 * @module
 */

/** Font units per em of DejaVu Sans. */
const UNITS_PER_EM = 2048;
/** Advance width of a character missing from the table (the width of a digit). */
const FALLBACK_UNITS = 1303;

/** [first code point, advance widths in font units of the code points from it on]. */
const RANGES: readonly (readonly [number, readonly number[]])[] = [
  [0x20, [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
    1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300,
    1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
  ]],
  [0xa0, [
    651, 821, 1303, 1303, 1303, 1303, 690, 1024, 1024, 2048, 965, 1253, 1716, 0, 2048, 1024, 1024, 1716, 821, 821, 1024, 1303, 1303, 651,
    1024, 821, 965, 1253, 1985, 1985, 1985, 1087, 1401, 1401, 1401, 1401, 1401, 1401, 1995, 1430, 1294, 1294, 1294, 1294, 604, 604, 604, 604,
    1587, 1532, 1612, 1612, 1612, 1612, 1612, 1716, 1612, 1499, 1499, 1499, 1499, 1251, 1239, 1290, 1255, 1255, 1255, 1255, 1255, 1255, 2011, 1126,
    1260, 1260, 1260, 1260, 569, 569, 569, 569, 1253, 1298, 1253, 1253, 1253, 1253, 1253, 1716, 1253, 1298, 1298, 1298, 1298, 1212, 1300, 1212,
  ]],
  [0x391, [
    1401, 1405, 1141, 1401, 1294, 1403, 1540, 1612, 604, 1343, 1401, 1767, 1532, 1294, 1612, 1540, 1235, 1229, 1294, 1251, 1251, 1612, 1403, 1612,
    1565,
  ]],
  [0x3b1, [
    1350, 1307, 1212, 1253, 1107, 1114, 1298, 1253, 693, 1207, 1212, 1303, 1144, 1142, 1253, 1233, 1300, 1202, 1298, 1233, 1185, 1351, 1183, 1351,
    1715,
  ]],
  [0x2070, [
    821, 366, 1229, 1229, 821, 821, 821, 821, 821, 821, 1081, 1081, 1081, 503, 503, 816,
  ]],
  [0x2010, [
    739, 739, 1303, 1024, 2048, 2048, 1024, 1024, 651, 651, 651, 651, 1061, 1061, 1061, 1061, 1024, 1024, 1208, 1208, 685, 1367, 2048, 651,
    651, 651, 0, 0, 0, 0, 0, 409, 2748,
  ]],
  [0x2212, [
    1716,
  ]],
  [0x221a, [
    1305, 1305, 1305, 1463, 1706,
  ]],
  [0x2248, [
    1716,
  ]],
  [0x2264, [
    1716, 1716,
  ]],
  [0x212b, [
    1401,
  ]],
  [0x210f, [
    1298,
  ]],
];

const WIDTHS = new Map<number, number>();
for (const [first, widths] of RANGES) widths.forEach((w, i) => WIDTHS.set(first + i, w));

/** DejaVu Sans: the distance from the baseline to the top of capitals, in ems. */
export const CAP_HEIGHT_EM = 1493 / UNITS_PER_EM;
/** DejaVu Sans: the font's ascent above the baseline, in ems. */
export const ASCENT_EM = 1901 / UNITS_PER_EM;
/** DejaVu Sans: the font's descent below the baseline, in ems. */
export const DESCENT_EM = 483 / UNITS_PER_EM;

/**
 * The width of `text` drawn in DejaVu Sans at `size` pixels (advance widths, no kerning).
 *
 * @example
 * ```ts
 * textWidth('100', 10); // 3 digits of 0.636 em: 19.1
 * ```
 */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += WIDTHS.get(ch.codePointAt(0) ?? 0) ?? FALLBACK_UNITS;
  return (units * size) / UNITS_PER_EM;
}
