/**
 * The io benchmark: two Eiger 4M stacks (uint32, 2167 x 2070, one chunk per frame; deflate, and
 * bitshuffle + LZ4) written by `make_stack.py` from a real Eiger frame, then streamed frame by
 * frame by h5py (+ hdf5plugin, `read_h5py.py`) and by `frames()` of @pandaas/io-nexus
 * (`stream.ts`: in this thread, and on worker threads; each with and without `reuse`), every
 * stream in a process of its own, in the same invocation. Prints one JSON object and writes it,
 * atomically, to `benchmarks/results/io-<host>-<date>.json`; a table goes to stderr. Exit status
 * 1 when a reader failed or delivered a frame whose checksum differs from the generator's.
 *
 * @example
 * ```sh
 * npx pnpm@10.34.9 --filter @pandaas/benchmarks bench:io --quick
 * ```
 * @module
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedData } from '../../packages/core/src/testing/shared-data.js';
import { runJson } from '../common/child.js';
import { errorText, logger, runBenchmark } from '../common/cli.js';
import { hostInfo, hostSlug, resultsPath, today, writeReport } from '../common/output.js';
import { IO_USAGE, parseIoOptions, type IoOptions } from './options.js';
import { ioTable, ioTargets, variantReport, withRatios, type FileReport, type StackInfo, type StreamRun, type Variant, type VariantFailure, type VariantReport } from './report.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FILES = ['deflate', 'bitshuffle'] as const;

const log = logger('bench:io');

function variants(workers: number): Variant[] {
  return [
    { id: 'h5py', label: 'h5py ds[k] (+hdf5plugin)', reader: 'h5py' },
    { id: 'frames', label: 'frames()', reader: 'pandaas' },
    { id: 'frames-reuse', label: 'frames({ reuse: true })', reader: 'pandaas' },
    { id: 'frames-workers', label: `frames({ workers: ${workers} })`, reader: 'pandaas' },
    { id: 'frames-workers-reuse', label: `frames({ workers: ${workers}, reuse: true })`, reader: 'pandaas' },
  ];
}

/** The real Eiger frame of the shared data (PANDAAS_SHARED_DATA, or shared/data above the repository). */
function sharedEigerFrame(): string {
  try {
    return sharedData('nexus', 'bitshuffle.h5');
  } catch (err) {
    throw new Error(`${errorText(err)} Or pass --source.`, { cause: err });
  }
}

/** The stacks in `folder`: reused when stack.json says they have the frames asked for, else written. */
async function prepareStacks(folder: string, options: IoOptions): Promise<StackInfo> {
  const record = join(folder, 'stack.json');
  if (existsSync(record)) {
    const info = JSON.parse(readFileSync(record, 'utf8')) as StackInfo;
    if (info.frames === options.frames && Object.values(info.files).every((f) => existsSync(f.path))) {
      log(`reusing the ${info.frames}-frame stacks in ${folder}`);
      return info;
    }
  }
  const source = options.source ?? sharedEigerFrame();
  if (!existsSync(source)) throw new Error(`the real Eiger frame ${source} is missing: pass --source or set PANDAAS_SHARED_DATA`);
  log(`writing two ${options.frames}-frame stacks into ${folder} (h5py; about 0.5 s per frame on one core)`);
  const info = await runJson<StackInfo>(options.python, [join(HERE, 'make_stack.py'), '--out', folder, '--frames', String(options.frames), '--source', source]);
  writeFileSync(record, JSON.stringify(info));
  log(`written in ${info.writeSeconds.toFixed(1)} s`);
  return info;
}

/** Reads a file once, so that every reader finds it in the page cache. */
function warm(path: string): Promise<void> {
  return new Promise((done, fail) => {
    createReadStream(path, { highWaterMark: 8 << 20 })
      .on('data', () => undefined)
      .on('end', done)
      .on('error', fail);
  });
}

/** Node's flags for a stream: tsx's loader always; the `@pandaas/source` condition unless `--dist`. */
function nodeFlags(dist: boolean): string[] {
  if (!dist) return [...process.execArgv];
  const flags: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const flag = process.execArgv[i];
    if (flag === '-C' || flag === '--conditions') i++; // and its value
    else if (!flag.startsWith('--conditions=')) flags.push(flag);
  }
  return flags;
}

function stream(variant: Variant, file: { path: string; dataset: string }, options: IoOptions): Promise<StreamRun> {
  if (variant.reader === 'h5py') return runJson(options.python, [join(HERE, 'read_h5py.py'), file.path, file.dataset]);
  const args = [...nodeFlags(options.dist), join(HERE, 'stream.ts'), '--file', file.path, '--dataset', file.dataset];
  if (variant.id.includes('workers')) args.push('--workers', String(options.workers));
  if (variant.id.endsWith('reuse')) args.push('--reuse');
  return runJson(process.execPath, args);
}

