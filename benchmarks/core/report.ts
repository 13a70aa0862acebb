/**
 * Folds pandaas and numpy/scipy timings into one report: ratios (pandaas time / reference time),
 * checksum agreement, the fraction of the GPU's peak bandwidth, and the project's targets. Also
 * the short text table printed beside the JSON.
 *
 * @example
 * ```ts
 * const reports = [caseReport(c, results, reference, device)];
 * console.error(summaryTable(reports));
 * ```
 * @module
 */
import type { TargetCheck } from '../common/output.js';
import type { BenchCase } from './cases.js';
import { agrees } from './checksum.js';
import type { DeviceDescription } from './device.js';
import type { ReferenceRun } from './reference.js';
import type { VariantResult } from './variants.js';

/** A variant that threw instead of finishing. */
export interface VariantFailure {
  backend: string;
  variant: string;
  error: string;
}

/** A measured variant with its comparisons. */
export type ComparedResult = VariantResult & {
  /** pandaas median / reference median, for each reference variant. */
  ratios?: Record<string, number>;
  /** The ratio to the primary reference variant: of medians, and of minimums. */
  ratio?: { reference: string; median: number; min: number };
  /** Whether the output's checksums match the primary reference's within the case's rtol. */
  agreesWithReference?: boolean;
  /** GB/s over the device's peak (WebGPU, streaming cases, known peak). */
  peakFraction?: number;
};

/** One case in the report. */
export interface CaseReport {
  id: string;
  title: string;
  params: Record<string, number>;
  bytes: number;
  flops?: number;
  checksumRtol: number;
  reference?: { primary: string; variants: Record<string, { warmupMs: number; medianMs: number; minMs: number; runs: number; gbs: number }> };
  results: (ComparedResult | VariantFailure)[];
}

function compare(c: BenchCase, r: VariantResult, ref: ReferenceRun, device: DeviceDescription | undefined): ComparedResult {
  const out: ComparedResult = { ...r };
  const rc = ref.available ? ref.cases[c.id] : undefined;
  if (rc !== undefined) {
    out.ratios = Object.fromEntries(Object.entries(rc.variants).map(([name, t]) => [name, r.timing.medianMs / t.medianMs]));
    const p = rc.variants[rc.primary];
    out.ratio = { reference: rc.primary, median: r.timing.medianMs / p.medianMs, min: r.timing.minMs / p.minMs };
    out.agreesWithReference = agrees(r.checksums, rc.checksums, c.rtol);
  }
  if (r.backend === 'webgpu' && c.streaming && device?.peak && !device.software) out.peakFraction = r.gbs / device.peak.gbs;
  return out;
}

/** The report of one case, from its results and the reference run. @example `caseReport(c, results, reference, device).results[0].ratio` */
export function caseReport(
  c: BenchCase,
  results: readonly (VariantResult | VariantFailure)[],
  ref: ReferenceRun,
  device: DeviceDescription | undefined,
): CaseReport {
  const rc = ref.available ? ref.cases[c.id] : undefined;
  return {
    id: c.id,
    title: c.title,
    params: c.params,
    bytes: c.bytes,
    ...(c.flops !== undefined && { flops: c.flops }),
    checksumRtol: c.rtol,
    ...(rc && {
      reference: {
        primary: rc.primary,
        variants: Object.fromEntries(Object.entries(rc.variants).map(([name, t]) => [name, { ...t, gbs: c.bytes / (t.medianMs / 1000) / 1e9 }])),
      },
    }),
    results: results.map((r) => ('error' in r ? r : compare(c, r, ref, device))),
  };
}

function find(cases: readonly CaseReport[], id: string, backend: string, variant: string): ComparedResult | undefined {
  const r = cases.find((c) => c.id === id)?.results.find((x) => x.backend === backend && x.variant === variant);
  return r && !('error' in r) ? r : undefined;
}

/** The issue's targets, checked against this run. @example `targetChecks(cases, [1, 2], undefined).filter((t) => t.met === false)` */
export function targetChecks(cases: readonly CaseReport[], poolSizes: readonly number[], device: DeviceDescription | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratioCheck = (id: string, pool: number, limit: number, strict: boolean, words: string): void => {
    const r = find(cases, id, 'cpu', `pool-${pool}`);
    const value = r?.ratio?.median ?? null;
    checks.push({
      target: words,
      value,
      met: value === null ? null : strict ? value < limit : value <= limit,
      ...(value === null && { note: r ? 'no numpy/scipy reference in this run' : `cpu pool-${pool} not measured in this run` }),
    });
  };
  const all = Math.max(...poolSizes);
  ratioCheck('elementwise-add', 1, 2, false, 'CPU elementwise on one core within 2x of numpy (ratio <= 2)');
  ratioCheck('csr-spmv', 1, 2, false, 'CPU CSR SpMV on one core within 2x of scipy (ratio <= 2)');
  if (all > 1) {
    ratioCheck('elementwise-add', all, 1, true, `CPU elementwise with the pool (${all} workers) faster than numpy (ratio < 1)`);
    ratioCheck('csr-spmv', all, 1, true, `CPU CSR SpMV with the pool (${all} workers) faster than scipy (ratio < 1)`);
  }
  const gpu = find(cases, 'elementwise-add', 'webgpu', 'resident');
  const fraction = gpu?.peakFraction ?? null;
  const why = !gpu ? 'webgpu not measured in this run' : device?.software ? 'software adapter: correctness only' : 'peak bandwidth unknown (pass --peak-gbs)';
  checks.push({
    target: 'WebGPU elementwise (resident) >= 70% of the device memory bandwidth',
    value: fraction,
    met: fraction === null ? null : fraction >= 0.7,
    ...(fraction === null && { note: why }),
  });
  return checks;
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toPrecision(digits);
}

const W = 34;

/** A text table of the results (one line per variant; `ref` lines are numpy/scipy). @example `console.error(summaryTable(cases))` */
export function summaryTable(cases: readonly CaseReport[]): string {
  const lines = [`${'case'.padEnd(18)}${'backend/variant'.padEnd(W)} median ms   min ms  warm-up ms     GB/s  ratio  agrees`];
  for (const c of cases) {
    for (const [name, t] of Object.entries(c.reference?.variants ?? {})) {
      lines.push(`${c.id.padEnd(18)}${`ref ${name}`.slice(0, W - 1).padEnd(W)}${fmt(t.medianMs).padStart(9)}${fmt(t.minMs).padStart(9)}${fmt(t.warmupMs).padStart(12)}${fmt(t.gbs).padStart(9)}`);
    }
    for (const r of c.results) {
      const label = `${r.backend}/${r.variant}`.padEnd(W);
      if ('error' in r) {
        lines.push(`${c.id.padEnd(18)}${label}FAILED: ${r.error}`);
        continue;
      }
      const t = r.timing;
      const agree = r.agreesWithReference === undefined ? '' : r.agreesWithReference ? 'yes' : 'NO';
      lines.push(
        `${c.id.padEnd(18)}${label}${fmt(t.medianMs).padStart(9)}${fmt(t.minMs).padStart(9)}${fmt(t.warmupMs).padStart(12)}${fmt(r.gbs).padStart(9)}${fmt(r.ratio?.median).padStart(7)}  ${agree}`,
      );
    }
  }
  return lines.join('\n');
}
