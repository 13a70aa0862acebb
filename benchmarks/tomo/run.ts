/**
 * The tomo benchmark: filtered backprojection (ramp, linear interpolation) of `--angles`
 * projections (default 2048) into a `--size`² slice (default 2048²) from the analytic sinogram
 * of the Shepp-Logan phantom, by pandaas on the CPU (a pool of `--threads` workers, default 2)
 * and on WebGPU when it initialises, and, in the same invocation before them, by silx's OpenCL
 * Backprojection (pocl on a CPU-only machine) and scikit-image's iradon (`--quick`, or
 * `--skimage`). Reports seconds, giga-updates per second (nAngles · size² / time), the ratios,
 * the agreement of the images, the load of the machine, and the accuracy against scikit-image on
 * a 1024 px phantom (`--accuracy`). Prints one JSON object and writes it, atomically, to
 * `benchmarks/results/tomo-<host>.json`; a table goes to stderr. Exit status 1 when a variant
 * failed, the accuracy check failed, or a backend named with `--backend` is missing.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 bench:tomo -- --quick --backend cpu
 * ```
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, setPoolSize, shutdownBackends } from '@pandaas/core';
import { FbpPlan } from '@pandaas/tomo';
import { runReference, withTempFolder, type ReferenceResult } from '../common/child.js';
import { errorText, logger, runBenchmark } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, writeReport, type TargetCheck } from '../common/output.js';
import { describeDevice, type DeviceDescription } from '../core/device.js';
import { parseTomoOptions, TOMO_USAGE, type TomoOptions } from './options.js';
import { sheppLoganSinogram } from './phantom.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const log = logger('bench:tomo');

interface Timing {
  warmupMs?: number;
  medianMs: number;
  minMs: number;
  runs: number;
  /** Median CPU time of the process, all threads (what the work costs, whatever else runs). */
  cpuMedianMs?: number;
}

interface ReferenceRun {
  python: string;
  numpy: string;
  skimage?: { version: string; timing: Timing; image: string };
  silx?: { version: string; device: string; computeUnits: number; timing: Timing; image: string };
  silxError?: string;
  accuracy?: { size: number; angles: number; nDet: number; sinogram: string; iradon: string; range: number };
}

interface PandaasRun {
  backend: 'cpu' | 'webgpu';
  timing: Timing;
  gups: number;
  image: Float32Array;
}

