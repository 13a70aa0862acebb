/**
 * The fit benchmark, pandaas beside scipy and silx in the same invocation (`reference.py`, run
 * single-threaded before the pandaas runs, on the very same numbers):
 * 1. one gaussian + linear background on 2048 points: `leastsq` vs scipy `curve_fit` and silx
 *    `leastsq` (target: at least 3x faster than curve_fit);
 * 2. a batch of such fits on 128 points: `fitMany` fits/s on the CPU pool (target: 20 000 fits/s
 *    on the 2-core CPU) and on WebGPU when it initialises, the device named (target: 1e6 fits/s
 *    on an H100-class GPU; a software adapter's figure is a smoke value), vs scipy and silx loops;
 * 3. SNIP on 10 000 spectra of 2048 channels: `snip1dMany` spectra/s vs silx `snip1d`.
 * Prints one JSON object and writes it, atomically, to `benchmarks/results/fit-<host>-<date>.json`
 * (`--quick`: the temporary folder); a table goes to stderr. Exit status 1 when a variant failed,
 * disagreed with the reference, or a backend named with `--backend` is missing. Not a test: the
 * targets are reported, never asserted.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 bench:fit --quick
 * ```
 * @module
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, shutdownBackends } from '@pandaas/core';
import { runReference, withTempFolder, type ReferenceResult } from '../common/child.js';
import { errorText, logger, runBenchmark } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, today, writeReport, type TargetCheck } from '../common/output.js';
import { describeDevice, type DeviceDescription } from '../core/device.js';
import type { Timing } from '../core/timing.js';
import { batchCurves, singleCurve, snipSpectra, writeFloat64 } from './inputs.js';
import { measureBatchCpu, measureBatchGpu, measureSingle, measureSnip, tiled, type BatchRun, type SnipRun } from './measure.js';
import { FIT_USAGE, parseFitOptions, type FitOptions } from './options.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SNIP_CHANNELS = 2048;
/** Curves generated for the GPU batch, tiled up to --gpu-fits. */
const GPU_DISTINCT = 20_000;
/** The most fits a software adapter (llvmpipe) is given: its figure is a smoke value. */
const SOFTWARE_GPU_FITS = 2000;
const SINGLE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMEXPR_NUM_THREADS: '1' };

interface Reference {
  python: string; numpy: string; scipy: string; silx: string;
  single: { timings: Record<string, Timing>; params: number[]; silxParams: number[] };
  batch: { count: number; timings: Record<string, Timing>; params: number[] };
  snip: { timings: Record<string, Timing>; checksum: number; first: number[] };
}

const log = logger('bench:fit');

/** Largest relative difference of two parameter vectors of 5-parameter rows (FWHM compared by magnitude: its sign is free). */
function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>, count: number): number {
  let worst = 0;
  for (let q = 0; q < count; q++) {
    const x = q % 5 === 4 ? Math.abs(a[q]) : a[q], y = q % 5 === 4 ? Math.abs(b[q]) : b[q];
    // slopes near 0 are compared to the background level instead of themselves
    const scale = q % 5 === 1 ? Math.abs(b[q - 1]) / 128 : Math.abs(y);
    worst = Math.max(worst, Math.abs(x - y) / scale);
  }
  return worst;
}

function runScipySilx(options: FitOptions, folder: string, data: { single: ReturnType<typeof singleCurve>; batch: ReturnType<typeof batchCurves>; snip: Float64Array; snipN: number }): Promise<ReferenceResult<Reference>> {
  const spec = (): unknown => ({
    runs: options.runs,
    single: { m: data.single.m, ys: writeFloat64(folder, 'single.f64', data.single.ys), p0: writeFloat64(folder, 'single-p0.f64', data.single.p0) },
    batch: {
      n: data.batch.n, m: data.batch.m, count: Math.min(options.referenceFits, data.batch.n),
      ys: writeFloat64(folder, 'batch.f64', data.batch.ys), p0: writeFloat64(folder, 'batch-p0.f64', data.batch.p0),
    },
    snip: { n: data.snipN, m: SNIP_CHANNELS, width: options.snipWidth, ys: writeFloat64(folder, 'snip.f64', data.snip) },
  });
  return runReference<Reference>(options.python, options.reference, spec, { ...process.env, ...SINGLE_THREAD });
}

function batchSummary(r: BatchRun): Record<string, unknown> {
  return { variant: r.variant, fits: r.fits, ...r.timing, fitsPerSecond: r.fitsPerSecond, converged: r.converged };
}

function snipSummary(r: SnipRun): Record<string, unknown> {
  return { variant: r.variant, ...r.timing, spectraPerSecond: r.spectraPerSecond, checksum: r.checksum };
}

