/**
 * What the WebGPU device is, and its peak memory bandwidth: looked up in a table of data-centre
 * GPUs by the adapter's (or nvidia-smi's) name, or given with `--peak-gbs`. Software adapters
 * (llvmpipe, SwiftShader) are flagged: their figures are for correctness only.
 *
 * @example
 * ```ts
 * peakBandwidth('nvidia-h200 NVIDIA H200'); // { gbs: 4800, source: 'table: NVIDIA H200 (HBM3e)' }
 * ```
 * @module
 */
import { spawnSync } from 'node:child_process';
import type { Backend } from '@pandaas/core';

/** Peak memory bandwidth in GB/s (1e9 bytes/s), from the vendors' data sheets; first match wins. */
const PEAKS: readonly [RegExp, number, string][] = [
  [/h200/, 4800, 'NVIDIA H200 (HBM3e)'],
  [/h100 nvl/, 3900, 'NVIDIA H100 NVL'],
  [/h100 pcie/, 2000, 'NVIDIA H100 PCIe'],
  [/h100/, 3350, 'NVIDIA H100 SXM (HBM3)'],
  [/a100 sxm4 80gb|a100 80gb sxm/, 2039, 'NVIDIA A100 SXM4 80GB'],
  [/a100 80gb pcie|a100 pcie 80gb/, 1935, 'NVIDIA A100 PCIe 80GB'],
  [/a100/, 1555, 'NVIDIA A100 40GB'],
];

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe/;

/** Description of the device a WebGPU backend runs on. */
export interface DeviceDescription {
  /** The backend's one-line description (API, Dawn back end, feature level, adapter). */
  summary?: string;
  /** The adapter's info and the device limits, as the backend reports them. */
  adapter: Record<string, unknown>;
  /** `nvidia-smi --query-gpu=name,driver_version,memory.total`, where it answers. */
  nvidiaSmi?: string;
  /** A software rasteriser: figures are for correctness only, never performance. */
  software: boolean;
  /** Peak memory bandwidth and where it came from, when known. */
  peak?: { gbs: number; source: string };
}

function lowerName(text: string): string {
  return text.toLowerCase().replace(/[-_]+/g, ' ');
}

/** The peak bandwidth of the first table entry that names the device, if any. @example `peakBandwidth('NVIDIA H100 PCIe')?.gbs // 2000` */
export function peakBandwidth(name: string): { gbs: number; source: string } | undefined {
  const text = lowerName(name);
  const hit = PEAKS.find(([pattern]) => pattern.test(text));
  return hit && { gbs: hit[1], source: `table: ${hit[2]}` };
}

/** What the WebGPU backend exposes about its device (read without importing the lazy GPU code). */
interface GpuBackendLike {
  info?: Record<string, unknown>;
  describe?(): string;
  device?: GPUDevice;
}

function adapterOf(backend: GpuBackendLike): Record<string, unknown> {
  if (backend.info !== undefined) return { ...backend.info };
  const info = backend.device?.adapterInfo;
  return info ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description } : {};
}

function nvidiaSmi(): string | undefined {
  const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * Describes the device of an initialised WebGPU backend; `peakGbs` overrides the table.
 * @example `describeDevice(await initBackend('webgpu')).peak // { gbs: 4800, source: 'table: NVIDIA H200 (HBM3e)' } on an H200`
 */
export function describeDevice(backend: Backend, peakGbs?: number): DeviceDescription {
  const gpu = backend as unknown as GpuBackendLike;
  const adapter = adapterOf(gpu);
  const names = ['vendor', 'architecture', 'device', 'description'].map((k) => String(adapter[k] ?? '')).join(' ');
  const software = SOFTWARE.test(lowerName(names));
  const smi = nvidiaSmi();
  const peak = peakGbs !== undefined ? { gbs: peakGbs, source: '--peak-gbs' } : software ? undefined : peakBandwidth(`${names} ${smi ?? ''}`);
  return {
    ...(typeof gpu.describe === 'function' && { summary: gpu.describe() }),
    adapter,
    ...(smi && { nvidiaSmi: smi }),
    software,
    ...(peak && { peak }),
  };
}
