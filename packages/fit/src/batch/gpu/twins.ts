/**
 * WGSL twins of the built-in shapes that batch fits run on WebGPU: the same formulas as the CPU
 * kernels of `models/peak-kernels.ts` and `models/polynomial-kernels.ts` (silx conventions: FWHM,
 * pseudo-Voigt η the Lorentzian fraction), in float32, with literal parameter indices (each model
 * compiles to its own shader).
 *
 * The shader evaluates on x shifted by a centre x0 (see {@link centreParameters}): positions and a
 * linear background's constant are moved with it, which keeps float32 from cancelling digits
 * when x lies far from 0 (a window at channel 1000).
 *
 * @module
 */
import { BackendError } from '@pandaas/core';
import type { ModelComponent, ModelKind } from '../../models/model.js';

/** WGSL code of one component: per-pass constants, its value at `xi`, and its gradient. */
export interface WgslTwin {
  /** Statements run once per pass, reading the parameter array `q`. */
  readonly prelude: string;
  /** Statements run per point: they read `xi` and add the component to `f`. */
  readonly value: string;
  /** Statements run per point after {@link value}: they set the component's derivatives `g<index>`. */
  readonly gradient: string;
}

/**
 * The kinds with a WGSL twin.
 *
 * @example
 * ```ts
 * import { GPU_KINDS, gaussian, linear, sum } from '@pandaas/fit';
 * const model = sum(linear(), gaussian());
 * (model.components ?? []).every((c) => GPU_KINDS.has(c.kind)); // true: fitMany may run it on 'webgpu'
 * ```
 */
export const GPU_KINDS: ReadonlySet<ModelKind> = new Set<ModelKind>([
  'gaussian', 'gaussianArea', 'lorentzian', 'lorentzianArea', 'pseudoVoigt', 'pseudoVoigtArea', 'constant', 'linear',
]);

/** 4 ln 2, 8 ln 2, 2 sqrt(ln 2 / pi), 2 / pi: the constants of the kernels, as WGSL literals. */
const A = '2.7725887222397811';
const B = '5.5451774444795623';
const KG = '0.93943727869965133';
const KL = '0.63661977236758134';

function peak(c: number, o: number, lorentz: boolean, gauss: boolean, area: boolean): WgslTwin {
  const s = `_${c}`;
  const eta = lorentz && gauss;
  const pre = [`let h${s} = q[${o}]; let c${s} = q[${o + 1}]; let w${s} = q[${o + 2}];`];
  if (eta) pre.push(`let eta${s} = q[${o + 3}];`);
  if (gauss) pre.push(`let a${s} = -${A} / (w${s} * w${s}); let b${s} = ${B} / (w${s} * w${s});`);
  if (lorentz) pre.push(`let s${s} = 2.0 / w${s};`);
  // the amplitude of each part: height, or area times the unit-area factor
  const gk = area ? `${KG} / w${s}` : '1.0';
  const lk = area ? `${KL} / w${s}` : '1.0';
  if (gauss) pre.push(`let kg${s} = ${eta ? `(1.0 - eta${s}) * ` : ''}${gk};`);
  if (lorentz) pre.push(`let kl${s} = ${eta ? `eta${s} * ` : ''}${lk};`);
  const value = [`let d${s} = xi - c${s};`];
  const terms: string[] = [];
  if (gauss) {
    value.push(`let e${s} = exp(a${s} * d${s} * d${s});`);
    terms.push(`kg${s} * e${s}`);
  }
  if (lorentz) {
    value.push(`let u${s} = d${s} * s${s}; let l${s} = 1.0 / (1.0 + u${s} * u${s});`);
    terms.push(`kl${s} * l${s}`);
  }
  value.push(`let shape${s} = ${terms.join(' + ')};`, `f = f + h${s} * shape${s};`);
  // d/dc and d/dw of h * k * shape, part by part (k depends on w in the area forms)
  const dc: string[] = [];
  const dw: string[] = [];
  if (gauss) {
    dc.push(`kg${s} * e${s} * b${s} * d${s}`);
    dw.push(`kg${s} * e${s} * (b${s} * d${s} * d${s}${area ? ' - 1.0' : ''}) / w${s}`);
  }
  if (lorentz) {
    dc.push(`4.0 * kl${s} * u${s} * l${s} * l${s} / w${s}`);
    dw.push(`kl${s} * l${s} * (2.0 * u${s} * u${s} * l${s}${area ? ' - 1.0' : ''}) / w${s}`);
  }
  const gradient = [`g${o} = shape${s};`, `g${o + 1} = h${s} * (${dc.join(' + ')});`, `g${o + 2} = h${s} * (${dw.join(' + ')});`];
  if (eta) gradient.push(`g${o + 3} = h${s} * (${lk} * l${s} - ${gk} * e${s});`);
  return { prelude: pre.join(' '), value: value.join(' '), gradient: gradient.join(' ') };
}

/**
 * The WGSL twin of one component (`c` its index in the model, for unique names). Throws a
 * {@link BackendError} for a kind without one.
 *
 * @example
 * ```ts
 * wgslTwin({ kind: 'gaussian', offset: 2, degree: 0 }, 1).value; // 'let d_1 = xi - c_1; ...'
 * ```
 */
export function wgslTwin(component: ModelComponent, c: number): WgslTwin {
  const o = component.offset;
  switch (component.kind) {
    case 'gaussian': return peak(c, o, false, true, false);
    case 'gaussianArea': return peak(c, o, false, true, true);
    case 'lorentzian': return peak(c, o, true, false, false);
    case 'lorentzianArea': return peak(c, o, true, false, true);
    case 'pseudoVoigt': return peak(c, o, true, true, false);
    case 'pseudoVoigtArea': return peak(c, o, true, true, true);
    case 'constant': return { prelude: '', value: `f = f + q[${o}];`, gradient: `g${o} = 1.0;` };
    case 'linear': return { prelude: '', value: `f = f + q[${o}] + q[${o + 1}] * xi;`, gradient: `g${o} = 1.0; g${o + 1} = xi;` };
    default:
      throw new BackendError(`fitMany on webgpu has no WGSL twin of the ${component.kind} shape (available: ${[...GPU_KINDS].join(', ')}); use backend 'cpu'`);
  }
}

/** Where the centring of x moves parameters: the position of each peak, the constant of a linear background. */
export interface CentredParameters {
  /** Indices of peak positions (moved by -x0). */
  readonly positions: readonly number[];
  /** The constant and slope indices of a linear background (constant moved by +slope·x0), if any. */
  readonly linear?: readonly [constant: number, slope: number];
}

/**
 * The parameters that the shift x → x - x0 moves (see the module comment).
 *
 * @example
 * ```ts
 * centreParameters([{ kind: 'linear', offset: 0, degree: 0 }, { kind: 'gaussian', offset: 2, degree: 0 }]);
 * // { positions: [3], linear: [0, 1] }
 * ```
 */
export function centreParameters(components: readonly ModelComponent[]): CentredParameters {
  const positions: number[] = [];
  let linear: [number, number] | undefined;
  for (const { kind, offset } of components) {
    if (kind === 'linear') linear = [offset, offset + 1];
    else if (kind !== 'constant') positions.push(offset + 1);
  }
  return linear === undefined ? { positions } : { positions, linear };
}
