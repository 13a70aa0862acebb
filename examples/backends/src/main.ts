/**
 * The pandaas demo: one real detector frame (a PILATUS 300K-W image of LaB6 from SSRL 7-2) run
 * through core kernels on every backend this machine has, each result checked against the CPU's,
 * and a table of what ran where.
 */
import { readFile } from 'node:fs/promises';
import {
  argmax, array, availableBackends, binary, cast, csrSpmv, fft, getBackend, max, shutdownBackends, sum, where,
  type NdArray,
} from '@pandaas/core';

const ROWS = 195;
const COLUMNS = 1475;
const WIDTH = 5; // detector columns per profile bin
const BINS = COLUMNS / WIDTH;
const FFT_LENGTH = 294; // 2 * 3 * 7^2: a smooth length inside the 295 bins
const frameUrl = new URL('../data/pilatus300kw_lab6_0032.raw', import.meta.url);

interface Outcome {
  total: number;
  brightest: number;
  brightestAt: number;
  profile: Float32Array;
  spectrum: Float32Array;
  ms: number;
}

/** A CSR matrix that sums the pixels of every WIDTH detector columns (one matrix row per bin). */
function columnBinning(): { indptr: Int32Array; indices: Int32Array; weights: Float32Array } {
  const indptr = new Int32Array(BINS + 1);
  const indices = new Int32Array(ROWS * COLUMNS);
  let k = 0;
  for (let bin = 0; bin < BINS; bin++) {
    for (let r = 0; r < ROWS; r++) {
      for (let c = bin * WIDTH; c < (bin + 1) * WIDTH; c++) indices[k++] = r * COLUMNS + c;
    }
    indptr[bin + 1] = k;
  }
  return { indptr, indices, weights: new Float32Array(k).fill(1) };
}

async function analyse(backend: string, counts: Int32Array, csr: ReturnType<typeof columnBinning>): Promise<Outcome> {
  const on = { backend };
  const owned: NdArray[] = [];
  const keep = <T extends NdArray>(a: T): T => (owned.push(a), a);
  const start = performance.now();
  const raw = keep(array(counts, { shape: [ROWS, COLUMNS], ...on }));
  const zero = keep(array(new Int32Array(1), on));
  // gaps and dead pixels are negative on a Pilatus: count them as zero
  const valid = keep(await binary('greater', raw, zero));
  const frame = keep(await cast(keep(await where(valid, raw, zero)), 'float32'));
  const total = keep(await sum(frame));
  const brightest = keep(await max(frame));
  const brightestAt = keep(await argmax(frame));
  const matrix = {
    indptr: keep(array(csr.indptr, on)),
    indices: keep(array(csr.indices, on)),
    weights: keep(array(csr.weights, on)),
  };
  const profile = keep(await csrSpmv(matrix, keep(frame.reshape([ROWS * COLUMNS]))));
  const spectrum = await fft(keep(profile.slice([0, FFT_LENGTH])));
  owned.push(spectrum.re, spectrum.im);
  const outcome: Outcome = {
    total: (await total.data())[0],
    brightest: (await brightest.data())[0],
    brightestAt: (await brightestAt.data())[0],
    profile: (await profile.data()) as Float32Array,
    spectrum: (await spectrum.re.data()) as Float32Array,
    ms: performance.now() - start,
  };
  for (const a of owned) a.dispose();
  return outcome;
}

function largestRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

const counts = new Int32Array((await readFile(frameUrl)).buffer.slice(0));
const csr = columnBinning();
const backends = await availableBackends();
console.log(`pandaas demo: PILATUS 300K-W LaB6 frame (${ROWS} x ${COLUMNS} int32) on ${backends.join(', ')}\n`);

const reference = await analyse('cpu', counts, csr);
const rows: Record<string, string | number>[] = [];
for (const name of backends) {
  const outcome = name === 'cpu' ? reference : await analyse(name, counts, csr);
  const backend = getBackend(name) as { describe?: () => string };
  const peakBin = outcome.profile.indexOf(Math.max(...outcome.profile));
  rows.push({
    backend: name,
    device: backend.describe?.() ?? 'JavaScript, this thread and the worker pool',
    'sum of counts': outcome.total,
    'brightest pixel': `${outcome.brightest} at (${Math.floor(outcome.brightestAt / COLUMNS)}, ${outcome.brightestAt % COLUMNS})`,
    'ring at column': `${peakBin * WIDTH}-${peakBin * WIDTH + WIDTH - 1}`,
    'profile vs cpu': largestRelativeDifference(outcome.profile, reference.profile).toExponential(1),
    'FFT vs cpu': largestRelativeDifference(outcome.spectrum, reference.spectrum).toExponential(1),
    'ms': Math.round(outcome.ms),
  });
}
console.table(rows);
console.log('\nkernels run on each backend: cast, where, binary(greater), sum, max, argmax, csrSpmv, fft');
await shutdownBackends();
