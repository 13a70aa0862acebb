/**
 * The WGSL of a batch of Levenberg-Marquardt fits, one fit per invocation, for one model: its
 * components compile in through their {@link wgslTwin}s, and everything that runs over the
 * parameters (normal equations, Cholesky factor, solves, covariance) is unrolled with literal
 * indices, so a GPU keeps it in registers and the only loops left run over points and steps.
 *
 * Each invocation iterates as the CPU solver (`lmSolve`, silx's rules) does: normal equations
 * α = JᵀWJ, β = JᵀW r over the points; the step solves (α + λ·diag α) δ = β through α scaled to
 * a unit diagonal (Marquardt scaling: heights of 1e4 and widths of 1 lose no digits); a trial
 * step that lowers χ² is taken and λ divided by 10, otherwise λ is multiplied by 10 (past 1000
 * the fit stops: converged when the first step's predicted gain was below `deltaChi`, else
 * no-improvement); from the second iteration on, a step that lowers χ² by less than `deltaChi`
 * (relative) ends the fit as converged; at most `max_iter` trial steps. Float32 needs two more
 * rules:
 * - x arrives shifted to its mid-range (see `twins.ts`): a linear background's constant and slope
 *   stay well separated and positions keep their digits;
 * - χ² sums of float32 terms resolve changes of about 1e-5 of χ² (`CHI2_RESOLUTION`), while the
 *   step computed from β is still exact to float32: a rejected step whose predicted gain
 *   2δ·β − δᵀαδ is below that is the last refinement, and is taken (without this, fits stop
 *   about 1 % of a standard deviation short of the minimum);
 * - the covariance is singular when a pivot of the unit-diagonal α falls to 1e-6
 *   (`COV_PIVOT`, a condition number of about 1e6, where float32 keeps no digit of the
 *   inverse); the CPU's limit is 1e-13.
 *
 * Mesa's llvmpipe (the software adapter of CI) silently ends every loop once 65 535 loop
 * iterations have run, all loops together, counted per group of invocations that share its SIMD
 * lanes (gallivm's loop limiter; measured: two divergent lanes of 40 000 iterations each stop
 * at 40 000 and 25 534). There the shader runs one fit per workgroup (a lane of its own), and a
 * `loop_budget` uniform makes a fit that would run past the limit stop as `max-iterations`
 * before a pass is cut short; on GPUs, 64 fits per workgroup and no budget.
 *
 * Bindings (four storage buffers: the least a compatibility-mode device offers):
 * - `aux`: the m centred x values, then the weights 1/σ² (none, m shared, or n·m per curve);
 * - `ys`: the curves, row-major [n, m], from element `params.y_off`;
 * - `p0`: the start values [n, P];
 * - `res`: per fit, {@link resultStride}(P) floats: parameters, σ (unscaled: √diag α⁻¹, α of
 *   the last iteration, as the CPU's covariance), χ²,
 *   the covariance of the linear background's constant and slope (0 without one), the status
 *   code and the number of iterations.
 *
 * @module
 */
import type { ModelComponent } from '../../models/model.js';
import { wgslTwin } from './twins.js';

/** Invocations (fits) per workgroup on GPUs. */
export const FITS_PER_WORKGROUP = 64;

/** Loop iterations an invocation may run on Mesa's llvmpipe before its loop limiter (65 535) cuts loops short, with a margin. */
export const SOFTWARE_LOOP_BUDGET = 65_000;
/** The loop budget on GPUs: unlimited. */
export const UNLIMITED_LOOP_BUDGET = 0xffffffff;

/** How the shader weighs the points. */
export type WeightMode = 'none' | 'shared' | 'per-curve';

/**
 * Floats per fit in the result buffer: parameters, sigmas, chi2, cov(constant, slope), status, iterations.
 *
 * @example
 * ```ts
 * resultStride(5); // 14
 * ```
 */
export function resultStride(nParams: number): number {
  return 2 * nParams + 4;
}

/** What the shader is compiled for (one shader per distinct value). */
export interface ShaderSpec {
  readonly components: readonly ModelComponent[];
  readonly nParams: number;
  /** Whether each parameter is varied (false: held at its start value). */
  readonly free: readonly boolean[];
  /** Whether each parameter is fitted as |θ| (silx's positive constraint). */
  readonly positive: readonly boolean[];
  readonly weights: WeightMode;
  /** Indices [constant, slope] of a linear background, whose covariance is written. */
  readonly linear?: readonly [number, number];
  /** Fits per workgroup: {@link FITS_PER_WORKGROUP}, or 1 on Mesa's software adapters. */
  readonly workgroupSize: number;
}

