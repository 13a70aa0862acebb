/**
 * The core benchmarks: elementwise add, reductions, CSR SpMV and batched FFT on each backend
 * (CPU at pool size 1 and at every core; WebGPU resident, end-to-end and from-host), with numpy
 * and scipy run side by side (single-threaded) when `/usr/bin/python3` has them. Prints one JSON
 * object and writes it, atomically, to `benchmarks/results/core-<host>-<date>.json`; a table goes
 * to stderr. Exit status 1 when a variant failed or a backend asked for by name is missing.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 bench -- --quick --backend cpu
 * ```
 * @module
 */
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, setPoolSize, shutdownBackends } from '@pandaas/core';
import { coreCases, type BenchCase } from './cases.js';
import { describeDevice, type DeviceDescription } from './device.js';
import { parseOptions, USAGE, type BackendName, type BenchOptions } from './options.js';
import { runReference, type ReferenceRun } from './reference.js';
import { caseReport, hostInfo, summaryTable, targetChecks, writeAtomically, type CaseReport, type VariantFailure } from './report.js';
import { consumedSum, runVariant, WEBGPU_VARIANTS, type VariantResult } from './variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Run from the sources (tsx) rather than from a bundle (the GPU host). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Backends {
  active: BackendName[];
  unavailable: Record<string, string>;
  device?: DeviceDescription;
}

async function initBackends(options: BenchOptions): Promise<Backends> {
  const out: Backends = { active: [], unavailable: {} };
  for (const name of options.backends) {
    try {
      const backend = await initBackend(name);
      if (name === 'webgpu') out.device = describeDevice(backend, options.peakGbs);
      out.active.push(name);
    } catch (err) {
      out.unavailable[name] = errorText(err);
      log(`backend ${name} unavailable: ${errorText(err)}`);
    }
  }
  return out;
}

function variantsOf(backend: BackendName, options: BenchOptions): string[] {
  return backend === 'cpu' ? options.poolSizes.map((n) => `pool-${n}`) : [...WEBGPU_VARIANTS];
}

async function runCase(c: BenchCase, backends: Backends, options: BenchOptions): Promise<(VariantResult | VariantFailure)[]> {
  log(`${c.id}: building inputs`);
  const host = c.build();
  const results: (VariantResult | VariantFailure)[] = [];
  for (const backend of backends.active) {
    for (const variant of variantsOf(backend, options)) {
      log(`${c.id}: ${backend}/${variant}`);
      try {
        if (backend === 'cpu') setPoolSize(Number(variant.slice('pool-'.length)));
        results.push(await runVariant(c, host, { backend, variant, runs: options.runs }));
      } catch (err) {
        log(`${c.id}: ${backend}/${variant} failed: ${errorText(err)}`);
        results.push({ backend, variant, error: errorText(err) });
      }
    }
  }
  return results;
}

function defaultOut(options: BenchOptions): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]+/g, '-');
  const date = new Date().toISOString().slice(0, 10);
  const subset = options.backendsRequested ? `-${options.backends.join('-')}` : '';
  const name = `core-${host}-${date}${subset}${options.quick ? '-quick' : ''}.json`;
  // a smoke test leaves nothing in the repository
  if (options.quick) return join(tmpdir(), 'pandaas-bench', name);
  return FROM_SOURCE ? join(HERE, '..', 'results', name) : join(process.cwd(), 'results', name);
}

function referenceSummary(ref: ReferenceRun): Record<string, unknown> {
  if (!ref.available) return { available: false, reason: ref.reason };
  return { available: true, python: ref.python, numpy: ref.numpy, scipy: ref.scipy, threads: ref.threads };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), join(HERE, 'reference.py'));
  } catch (err) {
    process.stderr.write(`${errorText(err)}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cases = coreCases({ quick: options.quick, elements: options.elements }).filter((c) => options.cases.includes(c.id));
  let reference: ReferenceRun = { available: false, reason: 'skipped (--no-reference)' };
  if (options.reference !== undefined) {
    log(`numpy/scipy reference: ${options.python} ${options.reference}`);
    reference = await runReference({ python: options.python, script: options.reference, runs: options.runs, cases });
    if (!reference.available) log(`no numpy/scipy reference: ${reference.reason}`);
  }
  const backends = await initBackends(options);
  const reports: CaseReport[] = [];
  for (const c of cases) reports.push(caseReport(c, await runCase(c, backends, options), reference, backends.device));
  const report = {
    schema: 'pandaas-bench-core/1',
    date: new Date().toISOString(),
    host: hostInfo(),
    options: { quick: options.quick, runs: options.runs, backends: options.backends, poolSizes: options.poolSizes, ...(options.elements && { elements: options.elements }) },
    backends: { measured: backends.active, unavailable: backends.unavailable, ...(backends.device && { webgpuDevice: backends.device }) },
    reference: referenceSummary(reference),
    methodology: [
      'Times in ms per call: warm-up = the first call alone; median and min of `runs` further calls.',
      'Inputs are built (and for resident/end-to-end uploaded) outside the timed region; every output is read and disposed.',
      'cpu/pool-N: setPoolSize(N). webgpu/resident: residentRepeats calls on GPU-resident inputs, then one sync (one element read), per call.',
      'webgpu/end-to-end: GPU-resident inputs, one call, full readback awaited. webgpu/from-host: upload + call + full readback.',
      'ratio = pandaas median / reference median (below 1: pandaas is faster). GB/s = the case bytes / median time (1e9 bytes/s).',
      'numpy/scipy run single-threaded (OMP/OPENBLAS/MKL_NUM_THREADS=1, scipy.fft workers=1) on bit-identical inputs.',
      ...(backends.device?.software ? ['The WebGPU adapter is a software rasteriser: its figures are for correctness only, never performance.'] : []),
    ],
    consumed: consumedSum(),
    cases: reports,
    targets: targetChecks(reports, backends.active.includes('cpu') ? options.poolSizes : [], backends.device),
  };
  const text = JSON.stringify(report, null, 2);
  const out = options.out ?? defaultOut(options);
  await writeAtomically(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(`${summaryTable(reports)}\n`);
  for (const t of report.targets) log(`target: ${t.target}: ${t.met === null ? `n/a (${t.note})` : t.met ? 'met' : 'NOT met'}${t.value === null ? '' : ` (${t.value.toPrecision(3)})`}`);
  log(`wrote ${out}`);
  await shutdownBackends();
  const failed = reports.some((c) => c.results.some((r) => 'error' in r));
  const missing = options.backendsRequested && backends.active.length < options.backends.length;
  return failed || missing ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
