import { BackendError } from '../errors.js';

/** What the WebGPU backend runs on, as the adapter describes itself. */
export interface WebGpuInfo {
  /** Where WebGPU came from: the browser's `navigator.gpu` or the `webgpu` npm package (Dawn). */
  api: 'navigator.gpu' | 'dawn';
  /** The Dawn back end asked for (`default`, `vulkan`, `opengles`, ...); `browser` in browsers. */
  backend: string;
  /** `core`, or `compatibility` (OpenGL ES class devices). */
  featureLevel: 'core' | 'compatibility';
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The limits the device was created with (those the kernels depend on). */
  limits: Record<string, number>;
}

/**
 * A device with the objects it depends on. `gpu` and `adapter` must stay reachable as long as
 * the device is used: see {@link WebGpuBackend} for why.
 */
export interface AcquiredDevice {
  gpu: GPU;
  adapter: GPUAdapter;
  device: GPUDevice;
  info: WebGpuInfo;
}

/** Options of {@link acquireDevice}. */
export interface DeviceOptions {
  /**
   * Dawn back end to use in Node.js (`vulkan`, `opengles`, `metal`, `d3d12`, ...); default: the
   * environment variable `PANDAAS_WEBGPU_BACKEND`, else the platform's native API at full
   * feature level, then OpenGL ES in compatibility mode.
   */
  backend?: string;
}

/** The adapter limits requested for the device, at the adapter's maximum. */
const LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
] as const;

interface Dawn {
  create(flags: string[]): GPU;
  globals: object;
}

interface Attempt {
  backend: string;
  flags: string[];
  levels: ('core' | 'compatibility')[];
}

function environment(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
}

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

async function importDawn(): Promise<Dawn> {
  // A variable specifier keeps browser bundlers from trying to resolve the Node-only package.
  const specifier = 'webgpu';
  const dawn = (await import(/* @vite-ignore */ specifier)) as Dawn;
  // Dawn's classes (GPUBufferUsage, GPUMapMode, ...) as globals, as in a browser.
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) Object.assign(globalThis, { [key]: value });
  }
  return dawn;
}

function attemptsFor(forced: string | undefined): Attempt[] {
  if (forced !== undefined && forced !== '') {
    return [{ backend: forced, flags: [`backend=${forced}`], levels: ['core', 'compatibility'] }];
  }
  return [
    // the platform's native API (Vulkan on Linux: the NVIDIA GPU hosts), full feature level
    { backend: 'default', flags: [], levels: ['core'] },
    // Mesa llvmpipe through OpenGL ES (CI): Dawn refuses Debian 12's lavapipe for Vulkan
    { backend: 'opengles', flags: ['backend=opengles'], levels: ['compatibility'] },
  ];
}

async function openDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMITS) requiredLimits[name] = adapter.limits[name];
  return adapter.requestDevice({ requiredLimits, label: 'pandaas' });
}

function describe(api: WebGpuInfo['api'], backend: string, level: WebGpuInfo['featureLevel'], adapter: GPUAdapter, device: GPUDevice): WebGpuInfo {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const name of LIMITS) limits[name] = device.limits[name];
  return {
    api,
    backend,
    featureLevel: level,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    limits,
  };
}

async function fromBrowser(gpu: GPU): Promise<AcquiredDevice> {
  for (const level of ['core', 'compatibility'] as const) {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel: level });
    if (adapter === null) continue;
    const device = await openDevice(adapter);
    return { gpu, adapter, device, info: describe('navigator.gpu', 'browser', level, adapter, device) };
  }
  throw new BackendError('navigator.gpu offers no WebGPU adapter (core or compatibility) in this browser');
}

/**
 * Opens a WebGPU device: `navigator.gpu` in browsers; in Node.js the optional peer dependency
 * `webgpu` (Dawn), trying the native API at full feature level, then OpenGL ES in
 * compatibility mode (Mesa llvmpipe on machines without a GPU). Throws a {@link BackendError}
 * that lists why each attempt failed.
 *
 * @example
 * ```ts
 * const { device, info } = await acquireDevice({ backend: 'opengles' });
 * console.log(info.description);
 * ```
 */
export async function acquireDevice(options: DeviceOptions = {}): Promise<AcquiredDevice> {
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (navigatorGpu !== undefined && !isNode()) return fromBrowser(navigatorGpu);
  if (!isNode()) throw new BackendError('WebGPU is not available: this runtime has neither navigator.gpu nor Node.js');
  let dawn: Dawn;
  try {
    dawn = await importDawn();
  } catch (err) {
    throw new BackendError('WebGPU in Node.js needs the optional peer dependency `webgpu` (npm install webgpu), which could not be loaded', { cause: err });
  }
  const env = environment();
  if (env !== undefined) env.EGL_PLATFORM ??= 'surfaceless'; // OpenGL ES without a display
  const forced = options.backend ?? env?.PANDAAS_WEBGPU_BACKEND;
  const reasons: string[] = [];
  for (const attempt of attemptsFor(forced)) {
    for (const level of attempt.levels) {
      try {
        const gpu = dawn.create(attempt.flags);
        const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel: level });
        if (adapter === null) {
          reasons.push(`${attempt.backend} (${level}): no adapter`);
          continue;
        }
        const device = await openDevice(adapter);
        return { gpu, adapter, device, info: describe('dawn', attempt.backend, level, adapter, device) };
      } catch (err) {
        reasons.push(`${attempt.backend} (${level}): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const hint = forced ? ` (forced by ${options.backend !== undefined ? 'options.backend' : 'PANDAAS_WEBGPU_BACKEND'}=${JSON.stringify(forced)})` : '';
  throw new BackendError(`no WebGPU adapter${hint}: ${reasons.join('; ')}`);
}
