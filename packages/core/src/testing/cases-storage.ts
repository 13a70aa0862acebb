import { array } from '../create.js';
import { DTYPES, type DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { defineCase, type ConformanceCase } from './case.js';
import { compare, verdict, type Check } from './compare.js';
import { evaluate, heldDtypes, operands, toLogical, type CaseContext } from './harness.js';
import { LAYOUTS } from './layouts.js';
import { readLogical } from './oracle.js';
import { fmt } from './shapes.js';
import { randomValues } from './values.js';

/** The dtypes each known backend must hold (others: whatever they accept). */
const REQUIRED: Record<string, readonly DType[]> = {
  cpu: DTYPES,
  webgpu: DTYPES.filter((d) => d !== 'float64'),
};

/** How a backend without float64 must answer: a DTypeError, unless asked to cast to float32. */
async function float64Refusal(ctx: CaseContext): Promise<Check[]> {
  const source = array(randomValues(ctx.rng, 'float64', 7, [-1e6, 1e6]), { backend: 'cpu' });
  ctx.arrays.push(source);
  const checks: Check[] = [];
  for (const [label, attempt] of [
    ['to() refuses float64', () => source.to(ctx.backend)],
    ['array() refuses float64', async () => array([1.5], { dtype: 'float64', backend: ctx.backend })],
  ] as const) {
    try {
      ctx.arrays.push(await attempt());
      checks.push(verdict(label, false, 'no error thrown'));
    } catch (err) {
      const ok = err instanceof DTypeError && /float64/.test(err.message);
      checks.push(verdict(label, ok, `threw ${String(err)}`));
    }
  }
  const cast = await source.to(ctx.backend, { castFloat64: true });
  ctx.arrays.push(cast);
  const want = { dtype: 'float32' as const, shape: [7], values: Float32Array.from(source.dataSync()) };
  checks.push(compare('to(castFloat64) rounds to float32', await toLogical(cast), want));
  return checks;
}

/**
 * Uploads and reads back every held dtype exactly, contiguous and through every view (reading a
 * view copies it on the backend), copies and moves back to the CPU; checks that the backend
 * holds the dtypes it must, and that one without float64 refuses it as documented.
 */
const storageCase = defineCase('storage round trip', 'storage', async (ctx) => {
  const held = await heldDtypes(ctx.backend);
  const checks: Check[] = [];
  const required = REQUIRED[ctx.backend] ?? held;
  checks.push(verdict(`holds ${required.join(', ')}`, required.every((d) => held.includes(d)), `holds only ${held.join(', ')}`));
  if (ctx.backend === 'webgpu') checks.push(...(await float64Refusal(ctx)));
  for (const dtype of held) {
    for (const layout of LAYOUTS) {
      const shape = layout === 'contiguous' ? [] : ctx.rng.shape(3, 1, 5);
      const label = `read ${dtype}${fmt(shape)} ${layout}`;
      checks.push(...(await evaluate(ctx, label, [{ dtype, shape, layout }], async ([x]) => x, (xs) => xs[0], {})));
      const { cpu, dev } = await operands(ctx, [{ dtype, shape: [4, 0, 3], layout }]);
      checks.push(compare(`read ${dtype}[4,0,3] ${layout}`, await toLogical(dev[0]), readLogical(cpu[0])));
    }
    const { cpu, dev } = await operands(ctx, [{ dtype, shape: ctx.rng.shape(2, 2, 9), layout: 'strided' }]);
    const copied = await dev[0].copy();
    const back = await copied.to('cpu');
    ctx.arrays.push(copied, back);
    checks.push(verdict(`copy ${dtype} is contiguous on ${ctx.backend}`, copied.isContiguous && copied.backend.name === ctx.backend));
    checks.push(compare(`copy ${dtype} then to('cpu')`, readLogical(back), readLogical(cpu[0])));
  }
  return checks;
});

/** The conformance case of storage: uploads, reads, copies, moves and held dtypes. */
export const storageCases: readonly ConformanceCase[] = [storageCase];
