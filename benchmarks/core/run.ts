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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, setPoolSize, shutdownBackends } from '@pandaas/core';
import { errorText, logger, runBenchmark, type BackendName } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, today, writeReport } from '../common/output.js';
import { coreCases, type BenchCase } from './cases.js';
import { describeDevice, type DeviceDescription } from './device.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { runReference, type ReferenceRun } from './reference.js';
import { caseReport, summaryTable, targetChecks, type CaseReport, type VariantFailure } from './report.js';
import { consumedSum, runVariant, WEBGPU_VARIANTS, type VariantResult } from './variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const log = logger('bench');

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
  const subset = options.backendsRequested ? `-${options.backends.join('-')}` : '';
  return resultsPath(`core-${hostSlug()}-${today()}${subset}${options.quick ? '-quick' : ''}.json`, options.quick);
}

function referenceSummary(ref: ReferenceRun): Record<string, unknown> {
  if (!ref.available) return { available: false, reason: ref.reason };
  return { available: true, python: ref.python, numpy: ref.numpy, scipy: ref.scipy, threads: ref.threads };
}

async function main(options: BenchOptions): Promise<number> {
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
  await writeReport(options.out ?? defaultOut(options), report, { table: summaryTable(reports), targets: report.targets, log });
  await shutdownBackends();
  const failed = reports.some((c) => c.results.some((r) => 'error' in r));
  const missing = options.backendsRequested && backends.active.length < options.backends.length;
  return failed || missing ? 1 : 0;
}

runBenchmark(USAGE, (argv) => parseOptions(argv, join(HERE, 'reference.py')), main);
