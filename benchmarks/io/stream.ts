/**
 * The pandaas side of the io benchmark, one stream per process (run.ts spawns it, so that the
 * kernel's peak-RSS mark belongs to this stream alone): opens FILE, streams DATASET with
 * `frames()` (in this thread, or with `--workers N` decoding threads; `--reuse` recycles the
 * chunks' memory), computes each frame's checksum (make_stack.py's) and prints one JSON object:
 * the time from the call to `frames()` to the last frame (file already open; worker start-up
 * included), the time to the first frame, the checksums, and memory — after opening (baseline),
 * after the first frame, the largest values seen after a frame (RSS, V8 external and ArrayBuffer memory, this thread's
 * wasm heap) and the peak RSS (`process.resourceUsage().maxRSS`, worker threads included).
 *
 * @example
 * ```sh
 * tsx --conditions=@pandaas/source io/stream.ts --file /tmp/bitshuffle.h5 --dataset /entry/data/data --workers 2 --reuse
 * ```
 * @module
 */
import { parseArgs } from 'node:util';
import { frames, loadH5wasm, openH5 } from '@pandaas/io-nexus';
import { frameChecksum } from './checksum.js';

/** Memory figures in bytes. */
export interface MemorySample {
  rss: number;
  external: number;
  arrayBuffers: number;
  wasmHeap: number;
}

/** What one stream reports. */
export interface StreamResult {
  frames: number;
  frameBytes: number;
  seconds: number;
  firstFrameSeconds: number;
  checksums: number[];
  memory: { baseline: MemorySample; afterFirstFrame: MemorySample; largest: MemorySample; peakRss: number };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      dataset: { type: 'string' },
      workers: { type: 'string', default: '0' },
      batch: { type: 'string', default: '1' },
      reuse: { type: 'boolean', default: false },
    },
  });
  if (values.file === undefined || values.dataset === undefined) throw new Error('stream.ts needs --file and --dataset');
  const workers = Number(values.workers);
  const batch = Number(values.batch);
  const { module } = await loadH5wasm();
  const sample = (): MemorySample => {
    const m = process.memoryUsage();
    return { rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, wasmHeap: module.HEAPU8.length };
  };
  const file = await openH5(values.file);
  try {
    const stack = await file.dataset(values.dataset);
    const frameBytes = (stack.shape as number[]).slice(1).reduce((a, b) => a * b, stack.type.size);
    const baseline = sample();
    const largest = { ...baseline };
    const checksums: number[] = [];
    let firstFrameSeconds = 0;
    let afterFirstFrame = baseline;
    const start = performance.now();
    for await (const chunk of frames(stack, { batch, reuse: values.reuse, ...(workers > 0 && { workers }) })) {
      const data = chunk.dataSync();
      const per = data.length / chunk.shape[0];
      for (let j = 0; j < chunk.shape[0]; j++) checksums.push(frameChecksum(data, j * per, per));
      const now = sample();
      if (firstFrameSeconds === 0) {
        firstFrameSeconds = (performance.now() - start) / 1000;
        afterFirstFrame = now;
      }
      for (const key of Object.keys(largest) as (keyof MemorySample)[]) largest[key] = Math.max(largest[key], now[key]);
    }
    const seconds = (performance.now() - start) / 1000;
    const result: StreamResult = {
      frames: checksums.length,
      frameBytes,
      seconds,
      firstFrameSeconds,
      checksums,
      memory: { baseline, afterFirstFrame, largest, peakRss: process.resourceUsage().maxRSS * 1024 },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await file.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
