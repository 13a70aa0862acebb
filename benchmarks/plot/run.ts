/**
 * The plot benchmark: a 2167 x 2070 float32 frame (synthetic powder rings and spots, NaN in the
 * module gaps; `frame.ts`) to an 800 x 800 PNG with axes and a colorbar — `imagePlot` (validation,
 * min-max autoscale) then `renderPng` (layout, 'max' aggregation to the plot's pixels, viridis,
 * @napi-rs/canvas painting and PNG encoding) — on one core (the process pins itself to CPU 0 with
 * taskset when it can). Target: under 150 ms. Beside it, in the same invocation and before the
 * pandaas runs, matplotlib's imshow + colorbar + savefig of the same frame at the same size
 * (`reference.py`, single-threaded), as the reference ratio. Prints one JSON object and writes it,
 * atomically, to `benchmarks/results/plot-<host>.json` (`--quick`: the temporary folder); a table
 * goes to stderr. Not a test: the target is reported, never asserted.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 bench:plot -- --runs 20
 * ```
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { colorize, downsample, imagePlot, renderPng } from '@pandaas/plot';
import { runReference, withTempFolder } from '../common/child.js';
import { logger, positiveIntegerOr, RUN_ARGS, runBenchmark, runChoice, type RunChoice } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, writeAtomically } from '../common/output.js';
import { median } from '../core/timing.js';
import { ringsFrame } from './frame.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const WIDTH = 2070;
const HEIGHT = 2167;
const SIZE = 800;
const TARGET_MS = 150;
const SEED = 7;
const PINNED = 'PANDAAS_BENCH_PLOT_PINNED';

const USAGE = `Usage: run.ts [options]
  --runs N         timed runs after the warm-up (default 10, quick 3)
  --quick          fewer runs, results to the temporary folder (a smoke test)
  --no-reference   skip matplotlib
  --no-pin         do not pin the process to CPU 0
  --python PATH    the Python with matplotlib (default /usr/bin/python3)
  --out FILE       where to write the JSON`;

interface PlotOptions extends RunChoice {
  runs: number;
  /** false with `--no-reference`. */
  reference: boolean;
  /** false with `--no-pin`. */
  pin: boolean;
}

interface Timing {
  warmupMs: number;
  medianMs: number;
  minMs: number;
  runs: number;
}

interface Reference {
  matplotlib: string;
  numpy: string;
  python: string;
  variants: Record<string, Timing & { bytes: number }>;
}

const log = logger('bench:plot');

function parsePlotOptions(argv: string[]): PlotOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...RUN_ARGS,
      runs: { type: 'string' },
      'no-reference': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  return { ...runChoice(values), runs: positiveIntegerOr(values.runs, values.quick ? 3 : 10, '--runs'), reference: !values['no-reference'], pin: !values['no-pin'] };
}

/** Warm-up, then `runs` timed calls of `fn`; `check` sees every result (so none is optimised away). */
async function time<T>(runs: number, fn: () => T | Promise<T>, check: (r: T) => void): Promise<Timing> {
  let t0 = performance.now();
  check(await fn());
  const warmupMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    const r = await fn();
    times.push(performance.now() - t0);
    check(r);
  }
  return { warmupMs, medianMs: median(times), minMs: Math.min(...times), runs };
}

/** Width and height from a PNG's IHDR. */
function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** Re-runs this script under `taskset -c 0` (one core), unless pinned already or not possible. */
function pinToOneCore(enabled: boolean): boolean {
  if (!enabled || process.env[PINNED] === '1' || process.platform !== 'linux' || !existsSync('/usr/bin/taskset')) return process.env[PINNED] === '1';
  const result = spawnSync('/usr/bin/taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED]: '1', UV_THREADPOOL_SIZE: '1' },
  });
  process.exit(result.status ?? 1);
}

