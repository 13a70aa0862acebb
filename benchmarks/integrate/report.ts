/**
 * Folds the pandaas and pyFAI figures of the integrate benchmark into the JSON report: per method
 * the frames per second of both and their ratio, whether the patterns agree (pyFAI's Rwp and the
 * largest relative difference on bins with >= 100 pixels), the CSR build and size, and the
 * issue's targets; plus the text table printed beside the JSON.
 *
 * @example
 * ```ts
 * const rows = compareRuns(runs, reference);
 * console.error(integrateTable(rows));
 * ```
 * @module
 */
import type { TargetCheck } from '../common/output.js';
import type { Timing } from '../core/timing.js';
import type { MethodId } from './options.js';
import type { CsrFigures, PandaasRun } from './variants.js';

/** pyFAI's figures for one method. */
export interface PyfaiMethod {
  timing: Timing;
  pyfaiMethod: string;
  radial: number[];
  intensity: number[];
  count: number[];
}

/** What reference.py printed. */
export interface PyfaiRun {
  python: string;
  pyFAI: string;
  numpy: string;
  threads: number | null;
  shape: [number, number];
  methods: Partial<Record<MethodId, PyfaiMethod>>;
  csr: Partial<Record<'no' | 'bbox' | 'full', { buildMs: number; nnz: number; bytes: number; dtypes: string[] }>>;
}

/** One pandaas variant with its comparison to pyFAI's same method. */
export interface ComparedRun {
  method: MethodId;
  backend: string;
  variant: string;
  coldPlanMs: number;
  timing: Timing;
  fps: number;
  csr?: CsrFigures;
  /** Frame megabytes per second (the int32 frame's bytes / median time). */
  frameMBs: number;
  pyfai?: { fps: number; medianMs: number; firstCallMs: number; method: string };
  /** pandaas fps / pyFAI fps (above 1: pandaas is faster). */
  speedup?: number;
  /** The patterns: pyFAI's Rwp and the largest relative difference on bins with >= 100 pixels. */
  agreement?: { rwp: number; denseMaxRelative: number; radialMaxRelative: number; agrees: boolean };
}

/** Bounds of "agrees": pyFAI's cross-method Rwp (3) and 1e-4 on bins with >= 100 pixels. */
export const AGREEMENT = Object.freeze({ rwp: 3, denseRelative: 1e-4, positions: 1e-6 });

function agreement(run: PandaasRun, ref: PyfaiMethod): ComparedRun['agreement'] {
  const r = run.result;
  let sum = 0;
  let dense = 0;
  let radial = 0;
  for (let i = 0; i < ref.intensity.length; i++) {
    const o = r.intensity[i];
    const p = ref.intensity[i];
    const mean = (o + p) / 2;
    if (Math.abs(mean) > 1e-10) sum += ((o - p) / mean) ** 2;
    if (ref.count[i] >= 100) dense = Math.max(dense, Math.abs(o - p) / Math.abs(p));
    radial = Math.max(radial, Math.abs(r.radial[i] - ref.radial[i]) / Math.abs(ref.radial[i]));
  }
  const rwp = Math.sqrt(sum);
  return {
    rwp,
    denseMaxRelative: dense,
    radialMaxRelative: radial,
    agrees: r.intensity.length === ref.intensity.length && rwp <= AGREEMENT.rwp && dense <= AGREEMENT.denseRelative && radial <= AGREEMENT.positions,
  };
}

/** Each pandaas run with pyFAI's same method beside it. @example see the module */
export function compareRuns(runs: readonly PandaasRun[], ref: PyfaiRun | undefined, frameBytes: number): ComparedRun[] {
  return runs.map((run) => {
    const p = ref?.methods[run.method];
    return {
      method: run.method,
      backend: run.backend,
      variant: run.variant,
      coldPlanMs: run.coldPlanMs,
      timing: run.timing,
      fps: run.fps,
      ...(run.csr && { csr: run.csr }),
      frameMBs: frameBytes / 1e6 / (run.timing.medianMs / 1000),
      ...(p && {
        pyfai: { fps: 1000 / p.timing.medianMs, medianMs: p.timing.medianMs, firstCallMs: p.timing.warmupMs, method: p.pyfaiMethod },
        speedup: run.fps / (1000 / p.timing.medianMs),
        agreement: agreement(run, p),
      }),
    };
  });
}

/** The issue's targets, checked against this run. @example `integrateTargets(rows, 'Eiger4M 2167 x 2070, 1000 bins', 2, device).filter((t) => t.met === false)` */
export function integrateTargets(rows: readonly ComparedRun[], frame: string, threads: number, gpu: { software: boolean } | undefined): TargetCheck[] {
  const cpu = rows.find((r) => r.method === 'bbox-csr' && r.backend === 'cpu');
  const speedup = cpu?.speedup ?? null;
  const targets: TargetCheck[] = [
    {
      target: `CPU bbox-csr, ${frame}, poisson, ${threads} threads: >= 3x pyFAI's bbox-csr-cython fps`,
      value: speedup,
      met: speedup === null ? null : speedup >= 3,
      ...(speedup === null && { note: cpu ? 'no pyFAI reference in this run' : 'cpu bbox-csr not measured in this run' }),
    },
  ];
  const gpuFps = (variant: (v: string) => boolean): number | null => {
    const fps = rows.filter((r) => r.method === 'bbox-csr' && r.backend === 'webgpu' && variant(r.variant)).map((r) => r.fps);
    return fps.length > 0 ? Math.max(...fps) : null;
  };
  for (const [words, pick, bound] of [
    ['WebGPU bbox-csr from host (upload included) >= 2000 fps', (v: string) => v.startsWith('from-host'), 2000],
    ['WebGPU bbox-csr with the frame resident >= 20000 fps', (v: string) => v.startsWith('resident'), 20000],
  ] as const) {
    const value = gpuFps(pick);
    const why = value === null ? 'webgpu not measured in this run' : gpu?.software ? 'software adapter: correctness only' : undefined;
    targets.push({ target: words, value, met: why === undefined && value !== null ? value >= bound : null, ...(why && { note: why }) });
  }
  return targets;
}

function fmt(x: number | undefined, digits = 3): string {
  return x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toPrecision(digits);
}

/** A text table: one line per variant, pyFAI beside it. @example see the module */
export function integrateTable(rows: readonly ComparedRun[]): string {
  const lines = [`${'method'.padEnd(16)}${'backend/variant'.padEnd(24)}  median ms   fps  pyFAI fps  speedup  plan ms  CSR nnz   CSR MB  agrees`];
  for (const r of rows) {
    const agrees = r.agreement === undefined ? '' : r.agreement.agrees ? `yes (Rwp ${r.agreement.rwp.toPrecision(2)})` : `NO (Rwp ${r.agreement.rwp.toPrecision(3)}, ${r.agreement.denseMaxRelative.toExponential(1)})`;
    lines.push(
      `${r.method.padEnd(16)}${`${r.backend}/${r.variant}`.padEnd(24)}${fmt(r.timing.medianMs).padStart(11)}${fmt(r.fps).padStart(6)}${fmt(r.pyfai?.fps).padStart(11)}${fmt(r.speedup).padStart(9)}${fmt(r.coldPlanMs).padStart(9)}${(r.csr ? String(r.csr.nnz) : '-').padStart(9)}${(r.csr ? (r.csr.bytes / 1e6).toFixed(1) : '-').padStart(9)}  ${agrees}`,
    );
  }
  return lines.join('\n');
}
