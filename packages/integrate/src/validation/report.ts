/**
 * A text table of the deviations measured by the validation tests (printed after each suite):
 * one line per case and method, then the largest deviation per splitting, so the tolerances in
 * tolerances.ts can be checked against what was measured.
 *
 * @example
 * ```ts
 * console.log(formatReport('synthetic frame vs pyFAI 0.21', rows));
 * ```
 * @module
 */
import { FIELDS, type Measured } from './measure.js';

/** One measured result. */
export interface ReportRow {
  case: string;
  /** split/algorithm/backend. */
  method: string;
  m: Measured;
}

function e(x: number | undefined): string {
  return x === undefined ? '-' : x === 0 ? '0' : x.toExponential(1);
}

/** The table. @example see the module */
export function formatReport(title: string, rows: readonly ReportRow[]): string {
  const head = ['case', 'method', 'radial', 'azim', 'I dense', 'sigma dense', ...FIELDS.map((f) => `${f} filled`), 'Rwp', '2D %'];
  const lines = [title, head.join('\t')];
  for (const { case: id, method, m } of rows) {
    lines.push(
      [
        id,
        method,
        e(m.radial),
        e(m.azimuthal),
        e(m.dense.intensity?.max),
        e(m.dense.sigma?.max),
        ...FIELDS.map((f) => e(m.filled[f]?.max)),
        m.rwp.toPrecision(3),
        m.meanRelativePercent.toPrecision(3),
      ].join('\t'),
    );
  }
  const splits = [...new Set(rows.map((r) => r.method.split('/')[0]))];
  lines.push('largest per splitting:');
  for (const split of splits) {
    const mine = rows.filter((r) => r.method.startsWith(`${split}/`)).map((r) => r.m);
    const worst = (get: (m: Measured) => number | undefined): string => e(Math.max(0, ...mine.map((m) => get(m) ?? 0)));
    lines.push(
      [
        split,
        `radial ${worst((m) => m.radial)}`,
        `azimuthal ${worst((m) => m.azimuthal)}`,
        `I dense ${worst((m) => m.dense.intensity?.max)}`,
        `sigma dense ${worst((m) => m.dense.sigma?.max)}`,
        `any field dense ${worst((m) => Math.max(0, ...Object.values(m.dense).map((d) => d.max)))}`,
        ...FIELDS.map((f) => `${f} filled ${worst((m) => m.filled[f]?.max)}`),
        `Rwp ${worst((m) => m.rwp)}`,
        `2D % ${worst((m) => m.meanRelativePercent)}`,
      ].join('  '),
    );
  }
  return lines.join('\n');
}
