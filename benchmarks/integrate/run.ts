/**
 * The integrate benchmark: 1D azimuthal integration of an Eiger 4M frame (2167 x 2070) into 1000
 * bins with Poisson errors, for every method (splitting no/bbox/full x histogram/csr), by pandaas
 * on the CPU (a pool of `--threads` workers, default 2) and on WebGPU when it initialises, and by
 * pyFAI 0.21 (`reference.py`, OMP_NUM_THREADS = `--threads`) in the same invocation, before the
 * pandaas runs. Reports frames per second and their ratio, the plan/CSR build times and the CSR
 * sizes of both, whether the patterns agree, and the issue's targets. Prints one JSON object and
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
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, initBackend, setPoolSize, shutdownBackends } from '@pandaas/core';
import { describeDevice, type DeviceDescription } from '../core/device.js';
import { hostInfo, writeAtomically } from '../core/report.js';
import { runJson } from '../io/child.js';
import { benchGeometry, benchmarkFrame, benchmarkIntegrator } from './frame.js';
import { INTEGRATE_USAGE, parseIntegrateOptions, type IntegrateOptions, type MethodId } from './options.js';
import { compareRuns, integrateTable, integrateTargets, type PyfaiRun } from './report.js';
import { measureCpu, measureWebGpu, type PandaasRun, type VariantSetup } from './variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Run from the sources (tsx) rather than from a bundle (the GPU host). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const SEED = 7;

function log(message: string): void {
  process.stderr.write(`[bench:integrate] ${message}\n`);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultOut(options: IntegrateOptions): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]+/g, '-');
  const name = `integrate-${host}${options.quick ? '-quick' : ''}.json`;
  // a smoke test leaves nothing in the repository
  if (options.quick) return join(tmpdir(), 'pandaas-bench', name);
  return FROM_SOURCE ? join(HERE, '..', 'results', name) : join(process.cwd(), 'results', name);
}

async function runPyfai(options: IntegrateOptions, framePath: string, shape: readonly [number, number]): Promise<{ run?: PyfaiRun; reason?: string }> {
  if (options.reference === undefined) return { reason: 'skipped (--no-reference)' };
  if (!existsSync(options.python)) return { reason: `${options.python} does not exist here` };
  if (!existsSync(options.reference)) return { reason: `${options.reference} is not here (a bundled run carries none)` };
  const d = benchmarkIntegrator(options.detector).detector;
  const spec = {
    detector: options.detector,
    geometry: benchGeometry(shape, d.pixel1, d.pixel2),
    npt: options.npt,
    unit: 'q_nm^-1',
    runs: options.runs,
    frame: framePath,
    methods: options.methods.map((m) => m.split('-')),
    csrSplits: [...new Set(options.methods.filter((m) => m.endsWith('-csr')).map((m) => m.split('-')[0]))],
  };
  const env = { ...process.env, OMP_NUM_THREADS: String(options.threads), OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  try {
    return { run: await runJson<PyfaiRun>(options.python, [options.reference, JSON.stringify(spec)], env) };
  } catch (err) {
    return { reason: errorText(err) };
  }
}

async function webgpuDevice(options: IntegrateOptions): Promise<{ device?: DeviceDescription; reason?: string }> {
  if (!options.backends.includes('webgpu')) return { reason: 'not asked for' };
  try {
    return { device: describeDevice(await initBackend('webgpu')) };
  } catch (err) {
    return { reason: errorText(err) };
  }
}

async function main(): Promise<number> {
  let options: IntegrateOptions;
  try {
    const argv = process.argv.slice(2);
    // `pnpm bench:integrate -- --quick` hands the separator through
    options = parseIntegrateOptions(argv[0] === '--' ? argv.slice(1) : argv, join(HERE, 'reference.py'));
  } catch (err) {
    process.stderr.write(`${errorText(err)}\n${INTEGRATE_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${INTEGRATE_USAGE}\n`);
    return 0;
  }
  const probe = benchmarkIntegrator(options.detector);
  const shape = probe.shape;
  log(`${options.detector} frame ${shape[0]} x ${shape[1]}, ${options.npt} bins, poisson, ${options.threads} threads`);
  const counts = benchmarkFrame(probe, SEED);
  const folder = mkdtempSync(join(tmpdir(), 'pandaas-bench-integrate-'));
  const framePath = join(folder, 'frame.i32');
  writeFileSync(framePath, new Uint8Array(counts.buffer, counts.byteOffset, counts.byteLength));
  let pyfai: Awaited<ReturnType<typeof runPyfai>>;
  try {
    log(`pyFAI: ${options.python} ${options.reference ?? '(skipped)'}`);
    pyfai = await runPyfai(options, framePath, shape);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
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
  const rows = compareRuns(runs, pyfai.run, counts.byteLength);
  const pandaasCsr = Object.fromEntries(rows.filter((r) => r.backend === 'cpu' && r.csr).map((r) => [r.method.split('-')[0], r.csr]));
  const report = {
    schema: 'pandaas-bench-integrate/1',
    date: new Date().toISOString(),
    host: hostInfo(),
    options: { quick: options.quick, detector: options.detector, shape, npt: options.npt, unit: 'q_nm^-1', errorModel: 'poisson', runs: options.runs, threads: options.threads, inFlight: options.inFlight },
    pyfai: pyfai.run
      ? { available: true, python: pyfai.run.python, pyFAI: pyfai.run.pyFAI, numpy: pyfai.run.numpy, ompThreads: pyfai.run.threads }
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
    csr: { pandaas: pandaasCsr, pyfai: pyfai.run?.csr ?? null },
    failures,
    targets: integrateTargets(rows, `${options.detector} ${shape[0]} x ${shape[1]}, ${options.npt} bins`, options.threads, gpu.device),
  };
  const text = JSON.stringify(report, null, 2);
  const out = options.out ?? defaultOut(options);
  await writeAtomically(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(`${integrateTable(rows)}\n`);
  for (const t of report.targets) log(`target: ${t.target}: ${t.met === null ? `n/a (${t.note})` : t.met ? 'met' : 'NOT met'}${t.value === null ? '' : ` (${t.value.toPrecision(3)})`}`);
  log(`wrote ${out}`);
  await shutdownBackends();
  const disagreeing = rows.some((r) => r.agreement !== undefined && !r.agreement.agrees);
  const missing = options.backendsRequested && options.backends.includes('webgpu') && gpu.device === undefined;
  return failures.length > 0 || disagreeing || missing ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
