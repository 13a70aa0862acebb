import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BinaryOp } from '../../kernel-names.js';
import { binary } from '../../ops/elementwise.js';
import { closeTestBackend, expectClose, onCpu, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';

const programs: string[] = [];
beforeAll(async () => {
  const backend = await openTestBackend();
  const program = backend.program.bind(backend);
  vi.spyOn(backend, 'program').mockImplementation((key, code) => (programs.push(key), program(key, code)));
});
afterAll(closeTestBackend);

describe('webgpu float32 add/sub/mul/div four elements per invocation', () => {
  const random = seeded(7);
  const a = typed('float32', 4102, (i) => (i === 0 ? NaN : i === 1 ? Infinity : 200 * random() - 100));
  const b = typed('float32', 4102, (i) => (i === 2 ? 0 : i === 3 ? -0 : 200 * random() - 100));

  // views: aligned (vec4 path), offset by 1 (scalar path: misaligned), length not a multiple of 4
  const views: [string, number, number][] = [['aligned', 4, 4096], ['offset 1', 1, 4096], ['length 4097', 4, 4097]];
  for (const op of ['add', 'sub', 'mul', 'div'] as BinaryOp[]) {
    for (const [name, start, length] of views) {
      it(`${op}, ${name}: the CPU's float32 results (div within 1 ulp)`, async () => {
        const [ga, gb] = [onGpu(a, 'float32').slice([start, start + length]), onGpu(b, 'float32').slice([start, start + length])];
        const [ca, cb] = [onCpu(a, 'float32').slice([start, start + length]), onCpu(b, 'float32').slice([start, start + length])];
        programs.length = 0;
        const gpu = await (await binary(op, ga, gb)).data();
        expect(programs.some((key) => key.startsWith('ew4:'))).toBe(name === 'aligned');
        const cpu = await (await binary(op, ca, cb)).data();
        expectClose(gpu, cpu, { rtol: op === 'div' ? 1.2e-7 : 0 });
      });
    }
  }
});
