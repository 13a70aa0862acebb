import { array } from '../create.js';
import { allocate, DTYPES, type DType, type TypedArray } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { NdArray } from '../ndarray.js';
import { compare, verdict, type Check, type Tolerance } from './compare.js';
import { baseShapeOf, viewOf, type Layout } from './layouts.js';
import { readLogical, type Logical } from './oracle.js';
import type { Rng } from './rng.js';
import { randomValues, type Range } from './values.js';

/** One input of a conformance evaluation: random (or given) values, in some layout. */
export interface Operand {
  dtype: DType;
  shape: readonly number[];
  layout?: Layout;
  /** Range of the random values (default: see {@link randomValues}). */
  range?: Range;
  /** Explicit values in row-major order over the base array (see {@link baseShapeOf}). */
  values?: ArrayLike<number>;
  /** Adjusts drawn values in place (to keep divisors non-zero, say). */
  adjust?: (values: TypedArray) => void;
}

/** What a case runs with: the backend under test, its random stream, and its arrays to dispose. */
export interface CaseContext {
  backend: string;
  rng: Rng;
  /** `'oracle'` on the CPU backend (naive loops), `'cpu'` on every other backend. */
  reference: 'oracle' | 'cpu';
  /** Arrays to dispose when the case ends. */
  arrays: NdArray[];
}

type Outputs = NdArray | NdArray[] | { re: NdArray; im: NdArray };
const list = (o: Outputs): NdArray[] => (o instanceof NdArray ? [o] : Array.isArray(o) ? o : [o.re, o.im]);

/** Reads any array (any backend) as plain data. @example `const { values } = await toLogical(a);` */
export async function toLogical(a: NdArray): Promise<Logical> {
  return { dtype: a.dtype, shape: [...a.shape], values: (await a.data()).slice() };
}

/** Arrays of one dtype and shape as one array with a new leading axis. */
function stack(parts: Logical[]): Logical {
  const values = allocate(parts[0].dtype, parts.reduce((n, p) => n + p.values.length, 0));
  parts.reduce((at, p) => (values.set(p.values as ArrayLike<number> & TypedArray, at), at + p.values.length), 0);
  return { dtype: parts[0].dtype, shape: [parts.length, ...parts[0].shape], values };
}

/**
 * Builds the operands on the CPU and on the backend under test (the same views of the same values).
 *
 * @example
 * ```ts
 * const { cpu, dev } = await operands(ctx, [{ dtype: 'int8', shape: [2, 3], layout: 'flipped' }]);
 * ```
 */
export async function operands(ctx: CaseContext, specs: readonly Operand[]): Promise<{ cpu: NdArray[]; dev: NdArray[] }> {
  const cpu: NdArray[] = [];
  const dev: NdArray[] = [];
  for (const spec of specs) {
    const layout = spec.layout ?? 'contiguous';
    const shape = baseShapeOf(spec.shape, layout);
    const n = shape.reduce((p, d) => p * d, 1);
    const values = spec.values === undefined ? randomValues(ctx.rng, spec.dtype, n, spec.range) : allocate(spec.dtype, n);
    if (spec.values !== undefined) values.set(spec.values as ArrayLike<number> & TypedArray);
    spec.adjust?.(values);
    const base = array(values, { dtype: spec.dtype, shape, backend: 'cpu' });
    ctx.arrays.push(base);
    cpu.push(viewOf(base, layout));
    if (ctx.backend === 'cpu') {
      dev.push(cpu[cpu.length - 1]);
    } else {
      const moved = await base.to(ctx.backend);
      ctx.arrays.push(moved);
      dev.push(viewOf(moved, layout));
    }
  }
  ctx.arrays.push(...cpu, ...dev);
  return { cpu, dev };
}

/**
 * Runs `op` on the backend under test and compares each output with the reference: the oracle
 * on the CPU backend, the CPU backend's result elsewhere. `scale` gives per-element error scales
 * (from the oracle's inputs) for tolerances relative to sums of magnitudes. With `joint`, the
 * outputs are compared as one array (the real and imaginary parts of a complex result, whose L2
 * error is relative to the whole transform). Errors thrown become failed checks.
 *
 * @example
 * ```ts
 * await evaluate(ctx, 'add', [spec, spec], ([a, b]) => add(a, b), ([a, b]) => binaryOracle('add', a, b), { ulp: 1 });
 * ```
 */
export async function evaluate(
  ctx: CaseContext,
  label: string,
  specs: readonly Operand[],
  op: (xs: NdArray[]) => Promise<Outputs>,
  oracle: (xs: Logical[]) => Logical | Logical[],
  tol: Tolerance,
  scale?: (xs: Logical[]) => (ArrayLike<number> | undefined)[],
  joint = false,
): Promise<Check[]> {
  try {
    const { cpu, dev } = await operands(ctx, specs);
    const inputs = cpu.map(readLogical);
    const got = list(await op(dev));
    ctx.arrays.push(...got);
    let want: Logical[];
    if (ctx.reference === 'oracle') {
      const o = oracle(inputs);
      want = Array.isArray(o) ? o : [o];
    } else {
      const ref = list(await op(cpu));
      ctx.arrays.push(...ref);
      want = await Promise.all(ref.map(toLogical));
    }
    const scales = scale?.(inputs) ?? [];
    const results = await Promise.all(got.map(toLogical));
    if (joint) return [compare(label, stack(results), stack(want), tol)];
    return results.map((g, i) => compare(results.length > 1 ? `${label} [output ${i}]` : label, g, want[i], tol, scales[i]));
  } catch (err) {
    return [verdict(label, false, `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`)];
  }
}

const held = new Map<string, DType[]>();

/**
 * The dtypes a backend holds: those it accepts an upload of (a {@link DTypeError} says it holds
 * none of that dtype).
 *
 * @example
 * ```ts
 * await heldDtypes('webgpu'); // every dtype but float64
 * ```
 */
export async function heldDtypes(backend: string): Promise<DType[]> {
  const known = held.get(backend);
  if (known) return known;
  const out: DType[] = [];
  for (const dtype of DTYPES) {
    const probe = array([1], { dtype, backend: 'cpu' });
    try {
      (await probe.to(backend)).dispose();
      out.push(dtype);
    } catch (err) {
      if (!(err instanceof DTypeError)) throw err;
    }
  }
  held.set(backend, out);
  return out;
}