/** A boolean per parameter as a string of 0/1. */
function flags(values: readonly boolean[]): string {
  return values.map((f) => (f ? 1 : 0)).join('');
}

/**
 * The pipeline cache key of a spec.
 *
 * @example
 * ```ts
 * shaderKey(spec); // 'fit/batch:lm:linear@0+gaussian@2:11111:00000:none'
 * ```
 */
export function shaderKey(spec: ShaderSpec): string {
  const comps = spec.components.map((c) => `${c.kind}@${c.offset}`).join('+');
  return `fit/batch:lm:${comps}:${flags(spec.free)}:${flags(spec.positive)}:${spec.weights}:${spec.workgroupSize}`;
}

function weightExpression(mode: WeightMode): string {
  if (mode === 'none') return '1.0';
  if (mode === 'shared') return 'aux[params.m + i]';
  return 'aux[wbase + i]';
}

/** `count` lines made by `line(j)` for j in [0, count), joined with `join`. */
function each(count: number, line: (j: number) => string, join = '\n  '): string {
  return Array.from({ length: count }, (_, j) => line(j)).filter((s) => s !== '').join(join);
}

/** The unrolled Cholesky factor of the scaled, damped α into `lmat` (lower triangle). */
function factorCode(P: number, free: readonly boolean[]): string {
  const lines: string[] = [];
  for (let j = 0; j < P; j++) {
    if (free[j]) {
      lines.push(`let d${j} = alpha[${j * P + j}];`);
      lines.push(`if (!finite(d${j}) || !finite(beta[${j}])) { return 3u; }`);
      lines.push(`if (!(d${j} > 0.0)) { return 2u; }`);
      lines.push(`scale[${j}] = 1.0 / sqrt(d${j});`);
    } else {
      lines.push(`scale[${j}] = 0.0;`);
    }
  }
  for (let j = 0; j < P; j++) {
    const minus = each(j, (k) => ` - lmat[${j * P + k}] * lmat[${j * P + k}]`, '');
    lines.push(`let s${j} = ${free[j] ? '1.0 + lambda' : '1.0'}${minus};`);
    lines.push(`if (!(s${j} > tiny)) { return 1u; }`);
    lines.push(`lmat[${j * P + j}] = sqrt(s${j});`);
    for (let i = j + 1; i < P; i++) {
      const sub = each(j, (k) => ` - lmat[${i * P + k}] * lmat[${j * P + k}]`, '');
      lines.push(`lmat[${i * P + j}] = (alpha[${j * P + i}] * scale[${j}] * scale[${i}]${sub}) / lmat[${j * P + j}];`);
    }
  }
  return lines.join('\n  ');
}

/** Unrolled L Lᵀ z = v (v: `rhs(i)`), into delta. */
function substitutionCode(P: number, rhs: (i: number) => string): string {
  const lines: string[] = [];
  for (let i = 0; i < P; i++) {
    lines.push(`delta[${i}] = (${rhs(i)}${each(i, (k) => ` - lmat[${i * P + k}] * delta[${k}]`, '')}) / lmat[${i * P + i}];`);
  }
  for (let i = P - 1; i >= 0; i--) {
    const sub = Array.from({ length: P - 1 - i }, (_, t) => i + 1 + t).map((k) => ` - lmat[${k * P + i}] * delta[${k}]`).join('');
    lines.push(`delta[${i}] = (delta[${i}]${sub}) / lmat[${i * P + i}];`);
  }
  return lines.join('\n  ');
}

/** α's entry (j, k) from its stored upper triangle. */
function alphaAt(P: number, j: number, k: number): string {
  return `alpha[${Math.min(j, k) * P + Math.max(j, k)}]`;
}

/**
 * The WGSL source of the batch LM shader for `spec`.
 *
 * @example
 * ```ts
 * const code = batchShader({ components: gaussian().components, nParams: 3, free: [true, true, true], positive: [false, false, false], weights: 'none', workgroupSize: 64 });
 * ```
 */