async function main(options: FitOptions): Promise<number> {
  log('building inputs');
  const single = singleCurve();
  const batch = batchCurves(options.batchFits);
  const snipN = options.snipSpectra;
  const snip = snipSpectra(snipN, SNIP_CHANNELS);
  const reference = await withTempFolder('pandaas-bench-fit-', (folder) => {
    log(`scipy/silx reference: ${options.python} ${options.reference ?? '(none)'}`);
    return runScipySilx(options, folder, { single, batch, snip, snipN });
  });
  const ref = reference.result;
  if (ref === undefined) log(`no reference: ${reference.reason}`);
  const failures: string[] = [];
  const targets: TargetCheck[] = [];

  log('single fit, 2048 points');
  const one = await measureSingle(single, Math.max(options.runs, 5));
  const pandaasMs = one.timings.leastsq.medianMs;
  const scipyMs = ref?.single.timings.curve_fit.medianMs;
  const singleAgreement = ref && { vsCurveFit: maxRelative(one.params, ref.single.params, 5), vsSilx: maxRelative(one.params, ref.single.silxParams, 5) };
  if (singleAgreement && singleAgreement.vsCurveFit > 1e-6) failures.push(`single fit: parameters differ from curve_fit's by ${singleAgreement.vsCurveFit.toExponential(2)} (relative)`);
  targets.push(scipyMs === undefined
    ? { target: 'single fit >= 3x faster than scipy curve_fit', value: null, met: null, note: 'no scipy reference' }
    : { target: 'single fit >= 3x faster than scipy curve_fit', value: scipyMs / pandaasMs, met: scipyMs / pandaasMs >= 3 });

  log(`batch: ${batch.n} fits of 128 points on the CPU`);
  const cpuRuns: BatchRun[] = [];
  for (const threads of options.poolSizes) {
    try {
      cpuRuns.push(await measureBatchCpu(batch, threads, options.runs));
    } catch (err) {
      failures.push(`batch cpu/pool-${threads}: ${errorText(err)}`);
    }
  }
  let batchAgreement: number | undefined;
  if (ref && cpuRuns.length > 0) {
    batchAgreement = maxRelative(cpuRuns[0].params, ref.batch.params, ref.batch.count * 5);
    if (batchAgreement > 1e-4) failures.push(`batch: fitMany's parameters differ from curve_fit's by ${batchAgreement.toExponential(2)} (relative)`);
  }
  const bestCpu = cpuRuns.reduce((best, r) => Math.max(best, r.fitsPerSecond), 0);
  targets.push({ target: `batch >= 20 000 fits/s on the CPU (${hostInfo().cores} cores)`, value: bestCpu || null, met: cpuRuns.length > 0 ? bestCpu >= 20_000 : null });

  let device: DeviceDescription | undefined;
  const gpuRuns: BatchRun[] = [];
  let webgpuUnavailable: string | undefined;
  if (options.backends.includes('webgpu')) {
    try {
      device = describeDevice(await initBackend('webgpu'));
      const fits = device.software ? Math.min(options.gpuFits, SOFTWARE_GPU_FITS) : options.gpuFits;
      log(`batch: ${fits} fits on WebGPU (${device.summary ?? 'device'})`);
      const gpuCurves = tiled(batchCurves(Math.min(GPU_DISTINCT, fits)), fits);
      gpuRuns.push(...(await measureBatchGpu(gpuCurves, options.runs)));
      const check = maxRelative(gpuRuns[0].params, cpuRuns[0]?.params ?? gpuRuns[0].params, Math.min(fits, batch.n) * 5);
      if (check > 1e-3) failures.push(`batch webgpu: parameters differ from the CPU's by ${check.toExponential(2)} (relative)`);
    } catch (err) {
      webgpuUnavailable = errorText(err);
      log(`webgpu: ${webgpuUnavailable}`);
      if (options.backendsRequested) failures.push(`webgpu: ${webgpuUnavailable}`);
    }
  }
  const bestGpu = gpuRuns.reduce((best, r) => Math.max(best, r.fitsPerSecond), 0);
  const h100Class = device !== undefined && !device.software && /h100|h200|b200|gh200/i.test(`${JSON.stringify(device.adapter)} ${device.nvidiaSmi ?? ''}`);
  targets.push({
    target: 'batch >= 1 000 000 fits/s on an H100-class GPU',
    value: bestGpu || null,
    met: h100Class ? bestGpu >= 1e6 : null,
    ...(!h100Class && { note: device === undefined ? 'no WebGPU device' : `the device is not H100-class${device.software ? ' (a software rasteriser: a smoke value)' : ''}` }),
  });

  log(`SNIP: ${snipN} spectra of ${SNIP_CHANNELS} channels, width ${options.snipWidth}`);
  const snipRuns: SnipRun[] = [];
  for (const threads of options.poolSizes) snipRuns.push(await measureSnip(snip, snipN, SNIP_CHANNELS, options.snipWidth, threads, Math.max(1, Math.ceil(options.runs / 2))));
  const silxSnipMs = ref?.snip.timings['silx snip1d'].medianMs;
  if (ref) {
    const same = snipRuns.every((r) => Math.abs(r.checksum - ref.snip.checksum) <= 1e-12 * Math.abs(ref.snip.checksum) && r.first.every((v, i) => v === ref.snip.first[i]));
    if (!same) failures.push("SNIP: backgrounds differ from silx's");
  }

  const report = {
    schema: 'pandaas-bench-fit/1',
    date: new Date().toISOString(),
    host: hostInfo(),
    options: { quick: options.quick, runs: options.runs, poolSizes: options.poolSizes, batchFits: options.batchFits, referenceFits: options.referenceFits, gpuFits: options.gpuFits, snipSpectra: snipN, snipWidth: options.snipWidth },
    reference: ref ? { available: true, python: ref.python, numpy: ref.numpy, scipy: ref.scipy, silx: ref.silx, threads: 1 } : { available: false, reason: reference.reason },
    methodology: [
      'Times in ms: warm-up = the first call alone; median and min of the timed calls after it.',
      'The same numbers on both sides: run.ts generates them (seeded Poisson counts) and hands them to reference.py as float64 files.',
      'single: per fit (leastsq: 20 fits per timed call). curve_fit is called as users do (method lm, numeric Jacobian); speedup = curve_fit median / leastsq median.',
      'batch: fitMany per call of all curves, each curve with its own start values; fits/s = curves / median time. scipy/silx fit the first referenceFits curves in a Python loop.',
      'webgpu/resident: curves already a float32 NdArray on the GPU; webgpu/from-host: float64 curves in JS memory, converted and uploaded by each call. Both read the results back.',
      'snip: snip1dMany per call over all spectra (into a preallocated output) vs silx snip1d called on each spectrum (it flattens 2-D arrays).',
      'scipy/silx run single-threaded (OMP/OPENBLAS/MKL_NUM_THREADS=1), before the pandaas runs.',
    ],
    single: {
      points: single.m,
      pandaas: one.timings,
      reference: ref?.single.timings,
      speedupVsCurveFit: scipyMs === undefined ? null : scipyMs / pandaasMs,
      speedupVsSilx: ref ? ref.single.timings['silx leastsq'].medianMs / pandaasMs : null,
      status: one.status,
      agreement: singleAgreement ?? null,
    },
    batch: {
      points: batch.m,
      cpu: cpuRuns.map(batchSummary),
      webgpu: gpuRuns.length > 0 ? { device, runs: gpuRuns.map(batchSummary) } : { unavailable: webgpuUnavailable ?? 'not asked for' },
      reference: ref && Object.fromEntries(Object.entries(ref.batch.timings).map(([name, t]) => [name, { ...t, fits: ref.batch.count, fitsPerSecond: ref.batch.count / (t.medianMs / 1000) }])),
      agreementWithCurveFit: batchAgreement ?? null,
    },
    snip: {
      spectra: snipN,
      channels: SNIP_CHANNELS,
      width: options.snipWidth,
      pandaas: snipRuns.map(snipSummary),
      reference: ref && { ...ref.snip.timings['silx snip1d'], spectraPerSecond: snipN / ((silxSnipMs as number) / 1000) },
      sameAsSilx: ref ? !failures.some((f) => f.startsWith('SNIP')) : null,
    },
    targets,
    failures,
  };
  const rows = [
    `single fit (2048 points): leastsq ${pandaasMs.toFixed(3)} ms${scipyMs === undefined ? '' : `, curve_fit ${scipyMs.toFixed(3)} ms (x${(scipyMs / pandaasMs).toFixed(1)})`}${ref ? `, silx ${ref.single.timings['silx leastsq'].medianMs.toFixed(3)} ms` : ''}`,
    ...cpuRuns.map((r) => `batch ${r.variant}: ${Math.round(r.fitsPerSecond)} fits/s (${r.converged}/${r.fits} converged)`),
    ...gpuRuns.map((r) => `batch ${r.variant}: ${Math.round(r.fitsPerSecond)} fits/s${device?.software ? ' (software adapter: smoke value)' : ''}`),
    ...(ref ? Object.entries(ref.batch.timings).map(([name, t]) => `batch ${name}: ${Math.round(ref.batch.count / (t.medianMs / 1000))} fits/s`) : []),
    ...snipRuns.map((r) => `snip ${r.variant}: ${Math.round(r.spectraPerSecond)} spectra/s`),
    ...(silxSnipMs === undefined ? [] : [`snip silx snip1d: ${Math.round(snipN / (silxSnipMs / 1000))} spectra/s`]),
  ];
  const out = options.out ?? resultsPath(`fit-${hostSlug()}-${today()}${options.quick ? '-quick' : ''}.json`, options.quick);
  await writeReport(out, report, { table: rows.join('\n'), targets, notes: failures.map((f) => `FAILED: ${f}`), log });
  await shutdownBackends();
  return failures.length > 0 ? 1 : 0;
}

runBenchmark(FIT_USAGE, (argv) => parseFitOptions(argv, join(HERE, 'reference.py')), main);
