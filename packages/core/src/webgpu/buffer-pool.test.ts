import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { array } from '../create.js';
import { BufferPool, sizeClass } from './buffer-pool.js';
import { createWebGpuBackend } from './index.js';
import { closeTestBackend, openTestBackend } from './test-helpers.js';
import type { WebGpuBackend } from './webgpu-backend.js';

const MiB = 2 ** 20;
let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await openTestBackend();
});
afterAll(closeTestBackend);

describe('sizeClass', () => {
  it('rounds to 256 bytes, powers of two up to 4 MiB, sixteenths of a power of two above', () => {
    expect(sizeClass(1, 1e12)).toBe(256);
    expect(sizeClass(257, 1e12)).toBe(512);
    expect(sizeClass(4 * MiB, 1e12)).toBe(4 * MiB);
    expect(sizeClass(4 * MiB + 1, 1e12)).toBe(4.5 * MiB); // power 8 MiB, step 512 KiB
    expect(sizeClass(2167 * 2070 * 4, 1e12)).toBe(18 * MiB); // an Eiger 4M float32 frame
  });

  it('never exceeds the cap unless the request does', () => {
    expect(sizeClass(3_000_000, 3_100_000)).toBe(3_100_000);
    expect(sizeClass(120 * MiB + 4, 128 * MiB)).toBe(128 * MiB);
    expect(sizeClass(200 * MiB, 128 * MiB)).toBe(200 * MiB);
  });
});

describe('BufferPool', () => {
  it('reuses a released buffer for the next request of its class', () => {
    const pool = new BufferPool(backend.device, GPUBufferUsage.STORAGE, 1 << 30);
    const a = pool.acquire(1000);
    expect(a.size).toBe(1024);
    pool.release(a);
    expect(pool.stats).toMatchObject({ created: 1, inUse: 0, idle: 1, idleBytes: 1024 });
    expect(pool.acquire(900)).toBe(a);
    const b = pool.acquire(900);
    expect(b).not.toBe(a); // a is in use: a new buffer
    expect(pool.stats).toMatchObject({ created: 2, reused: 1, inUse: 2, idle: 0 });
    pool.release(a);
    pool.release(b);
    pool.trim();
    expect(pool.stats).toMatchObject({ inUse: 0, idle: 0 });
  });

  it('destroys released buffers past its idle budget, and trims', () => {
    const pool = new BufferPool(backend.device, GPUBufferUsage.STORAGE, 1 << 30, 4096);
    const buffers = [pool.acquire(4096), pool.acquire(4096)];
    for (const b of buffers) pool.release(b);
    expect(pool.stats).toMatchObject({ idle: 1, idleBytes: 4096 });
    pool.release(buffers[0]); // not in use any more: ignored
    expect(pool.stats.idle).toBe(1);
    pool.trim();
    expect(pool.stats).toMatchObject({ idle: 0, idleBytes: 0 });
  });
});

describe('webgpu storage pooling', () => {
  it('returns disposed arrays to the pool and serves later ones from it', () => {
    const before = backend.poolStats;
    const a = array(new Float32Array(5000), { backend: 'webgpu' });
    a.dispose();
    const b = array(new Float32Array(4500), { backend: 'webgpu' }); // same class (32 KiB)
    const after = backend.poolStats;
    expect(after.reused - before.reused).toBe(1);
    expect(after.created - before.created).toBe(1);
    b.dispose();
  });

  it('empties the pool on shutdown', async () => {
    const own = await createWebGpuBackend();
    array(new Float32Array(100), { backend: own }).dispose();
    expect(own.poolStats.idle).toBe(1);
    await own.shutdown();
    expect(own.poolStats).toMatchObject({ idle: 0, idleBytes: 0 });
  });
});