function readFloats(path: string): Float32Array {
  const bytes = readFileSync(path);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** max |a − b| over the pixels both reconstruct (well inside the detector's circle), over b's range there. */
function relativeDifference(a: Float32Array, b: Float32Array, size: number): number {
  let worst = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const r = 0.45 * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (Math.hypot(x - size / 2, y - size / 2) > r) continue;
      const k = y * size + x;
      worst = Math.max(worst, Math.abs(a[k] - b[k]));
      lo = Math.min(lo, b[k]);
      hi = Math.max(hi, b[k]);
    }
  }
  return worst / (hi - lo);
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(body: () => Promise<Float32Array>, runs: number): Promise<{ timing: Timing; image: Float32Array }> {
  let t0 = performance.now();
  let image = await body();
  const warmupMs = performance.now() - t0;
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    const c0 = process.cpuUsage();
    image = await body();
    const used = process.cpuUsage(c0);
    samples.push(performance.now() - t0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { timing: { warmupMs, medianMs: median(samples), minMs: Math.min(...samples), runs, cpuMedianMs: median(cpu) }, image };
}

async function measure(backend: 'cpu' | 'webgpu', options: TomoOptions, angles: number[], sino: Float32Array): Promise<PandaasRun> {
  const plan = await FbpPlan.create(angles, options.size, { center: 'skimage', size: options.size, backend });
  try {
    const { timing, image } = await time(async () => (await plan.reconstruct(sino)) as Float32Array, options.runs);
    return { backend, timing, gups: (options.angles * options.size ** 2) / (timing.medianMs * 1e6), image };
  } finally {
    plan.dispose();
  }
}

async function accuracy(check: NonNullable<ReferenceRun['accuracy']>): Promise<{ size: number; angles: number; maxDiffOverRange: number; passes: boolean }> {
  const sino = readFloats(check.sinogram);
  const angles = Array.from({ length: check.angles }, (_, i) => i * (180 / check.angles) * (Math.PI / 180));
  const plan = await FbpPlan.create(angles, check.nDet, { center: 'skimage' });
  const ours = (await plan.reconstruct(sino)) as Float32Array;
  plan.dispose();
  const ref = readFloats(check.iradon);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
  const maxDiffOverRange = worst / check.range;
  return { size: check.size, angles: check.angles, maxDiffOverRange, passes: maxDiffOverRange <= 1e-5 };
}

async function webgpuDevice(options: TomoOptions): Promise<{ device?: DeviceDescription; reason?: string }> {
  if (!options.backends.includes('webgpu')) return { reason: 'not asked for' };
  try {
    return { device: describeDevice(await initBackend('webgpu')) };
  } catch (err) {
    return { reason: errorText(err) };
  }
}

function targets(options: TomoOptions, runs: readonly PandaasRun[], ref: ReferenceRun | undefined, gpu: DeviceDescription | undefined): TargetCheck[] {
  const cpu = runs.find((r) => r.backend === 'cpu');
  const full = options.size === 2048 && options.angles === 2048;
  const slice = `${options.angles} angles -> ${options.size}², ${options.threads} threads`;
  const ratio = (refMs: number | undefined) => (cpu && refMs !== undefined ? refMs / cpu.timing.medianMs : null);
  const vsSilx = ratio(ref?.silx?.timing.medianMs);
  const vsSkimage = ratio(ref?.skimage?.timing.medianMs);
  const note = (value: number | null, what: string) => (value === null ? { note: `${what} not measured in this run` } : full ? {} : { note: 'not the issue\'s 2048 size' });
  const webgpu = runs.find((r) => r.backend === 'webgpu');
  const gpuWhy = webgpu === undefined ? 'webgpu not measured in this run' : gpu?.software ? 'software adapter: correctness only' : undefined;
  return [
    { target: `CPU FBP ${slice}: >= 1.5x faster than silx OpenCL (pocl)`, value: vsSilx, met: vsSilx === null || !full ? null : vsSilx >= 1.5, ...note(vsSilx, 'silx') },
    { target: `CPU FBP ${slice}: >= 20x faster than scikit-image iradon`, value: vsSkimage, met: vsSkimage === null || !full ? null : vsSkimage >= 20, ...note(vsSkimage, 'scikit-image') },
    {
      target: 'WebGPU FBP 2048² from 2048 angles: >= 2000 giga-updates/s',
      value: webgpu?.gups ?? null,
      met: gpuWhy === undefined && webgpu && full ? webgpu.gups >= 2000 : null,
      ...(gpuWhy !== undefined ? { note: gpuWhy } : !full ? { note: "not the issue's 2048 size" } : {}),
    },
  ];
}

/** Reference over pandaas CPU: wall medians, wall minima, and CPU-time medians (CPU time over all threads: less sensitive to other load). */
function ratios(cpu: PandaasRun | undefined, ref: ReferenceRun | undefined): Record<string, { wallMedian: number; wallMin: number; cpuMedian: number | null } | null> {
  const of = (t: Timing | undefined) =>
    cpu && t
      ? {
          wallMedian: t.medianMs / cpu.timing.medianMs,
          wallMin: t.minMs / cpu.timing.minMs,
          cpuMedian: t.cpuMedianMs !== undefined && cpu.timing.cpuMedianMs !== undefined ? t.cpuMedianMs / cpu.timing.cpuMedianMs : null,
        }
      : null;
  return { silxOverPandaasCpu: of(ref?.silx?.timing), skimageOverPandaasCpu: of(ref?.skimage?.timing) };
}

function table(runs: readonly PandaasRun[], ref: ReferenceRun | undefined, options: TomoOptions, agreement: Record<string, number>, software: boolean): string {
  const updates = options.angles * options.size ** 2;
  const rows: [string, Timing | undefined][] = [
    ...runs.map((r) => [`pandaas ${r.backend}`, r.timing] as [string, Timing]),
    ['silx OpenCL', ref?.silx?.timing],
    ['scikit-image', ref?.skimage?.timing],
  ];
  const lines = [`${'variant'.padEnd(16)}  median s    min s    GU/s   CPU s   agreement (max |diff| / range vs pandaas cpu)`];
  for (const [name, t] of rows) {
    if (t === undefined) continue;
    const key = name.replace('pandaas ', '');
    const cpu = t.cpuMedianMs === undefined ? '-' : (t.cpuMedianMs / 1000).toFixed(2);
    const label = key === 'webgpu' && software ? '   (software adapter: correctness only)' : '';
    lines.push(`${name.padEnd(16)}${(t.medianMs / 1000).toFixed(3).padStart(10)}${(t.minMs / 1000).toFixed(3).padStart(9)}${(updates / t.medianMs / 1e6).toFixed(2).padStart(8)}${cpu.padStart(8)}   ${agreement[key]?.toExponential(2) ?? ''}${label}`);
  }
  return lines.join('\n');
}

async function main(options: TomoOptions): Promise<number> {
  const angles = Array.from({ length: options.angles }, (_, i) => (i * Math.PI) / options.angles);
  log(`${options.angles} angles -> ${options.size}², ramp, linear, ${options.threads} threads; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const sino = sheppLoganSinogram(options.angles, options.size);
  const reference = await withTempFolder('pandaas-bench-tomo-', async (folder) => {
    const path = join(folder, 'sino.f32');
    writeFileSync(path, new Uint8Array(sino.buffer, sino.byteOffset, sino.byteLength));
    const spec = { sinogram: path, nAngles: options.angles, nDet: options.size, size: options.size, runs: options.runs, skimage: options.skimage, skimageRuns: 1, silx: true, accuracy: options.accuracy, accuracyAngles: 360, folder };
    log(`references: ${options.python} ${options.reference ?? '(skipped)'}${options.skimage ? ' (scikit-image included)' : ''}`);
    const result: ReferenceResult<ReferenceRun> = await runReference<ReferenceRun>(options.python, options.reference, () => spec, process.env);
    // the images and the accuracy files live in the temporary folder: read them before it goes
    const images = { silx: result.result?.silx && readFloats(result.result.silx.image), skimage: result.result?.skimage && readFloats(result.result.skimage.image) };
    const check = result.result?.accuracy ? await accuracy(result.result.accuracy) : undefined;
    return { ...result, images, check };
  });
  if (reference.reason) log(`no reference: ${reference.reason}`);
  if (reference.result?.silxError) log(`silx failed: ${reference.result.silxError}`);

  setPoolSize(options.threads);
  const runs: PandaasRun[] = [];
  const failures: { backend: string; error: string }[] = [];
  const loadBefore = loadavg();
  if (options.backends.includes('cpu')) {
    log('pandaas cpu');
    try {
      runs.push(await measure('cpu', options, angles, sino));
    } catch (err) {
      failures.push({ backend: 'cpu', error: errorText(err) });
    }
  }
  const gpu = await webgpuDevice(options);
  if (gpu.reason && options.backends.includes('webgpu')) log(`webgpu unavailable: ${gpu.reason}`);
  if (gpu.device) {
    log(`pandaas webgpu: ${gpu.device.summary ?? ''}`);
    try {
      runs.push(await measure('webgpu', options, angles, sino));
    } catch (err) {
      failures.push({ backend: 'webgpu', error: errorText(err) });
    }
  }
  const loadAfter = loadavg();
  const cpuImage = runs.find((r) => r.backend === 'cpu')?.image;
  const agreement: Record<string, number> = {};
  if (cpuImage) {
    for (const r of runs) if (r.backend !== 'cpu') agreement[r.backend] = relativeDifference(r.image, cpuImage, options.size);
    if (reference.images.silx) agreement['silx OpenCL'] = relativeDifference(reference.images.silx, cpuImage, options.size);
    if (reference.images.skimage) agreement['scikit-image'] = relativeDifference(reference.images.skimage, cpuImage, options.size);
  }
  const ref = reference.result;
  const report = {
    schema: 'pandaas-bench-tomo/1',
    date: new Date().toISOString(),
    host: hostInfo(),
    load: { before: loadBefore, after: loadAfter, note: 'os.loadavg() around the pandaas runs; other processes share these cores' },
    options: { quick: options.quick, size: options.size, angles: options.angles, runs: options.runs, threads: options.threads, filter: 'ramp', center: 'skimage (nDet // 2)' },
    references: ref
      ? { python: ref.python, numpy: ref.numpy, skimage: ref.skimage ? { version: ref.skimage.version, timing: ref.skimage.timing } : 'not run at this size (--skimage)', silx: ref.silx ? { version: ref.silx.version, device: ref.silx.device, computeUnits: ref.silx.computeUnits, timing: ref.silx.timing } : (ref.silxError ?? 'not run') }
      : { available: false, reason: reference.reason },
    webgpu: gpu.device ? { available: true, device: gpu.device } : { available: false, reason: gpu.reason },
    methodology: [
      'seconds: the median of `runs` calls of FbpPlan.reconstruct (filter + backprojection + host copies) after a first call timed apart; the plan (angles, filter, GPU buffers) is made once, outside.',
      'GU/s = nAngles * size^2 / median time (giga-updates per second).',
      'CPU s: the median CPU time of the process over all its threads (process.cpuUsage in Node, time.process_time in Python) per call: on a shared machine it says what the work costs whatever else runs; pandaas CPU s / threads estimates its wall time on an idle machine. ratios give wall medians, wall minima and CPU medians.',
      "silx: Backprojection(sino_shape, slice_shape, angles, axis_position = nDet // 2).filtered_backprojection(sino) on its OpenCL device (pocl: all the machine's cores), same timing.",
      'scikit-image: iradon(sino.T, theta, output_size, ramp, linear, circle=False), single-threaded numpy, one run.',
      'agreement: max |image - pandaas cpu| / (pandaas cpu range) inside 0.45 * size of the centre (silx filters differently: ~1e-2 is expected there).',
      'The references run first, then pandaas (never at the same time); the load average says what else the machine was doing.',
      ...(gpu.device?.software ? ['The WebGPU adapter is a software rasteriser: its figures are for correctness only, never performance.'] : []),
    ],
    results: runs.map((r) => ({ backend: r.backend, timing: r.timing, gups: r.gups, ...(r.backend === 'webgpu' && gpu.device?.software && { label: 'software rasteriser: correctness only' }) })),
    ratios: ratios(runs.find((r) => r.backend === 'cpu'), ref),
    agreement,
    accuracy: reference.check ?? (options.accuracy > 0 ? 'not run (no reference)' : 'not asked for'),
    failures,
    targets: targets(options, runs, ref, gpu.device),
  };
  const out = options.out ?? resultsPath(`tomo-${hostSlug()}${options.quick ? '-quick' : ''}.json`, options.quick);
  const notes = [
    ...(reference.check ? [`accuracy ${reference.check.size} px, ${reference.check.angles} angles: max |diff| / range vs scikit-image = ${reference.check.maxDiffOverRange.toExponential(2)} (${reference.check.passes ? 'within' : 'NOT within'} 1e-5)`] : []),
    `load average before/after the pandaas runs: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} / ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    ...failures.map((f) => `${f.backend} failed: ${f.error}`),
  ];
  await writeReport(out, report, { table: table(runs, ref, options, agreement, gpu.device?.software === true), targets: report.targets, notes, log });
  await shutdownBackends();
  const missing = options.backendsRequested && options.backends.includes('webgpu') && gpu.device === undefined;
  return failures.length > 0 || missing || reference.check?.passes === false ? 1 : 0;
}

runBenchmark(TOMO_USAGE, (argv) => parseTomoOptions(argv, join(HERE, 'reference.py')), main);
