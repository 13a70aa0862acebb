/**
 * How one case is timed on one backend. Inputs are built and (for the GPU-resident variants)
 * uploaded before timing; every output is consumed (its first element read, all of it on the
 * GPU's end-to-end variants) and disposed.
 *
 * - CPU: one call per run, at the pool size set by the caller.
 * - WebGPU `resident`: inputs already on the GPU, `residentRepeats` calls, then one sync (reading
 *   one element of the last output); time per call. The bandwidth figure.
 * - WebGPU `end-to-end`: inputs already on the GPU; one call and the full readback, awaited.
 * - WebGPU `from-host`: upload of the host inputs, one call, full readback: what a caller with
 *   data in JS memory sees.
 *
 * @example
 * ```ts
 * const result = await runVariant(cases[0], cases[0].build(), { backend: 'cpu', variant: 'pool-1', runs: 10 });
 * ```
 * @module
 */
import { array, type NdArray } from '@pandaas/core';
import type { BenchCase, HostInput } from './cases.js';
import { checksum, type Checksum } from './checksum.js';
import { measure, type Timing } from './timing.js';

/** The variants of the WebGPU backend. */
export const WEBGPU_VARIANTS = ['resident', 'end-to-end', 'from-host'] as const;

/** Which backend and how. CPU variants are named after their pool size (`pool-1`, `pool-16`). */
export interface VariantSpec {
  backend: 'cpu' | 'webgpu';
  variant: string;
  runs: number;
}

/** The measurement of one case on one variant. */
export interface VariantResult {
  backend: string;
  variant: string;
  timing: Timing;
  /** Bytes of the case / median time, in GB/s (1e9 bytes/s). */
  gbs: number;
  /** Flops of the case / median time, in GFLOP/s, where the case counts flops. */
  gflops?: number;
  /** Checksums of the last output (compared with numpy's by the report). */
  checksums: Checksum[];
}

let sink = 0;

/** The sum of the first elements read from every output (kept so no result goes unused). @example `report.consumed = consumedSum()` */
export function consumedSum(): number {
  return sink;
}

function disposeAll(arrays: readonly NdArray[]): void {
  for (const a of arrays) a.dispose();
}

async function firstElement(a: NdArray): Promise<number> {
  const flat = a.reshape([a.size]);
  const head = flat.slice([0, 1]);
  try {
    return (await head.data())[0];
  } finally {
    head.dispose();
    flat.dispose();
  }
}

function upload(host: readonly HostInput[], backend: string): NdArray[] {
  return host.map((h) => array(h.data, { shape: h.shape, backend }));
}

async function readAll(outputs: readonly NdArray[]): Promise<Float32Array[]> {
  const values: Float32Array[] = [];
  for (const o of outputs) values.push((await o.data()) as Float32Array);
  return values;
}

async function timeCpu(c: BenchCase, host: readonly HostInput[], runs: number): Promise<[Timing, Checksum[]]> {
  const inputs = upload(host, 'cpu');
  let last: NdArray[] = [];
  const timing = await measure(async () => {
    const out = await c.run(inputs);
    sink += out[0].get(...out[0].shape.map(() => 0)); // reads one element without taking the memory
    disposeAll(last);
    last = out;
  }, { runs });
  const sums = last.map((o) => checksum(o.dataSync()));
  disposeAll(last);
  return [timing, sums];
}

async function timeResident(c: BenchCase, host: readonly HostInput[], runs: number): Promise<[Timing, Checksum[]]> {
  const inputs = upload(host, 'webgpu');
  let last: NdArray[] = [];
  const timing = await measure(async () => {
    for (let k = 0; k < c.residentRepeats; k++) {
      const out = await c.run(inputs);
      disposeAll(last);
      last = out;
    }
    sink += await firstElement(last[0]);
  }, { runs, unitsPerRun: c.residentRepeats });
  const sums = (await readAll(last)).map(checksum);
  disposeAll(last);
  disposeAll(inputs);
  return [timing, sums];
}

async function timeEndToEnd(c: BenchCase, host: readonly HostInput[], runs: number, fromHost: boolean): Promise<[Timing, Checksum[]]> {
  const resident = fromHost ? [] : upload(host, 'webgpu');
  let values: Float32Array[] = [];
  const timing = await measure(async () => {
    const inputs = fromHost ? upload(host, 'webgpu') : resident;
    const out = await c.run(inputs);
    values = await readAll(out);
    sink += values[0][0];
    disposeAll(out);
    if (fromHost) disposeAll(inputs);
  }, { runs });
  disposeAll(resident);
  return [timing, values.map(checksum)];
}

/** Times case `c` on one variant; `host` are its inputs from `c.build()`. @example see the module */
export async function runVariant(c: BenchCase, host: readonly HostInput[], spec: VariantSpec): Promise<VariantResult> {
  const [timing, checksums] =
    spec.backend === 'cpu'
      ? await timeCpu(c, host, spec.runs)
      : spec.variant === 'resident'
        ? await timeResident(c, host, spec.runs)
        : await timeEndToEnd(c, host, spec.runs, spec.variant === 'from-host');
  const seconds = timing.medianMs / 1000;
  return {
    backend: spec.backend,
    variant: spec.variant,
    timing,
    gbs: c.bytes / seconds / 1e9,
    ...(c.flops !== undefined && { gflops: c.flops / seconds / 1e9 }),
    checksums,
  };
}
