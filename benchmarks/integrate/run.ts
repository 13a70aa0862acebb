/**
 * The integrate benchmark: 1D azimuthal integration of an Eiger 4M frame (2167 x 2070) into 1000
 * bins with Poisson errors, for every method (splitting no/bbox/full x histogram/csr), by pandaas
 * on the CPU (a pool of `--threads` workers, default 2) and on WebGPU when it initialises, and by
 * pyFAI 0.21 (`reference.py`, OMP_NUM_THREADS = `--threads`) in the same invocation, before the
 * pandaas runs. Reports frames per second and their ratio, the plan/CSR build times and the CSR
 * sizes of both, whether the patterns agree, and the targets. Prints one JSON object and
 * writes it, atomically, to `benchmarks/results/integrate-<host>.json`; a table goes to stderr.
 * Exit status 1 when a variant failed, disagreed with pyFAI, or a backend named with `--backend`
 * is missing.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 bench:integrate -- --quick --backend cpu
 * ```
 * @module
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, initBackend, setPoolSize, shutdownBackends } from '@pandaas/core';
import { runReference, withTempFolder, type ReferenceResult } from '../common/child.js';
import { errorText, logger, runBenchmark } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, writeReport } from '../common/output.js';
import { describeDevice, type DeviceDescription } from '../core/device.js';
import { benchGeometry, benchmarkFrame, benchmarkIntegrator } from './frame.js';
import { INTEGRATE_USAGE, parseIntegrateOptions, type IntegrateOptions, type MethodId } from './options.js';
import { compareRuns, integrateTable, integrateTargets, type PyfaiRun } from './report.js';
import { measureCpu, measureWebGpu, type PandaasRun, type VariantSetup } from './variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 7;
const log = logger('bench:integrate');

function runPyfai(options: IntegrateOptions, framePath: string, shape: readonly [number, number]): Promise<ReferenceResult<PyfaiRun>> {
  const spec = (): unknown => {
    const d = benchmarkIntegrator(options.detector).detector;
    return {
      detector: options.detector,
      geometry: benchGeometry(shape, d.pixel1, d.pixel2),
      npt: options.npt,
      unit: 'q_nm^-1',
      runs: options.runs,
      frame: framePath,
      methods: options.methods.map((m) => m.split('-')),
      csrSplits: [...new Set(options.methods.filter((m) => m.endsWith('-csr')).map((m) => m.split('-')[0]))],
    };
  };
  const env = { ...process.env, OMP_NUM_THREADS: String(options.threads), OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  return runReference<PyfaiRun>(options.python, options.reference, spec, env);
}

async function webgpuDevice(options: IntegrateOptions): Promise<{ device?: DeviceDescription; reason?: string }> {
  if (!options.backends.includes('webgpu')) return { reason: 'not asked for' };
  try {
    return { device: describeDevice(await initBackend('webgpu')) };
  } catch (err) {
    return { reason: errorText(err) };
  }
}

async function main(options: IntegrateOptions): Promise<number> {
  const probe = benchmarkIntegrator(options.detector);
  const shape = probe.shape;
  log(`${options.detector} frame ${shape[0]} x ${shape[1]}, ${options.npt} bins, poisson, ${options.threads} threads`);
  const counts = benchmarkFrame(probe, SEED);
  const pyfai = await withTempFolder('pandaas-bench-integrate-', (folder) => {
    const framePath = join(folder, 'frame.i32');
    writeFileSync(framePath, new Uint8Array(counts.buffer, counts.byteOffset, counts.byteLength));
    log(`pyFAI: ${options.python} ${options.reference ?? '(skipped)'}`);
    return runPyfai(options, framePath, shape);
  });
  if (pyfai.reason) log(`no pyFAI reference: ${pyfai.reason}`);

  setPoolSize(options.threads);
  const frame = array(counts, { shape: [...shape], backend: 'cpu' });
  const setup: VariantSetup = { detector: options.detector, npt: options.npt, runs: options.runs, unit: 'q_nm^-1' };
  const runs: PandaasRun[] = [];
  const failures: { method: MethodId; backend: string; error: string }[] = [];
  if (options.backends.includes('cpu')) {
    for (const id of options.methods) {
      log(`cpu ${id}`);
      try {
        runs.push(await measureCpu(id, setup, frame));
      } catch (err) {
        log(`cpu ${id} failed: ${errorText(err)}`);
        failures.push({ method: id, backend: 'cpu', error: errorText(err) });
      }
    }
  }
  const gpu = await webgpuDevice(options);
  if (gpu.reason && options.backends.includes('webgpu')) log(`webgpu unavailable: ${gpu.reason}`);
  if (gpu.device) {
    for (const id of options.methods) {
      log(`webgpu ${id}`);
      try {
        runs.push(...(await measureWebGpu(id, setup, frame, options.inFlight)));
      } catch (err) {
        log(`webgpu ${id} failed: ${errorText(err)}`);
        failures.push({ method: id, backend: 'webgpu', error: errorText(err) });
      }
    }
  }
  const rows = compareRuns(runs, pyfai.result, counts.byteLength);
  const pandaasCsr = Object.fromEntries(rows.filter((r) => r.backend === 'cpu' && r.csr).map((r) => [r.method.split('-')[0], r.csr]));
  const report = {
    schema: 'pandaas-bench-integrate/1',
    date: new Date().toISOString(),
    host: hostInfo(),
    options: { quick: options.quick, detector: options.detector, shape, npt: options.npt, unit: 'q_nm^-1', errorModel: 'poisson', runs: options.runs, threads: options.threads, inFlight: options.inFlight },
    pyfai: pyfai.result
      ? { available: true, python: pyfai.result.python, pyFAI: pyfai.result.pyFAI, numpy: pyfai.result.numpy, ompThreads: pyfai.result.threads }
      : { available: false, reason: pyfai.reason },
    webgpu: gpu.device ? { available: true, device: gpu.device } : { available: false, reason: gpu.reason },
    methodology: [
      'fps = 1000 / the median of `runs` calls after a first call timed apart (warm-up).',
      'pandaas CPU: plan1d once, then plan.integrate(frame) per frame, the frame an int32 NdArray on shared memory; the pool has `threads` workers.',
      "pyFAI: ai.integrate1d(frame, npt, unit, method=(split, algo, 'cython'), error_model='poisson') per frame on a fresh integrator per method, OMP_NUM_THREADS = threads; its first call builds the geometry arrays and, for CSR, the matrix.",
      'coldPlanMs: plan1d on a fresh integrator (geometry arrays, matrix, corrections, engine). csr.warmBuildMs: a second plan (npt - 1 bins) on the same integrator, geometry cached; pyFAI csr.buildMs: setup_CSR with its geometry arrays cached.',
      'WebGPU from-host: the frame is uploaded by each call; resident: uploaded once. "x N": N calls under way together (Promise.all), time per frame.',
      'agrees: pyFAI Rwp <= 3, radial positions within 1e-6 and intensity within 1e-4 relative on bins with >= 100 pixels, against pyFAI\'s same method.',
      ...(gpu.device?.software ? ['The WebGPU adapter is a software rasteriser: its figures are for correctness only, never performance.'] : []),
    ],
    methods: rows,
    csr: { pandaas: pandaasCsr, pyfai: pyfai.result?.csr ?? null },
    failures,
    targets: integrateTargets(rows, `${options.detector} ${shape[0]} x ${shape[1]}, ${options.npt} bins`, options.threads, gpu.device),
  };
  const out = options.out ?? resultsPath(`integrate-${hostSlug()}${options.quick ? '-quick' : ''}.json`, options.quick);
  await writeReport(out, report, { table: integrateTable(rows), targets: report.targets, log });
  await shutdownBackends();
  const disagreeing = rows.some((r) => r.agreement !== undefined && !r.agreement.agrees);
  const missing = options.backendsRequested && options.backends.includes('webgpu') && gpu.device === undefined;
  return failures.length > 0 || disagreeing || missing ? 1 : 0;
}

runBenchmark(INTEGRATE_USAGE, (argv) => parseIntegrateOptions(argv, join(HERE, 'reference.py')), main);
