// Shows the cause of the Dawn abort of ../shared/gpu/dawn-crash-repro.mjs: when the GPU object
// returned by `create()` is garbage-collected, Dawn destroys its native instance while the device
// still uses it, and the next wait on the queue aborts the process. Each variant runs in a child
// process (`node --expose-gc`), forces garbage collection, then uploads Eiger 4M frames:
//   drop-gpu      the GPU object unreachable             -> expected to abort
//   drop-adapter  the adapter unreachable, GPU object held -> expected to pass
//   keep-both     both held (what the pandaas backend does) -> expected to pass
// Usage: node scripts/gpu/dawn-lifetime-check.mjs [vulkan|opengles]   (prints JSON)
// Seen 2026-11-28: drop-gpu aborts on llvmpipe (SIGABRT) and on an NVIDIA H200 with Vulkan (SIGSEGV).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The `webgpu` package: beside this file on a GPU host (.gpu/), else @pandaas/core's copy. */
async function loadWebgpu() {
  try {
    return await import('webgpu');
  } catch {
    const require = createRequire(new URL('../../packages/core/package.json', import.meta.url));
    return import(pathToFileURL(require.resolve('webgpu')).href);
  }
}

const [, , mode = 'opengles', variant] = process.argv;

if (variant === undefined) {
  const results = {};
  for (const v of ['drop-gpu', 'drop-adapter', 'keep-both']) {
    const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), mode, v], {
      encoding: 'utf8',
      env: { ...process.env, EGL_PLATFORM: process.env.EGL_PLATFORM ?? 'surfaceless' },
      timeout: 120_000,
    });
    const said = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l && !l.startsWith('Warning'));
    results[v] = { status: run.status, signal: run.signal, last: said.slice(-2) };
  }
  console.log(JSON.stringify({ check: 'dawn-gpu-object-lifetime', backend: mode, results }, null, 2));
} else {
  const { create, globals } = await loadWebgpu();
  Object.assign(globalThis, globals);
  const vulkan = mode === 'vulkan';
  let gpu = create([`backend=${mode}`]);
  let adapter = await gpu.requestAdapter(vulkan ? {} : { featureLevel: 'compatibility' });
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize },
  });
  const collected = [];
  const registry = new FinalizationRegistry((name) => collected.push(name));
  registry.register(gpu, 'gpu');
  registry.register(adapter, 'adapter');
  // eslint-disable-next-line no-useless-assignment -- dropping the reference is the experiment
  if (variant === 'drop-gpu') gpu = null;
  // eslint-disable-next-line no-useless-assignment -- dropping the reference is the experiment
  if (variant === 'drop-adapter') adapter = null;
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const n = 2167 * 2070;
  for (let j = 0; j < 3; j++) {
    const frame = new Float32Array(n).fill(j);
    const buffer = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, frame);
    await device.queue.onSubmittedWorkDone();
  }
  console.log(`ok: 3 Eiger 4M frames uploaded; collected: ${collected.join(', ') || 'nothing'}`);
  process.exit(0);
}