function defaultOut(options: IoOptions): string {
  return resultsPath(`io-${hostSlug()}-${today()}${options.dist ? '-dist' : ''}${options.quick ? '-quick' : ''}.json`, options.quick);
}

async function main(options: IoOptions): Promise<number> {
  if (options.dist && !existsSync(join(HERE, '..', 'node_modules', '@pandaas', 'io-nexus', 'dist', 'frame-worker.js'))) {
    process.stderr.write('--dist measures the built package: run `npx pnpm@10.34.9 build` first\n');
    return 2;
  }
  const folder = options.data === undefined ? mkdtempSync(join(tmpdir(), 'pandaas-io-bench-')) : resolve(options.data);
  try {
    await mkdir(folder, { recursive: true });
    const stack = await prepareStacks(folder, options);
    for (const id of FILES) await warm(stack.files[id].path);
    const all = variants(options.workers);
    const runs = new Map<string, StreamRun[]>();
    const failures = new Map<string, string>();
    for (let round = 1; round <= options.runs; round++) {
      for (const id of FILES) {
        for (const variant of all) {
          const key = `${id}/${variant.id}`;
          if (failures.has(key)) continue;
          log(`run ${round}/${options.runs}: ${id}: ${variant.label}`);
          try {
            runs.set(key, [...(runs.get(key) ?? []), await stream(variant, stack.files[id], options)]);
          } catch (err) {
            log(`${key} failed: ${errorText(err)}`);
            failures.set(key, errorText(err));
          }
        }
      }
    }
    const files: FileReport[] = FILES.map((id) => ({
      id,
      file: stack.files[id].path,
      filters: stack.files[id].filters,
      fileBytes: stack.files[id].fileBytes,
      compressionRatio: stack.files[id].compressionRatio,
      results: withRatios(
        all.map((v): VariantReport | VariantFailure => {
          const error = failures.get(`${id}/${v.id}`);
          return error !== undefined ? { ...v, error } : variantReport(v, runs.get(`${id}/${v.id}`) ?? [], stack);
        }),
      ),
    }));
    const report = {
      schema: 'pandaas-bench-io/1',
      date: new Date().toISOString(),
      host: hostInfo(),
      options: { quick: options.quick, frames: options.frames, runs: options.runs, workers: options.workers, measured: options.dist ? 'dist (built package)' : 'sources (tsx)' },
      stack: {
        frames: stack.frames,
        shape: stack.shape,
        dtype: 'uint32',
        frameBytes: stack.frameBytes,
        rawBytes: stack.rawBytes,
        fourFramesBytes: 4 * stack.frameBytes,
        writeSeconds: stack.writeSeconds,
        madeFrom: stack.source,
      },
      reference: { python: stack.python, h5py: stack.h5py, hdf5: stack.hdf5, hdf5plugin: stack.hdf5plugin },
      methodology: [
        'Each stream runs in a process of its own (peak RSS is the kernel high-water mark of that process, worker threads included), one after the other, never two at once.',
        'Every round streams each file with every reader in turn; figures are the median (and best) over the rounds. The files are read once before the first round, so every reader finds them in the page cache.',
        'MB/s = frames x 2167 x 2070 x 4 bytes (uncompressed) / seconds from the first read request to the last frame delivered, 1e6 bytes per MB; the file is open already. Worker start-up counts (see the first-frame time).',
        'h5py reads ds[k] per frame (a new numpy array each time; HDF5 1.10 with the native zlib and the hdf5plugin bitshuffle/LZ4 filter, one thread). pandaas reads through h5wasm (HDF5 compiled to WebAssembly, its zlib and the h5wasm-plugins filters).',
        'Each reader computes the sum of every 101st element of each frame inside its loop; checksumsMatch says all of them equal those of the frames make_stack.py wrote.',
        'Peak growth = peak RSS while streaming - RSS after opening the file (h5wasm loaded, the file open, no frame read). It is checked against 4 frames (the issue asks for less than 4 frames plus a constant: the constant is the baseline). Growth after the first frame = the largest RSS seen after a frame - the RSS after the first frame: what piles up while streaming.',
        'The stacks are Poisson draws around a real Eiger 4M frame (shared/data/nexus/bitshuffle.h5) at an intensity drifting 0.7-1.3x, gaps kept: real compression ratios.',
      ],
      files,
      targets: [] as ReturnType<typeof ioTargets>,
    };
    report.targets = ioTargets(files, options.workers);
    await writeReport(options.out ?? defaultOut(options), report, { table: ioTable(files), targets: report.targets, log });
    const bad = files.some((f) => f.results.some((r) => 'error' in r || !r.checksumsMatch));
    return bad ? 1 : 0;
  } finally {
    if (options.data === undefined) rmSync(folder, { recursive: true, force: true });
  }
}

runBenchmark(IO_USAGE, (argv) => parseIoOptions(argv, { cores: availableParallelism() }), main);
