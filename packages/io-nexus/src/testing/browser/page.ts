// The page of the browser test: `pandaasRead(job)` opens the files chosen in <input id="files">
// (the first one; the others are its siblings) in a Web Worker with openH5InWorker, reads what
// the job asks, and answers plain data (tests only; bundled by bundle.ts).
import { findDefaultNxData, openH5InWorker } from '@pandaas/io-nexus';
import { summarize, type BrowserAnswer, type BrowserJob, type ReadResult } from './jobs.js';

const workers = new Map<string, Worker>();

/** One worker per plugin folder, created on first use, as a page would keep one. */
function workerFor(pluginBaseUrl: string): Worker {
  let worker = workers.get(pluginBaseUrl);
  if (worker === undefined) {
    worker = new Worker(new URL(`./h5-worker.js?plugins=${encodeURIComponent(pluginBaseUrl)}`, location.href), { type: 'module' });
    workers.set(pluginBaseUrl, worker);
  }
  return worker;
}

async function pandaasRead(job: BrowserJob): Promise<BrowserAnswer> {
  const input = document.querySelector<HTMLInputElement>('#files');
  const files = input?.files ? [...input.files] : [];
  if (files.length === 0) throw new Error('no file chosen in <input id="files">');
  const opening = performance.now();
  const file = await openH5InWorker(workerFor(job.pluginBaseUrl), files[0], { siblings: files.slice(1) });
  const openMs = performance.now() - opening;
  try {
    const reads: ReadResult[] = [];
    for (const read of job.reads) {
      const start = performance.now();
      try {
        const array = await (await file.dataset(read.path)).read(read.selection);
        const data = array.dataSync() as ArrayLike<number>;
        const ms = performance.now() - start;
        reads.push({ ok: true, shape: [...array.shape], dtype: array.dtype, summary: summarize(data), values: read.values ? Array.from(data) : undefined, ms });
      } catch (err) {
        const { name, message } = err instanceof Error ? err : new Error(String(err));
        reads.push({ ok: false, name, message, ms: performance.now() - start });
      }
    }
    let defaultPlot: BrowserAnswer['defaultPlot'];
    if (job.defaultPlot) {
      const plot = await findDefaultNxData(file);
      const axes = plot.nxdata?.axes ?? [];
      defaultPlot = {
        chain: [...plot.chain],
        signal: plot.nxdata?.signal?.dataset.path,
        axes: axes.map((axis) => axis?.dataset.path),
        binEdges: axes.map((axis) => axis?.binEdges === true),
      };
    }
    return { fileName: file.name, openMs, reads, defaultPlot };
  } finally {
    await file.close();
  }
}

(globalThis as unknown as { pandaasRead: typeof pandaasRead }).pandaasRead = pandaasRead;