export function batchShader(spec: ShaderSpec): string {
  const P = spec.nParams;
  const free = spec.free;
  const fitted = Array.from({ length: P }, (_, j) => j).filter((j) => free[j]);
  const twins = spec.components.map((c, i) => wgslTwin(c, i));
  const prelude = twins.map((t) => t.prelude).filter((s) => s !== '').join('\n  ');
  const values = twins.map((t) => t.value).join('\n    ');
  const gradients = twins.map((t) => t.gradient).join('\n    ');
  const weight = weightExpression(spec.weights);
  const pairs = fitted.flatMap((j) => fitted.filter((k) => k >= j).map((k) => [j, k] as const));
  const positive = (value: string, j: number) => (spec.positive[j] ? `abs(${value})` : value);
  const covariance = (a: number, b: number) => `${substitutionCode(P, (i) => (i === b ? '1.0' : '0.0'))}\n  let c${a}_${b} = delta[${a}] * scale[${a}] * scale[${b}];`;
  const [lc, ls] = spec.linear ?? [-1, -1];
  const covLinear = spec.linear !== undefined && free[lc] && free[ls] ? `cov_ls = c${lc}_${ls};` : '';
  return /* wgsl */ `
const P: u32 = ${P}u;
const R: u32 = ${resultStride(P)}u;
const CHI2_RESOLUTION: f32 = 1e-5;
const COV_PIVOT: f32 = 1e-6;
struct Params { n: u32, m: u32, y_off: u32, max_iter: u32, delta_chi: f32, loop_budget: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> aux: array<f32>;
@group(0) @binding(2) var<storage, read> ys: array<f32>;
@group(0) @binding(3) var<storage, read> p0: array<f32>;
@group(0) @binding(4) var<storage, read_write> res: array<f32>;

var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> cur: array<f32, ${P}>;   // the current parameters
var<private> trial: array<f32, ${P}>; // a trial step's parameters
var<private> alpha: array<f32, ${P * P}>;
var<private> beta: array<f32, ${P}>;
var<private> lmat: array<f32, ${P * P}>;
var<private> scale: array<f32, ${P}>;
var<private> delta: array<f32, ${P}>;
var<private> base: u32;  // this fit's curve in ys
var<private> wbase: u32; // this fit's weights in aux (per-curve weights)
var<private> spent: u32; // loop iterations run so far (see loop_budget)

fn finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
// room for one more pass over the points (and the loop iterations around it)
fn affordable() -> bool { return spent + params.m + 64u <= params.loop_budget; }

// chi2 at the trial parameters
fn chisq() -> f32 {
  let q = trial;
  ${prelude}
  var s = 0.0;
  for (var i = 0u; i < params.m; i = i + 1u) {
    let xi = aux[i];
    var f = 0.0;
    ${values}
    let r = ys[base + i] - f;
    s = s + ${weight} * r * r;
  }
  spent = spent + params.m + 1u;
  return s;
}

// alpha (upper triangle) and beta at the current parameters; returns chi2
fn normal() -> f32 {
  let q = cur;
  ${prelude}
  ${each(P, (j) => `var g${j} = 0.0;`, ' ')}
  ${fitted.map((j) => `var b${j} = 0.0;`).join(' ')}
  ${pairs.map(([j, k]) => `var a${j}_${k} = 0.0;`).join(' ')}
  var s = 0.0;
  for (var i = 0u; i < params.m; i = i + 1u) {
    let xi = aux[i];
    var f = 0.0;
    ${values}
    ${gradients}
    let w = ${weight};
    let r = ys[base + i] - f;
    let wr = w * r;
    s = s + wr * r;
    ${fitted.map((j) => `b${j} = b${j} + wr * g${j};`).join(' ')}
    ${fitted.map((j) => `let w${j} = w * g${j};`).join(' ')}
    ${pairs.map(([j, k]) => `a${j}_${k} = a${j}_${k} + w${j} * g${k};`).join('\n    ')}
  }
  ${each(P, (j) => `beta[${j}] = ${free[j] ? `b${j}` : '0.0'};`, ' ')}
  ${each(P * P, (jk) => `alpha[${jk}] = 0.0;`, ' ')}
  ${pairs.map(([j, k]) => `alpha[${j * P + k}] = a${j}_${k};`).join(' ')}
  spent = spent + params.m + 1u;
  return s;
}

// the Cholesky factor (lower, in lmat) of alpha scaled to a unit diagonal, (1 + lambda) on the
// diagonal, fixed parameters as identity rows. 0: done; 1: a pivot not above tiny (not positive
// definite at this lambda); 2: a fitted parameter has no effect (zero diagonal: singular); 3:
// alpha or beta not finite.
fn factor(lambda: f32, tiny: f32) -> u32 {
  ${factorCode(P, free)}
  return 0u;
}

// the step delta from the factor: D^-1 (L L^T)^-1 D^-1 beta
fn solve() {
  ${substitutionCode(P, (i) => `beta[${i}] * scale[${i}]`)}
  ${each(P, (j) => `delta[${j}] = delta[${j}] * scale[${j}];`, ' ')}
}

// 2 delta.beta - delta^T alpha delta: the chi2 decrease the linearised model predicts
fn predicted() -> f32 {
  return 0.0${each(P, (j) => ` + delta[${j}] * (2.0 * beta[${j}]${each(P, (k) => ` - ${alphaAt(P, j, k)} * delta[${k}]`, '')})`, '')};
}

@compute @workgroup_size(${spec.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let fit = gid.x + gid.y * nwg.x * ${spec.workgroupSize}u;
  if (fit >= params.n) { return; }
  base = params.y_off + fit * params.m;
  wbase = params.m + fit * params.m;
  spent = 0u;
  ${each(P, (j) => `cur[${j}] = ${positive(`p0[fit * P + ${j}u]`, j)};`, ' ')}
  trial = cur;
  let out = fit * R;
  var chi2 = chisq();
  var status = 5u; // running
  var iter = 0u;
  var left = params.max_iter;
  var lambda = 0.001;
  if (!finite(chi2)) { status = 3u; } // invalid-input: the model or the curve is not finite at the start
  loop {
    if (status != 5u || left == 0u) { break; }
    if (!affordable()) { status = 1u; break; }
    iter = iter + 1u;
    spent = spent + 1u;
    chi2 = normal();
    var first_gain = nan_f32(); // the predicted gain of the first step that could be solved
    var gain = 0.0;
    loop {
      spent = spent + 1u;
      let factored = factor(lambda, 0.0);
      if (factored == 2u) { status = 2u; break; } // singular: a parameter without effect
      if (factored == 3u) { status = 3u; break; } // invalid-input: a Jacobian that is not finite
      var chi2t = nan_f32();
      if (factored == 0u) {
        solve();
        gain = predicted();
        if (!finite(first_gain)) { first_gain = gain; }
        ${each(P, (j) => `trial[${j}] = ${free[j] ? positive(`cur[${j}] + delta[${j}]`, j) : `cur[${j}]`};`, ' ')}
        if (${each(P, (j) => `finite(trial[${j}])`, ' && ')}) {
          if (!affordable()) { status = 1u; break; }
          chi2t = chisq();
          left = left - 1u;
          // chi2 resolves about CHI2_RESOLUTION of itself in float32: a step predicted to gain
          // less than that is the last refinement, taken whatever the rounded chi2 says
          if (!(chi2t <= chi2) && finite(chi2t) && gain >= 0.0 && gain < max(params.delta_chi, CHI2_RESOLUTION) * chi2) {
            cur = trial;
            chi2 = chi2t;
            status = 0u;
            break;
          }
        }
      }
      if (!(chi2t <= chi2)) {
        lambda = lambda * 10.0;
        if (lambda > 1000.0) {
          // no step lowers chi2: at a minimum when the linear model predicted no real gain either
          let at_minimum = finite(first_gain) && (first_gain <= 0.0 || first_gain < params.delta_chi * select(chi2, 1.0, chi2 == 0.0));
          status = select(4u, 0u, at_minimum);
          break;
        }
        if (left == 0u) { break; }
        continue;
      }
      let drop = chi2 - chi2t;
      cur = trial;
      chi2 = chi2t;
      lambda = lambda * 0.1;
      // (a step predicted to gain less than float32 resolves was a refinement: the fit is there)
      if (iter >= 2u && (drop < params.delta_chi * select(chi2, 1.0, chi2 == 0.0) || gain < CHI2_RESOLUTION * chi2)) { status = 0u; }
      break;
    }
  }
  if (status == 5u) { status = 1u; } // max-iterations
  let invalid = status == 3u;
  ${each(P, (j) => `res[out + ${j}u] = select(cur[${j}], nan_f32(), invalid); res[out + ${P + j}u] = select(0.0, nan_f32(), invalid);`)}
  var cov_ls = 0.0;
  // the covariance from the last iteration's alpha (at the start of its step), as the CPU takes
  // it (and silx, and MINPACK for scipy's curve_fit)
  if (!invalid && status != 2u) {
    if (factor(0.0, COV_PIVOT) == 0u) {
      ${fitted.map((j) => `${covariance(j, j)}\n  res[out + ${P + j}u] = sqrt(max(c${j}_${j}, 0.0));`).join('\n  ')}
      ${covLinear ? `${covariance(lc, ls)}\n  ${covLinear}` : ''}
    } else {
      status = 2u;
    }
  }
  if (status == 2u) {
    ${fitted.map((j) => `res[out + ${P + j}u] = inf_f32();`).join(' ')}
  }
  res[out + ${2 * P}u] = select(chi2, nan_f32(), invalid);
  res[out + ${2 * P + 1}u] = cov_ls;
  res[out + ${2 * P + 2}u] = f32(status);
  res[out + ${2 * P + 3}u] = f32(iter);
}
`;
}