async function main(cli: PlotOptions): Promise<number> {
  const pinned = pinToOneCore(cli.pin);
  const runs = cli.runs;

  log(`frame ${WIDTH} x ${HEIGHT} float32 (seed ${SEED})`);
  const frame = ringsFrame(WIDTH, HEIGHT, SEED);
  const image = { values: frame, width: WIDTH, height: HEIGHT };
  const options = { width: SIZE, height: SIZE, colormap: 'viridis', aggregation: 'max' as const, title: 'synthetic Eiger 4M frame', colorbar: { label: 'counts' } };

  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const matplotlib = await withTempFolder('pandaas-bench-plot-', (dir) => {
    const spec = (): unknown => {
      const path = join(dir, 'frame.f32');
      writeFileSync(path, new Uint8Array(frame.buffer));
      log('matplotlib (single-threaded) ...');
      return { frame: path, width: WIDTH, height: HEIGHT, size: SIZE, colormap: 'viridis', runs };
    };
    return runReference<Reference>(cli.python, cli.reference ? join(HERE, 'reference.py') : undefined, spec, env);
  });
  const reference = matplotlib.result;
  const referenceNote = matplotlib.reason;

  log('pandaas ...');
  let bytes = 0;
  const total = await time(runs, async () => renderPng(imagePlot(image, options)), (png) => {
    const [w, h] = pngSize(png);
    if (w !== SIZE || h !== SIZE) throw new Error(`the PNG is ${w} x ${h}, not ${SIZE} x ${SIZE}`);
    bytes = png.length;
  });
  const fig = imagePlot(image, options);
  const stages = {
    imagePlot: await time(runs, () => imagePlot(image, options), (f) => void f.width),
    renderPng: await time(runs, () => renderPng(fig), (png) => void png.length),
    // the image work alone, at about the plot area's size (for the breakdown)
    downsampleMax: await time(runs, () => downsample(frame, WIDTH, HEIGHT, 620, 650, 'max'), (d) => void d[0]),
    downsampleThenColorize: await time(runs, () => colorize(downsample(frame, WIDTH, HEIGHT, 620, 650, 'max'), 620, 650, { vmin: 0, vmax: 1e4 }), (c) => void c.rgba[0]),
  };

  const primary = reference?.variants['imshow-default'];
  const result = {
    benchmark: 'plot',
    date: new Date().toISOString(),
    host: hostInfo(),
    pinnedToOneCore: pinned,
    case: {
      work: `imagePlot + renderPng: ${WIDTH} x ${HEIGHT} float32 frame (NaN gaps) -> ${SIZE} x ${SIZE} PNG, viridis, 'max' aggregation, axes and colorbar`,
      frame: { width: WIDTH, height: HEIGHT, dtype: 'float32', seed: SEED },
      size: SIZE,
    },
    pandaas: { total, pngBytes: bytes, stages },
    reference: reference ?? { note: referenceNote },
    ratio: primary ? { reference: 'matplotlib imshow-default', median: total.medianMs / primary.medianMs, min: total.minMs / primary.minMs } : null,
    target: { target: `frame to ${SIZE} x ${SIZE} PNG under ${TARGET_MS} ms on one core`, value: total.medianMs, met: total.medianMs < TARGET_MS },
  };
  const out = cli.out ?? resultsPath(`plot-${hostSlug()}${cli.quick ? '-quick' : ''}.json`, cli.quick);
  const text = JSON.stringify(result, null, 2);
  await writeAtomically(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  const f = (t: Timing) => `${t.medianMs.toFixed(1).padStart(8)} ${t.minMs.toFixed(1).padStart(8)} ${t.warmupMs.toFixed(1).padStart(10)}`;
  const lines = [`${'variant'.padEnd(34)} median ms   min ms  warm-up ms`, `${'pandaas imagePlot + renderPng'.padEnd(34)}${f(total)}`];
  for (const [name, t] of Object.entries(stages)) lines.push(`${`  ${name}`.padEnd(34)}${f(t)}`);
  for (const [name, t] of Object.entries(reference?.variants ?? {})) lines.push(`${`matplotlib ${name}`.padEnd(34)}${f(t)}`);
  log(`\n${lines.join('\n')}`);
  log(`target < ${TARGET_MS} ms on one core: ${result.target.met ? 'met' : 'NOT met'} (median ${total.medianMs.toFixed(1)} ms${pinned ? ', pinned to CPU 0' : ', not pinned'})`);
  if (result.ratio) log(`ratio to matplotlib imshow: ${result.ratio.median.toFixed(3)} (median)`);
  else log(`no matplotlib reference: ${referenceNote}`);
  log(`written to ${out}`);
  return 0;
}

runBenchmark(USAGE, parsePlotOptions, main);
