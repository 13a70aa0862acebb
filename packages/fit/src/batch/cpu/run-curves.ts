/**
 * The CPU loop of batch fits: one `lmSolve` (the Levenberg-Marquardt core of `leastsqInto`) per
 * curve, in one reused workspace, with the same outputs as `leastsqInto`. It refers only to its
 * arguments and to built-in globals, so a pool worker compiles it from its source text together
 * with the model kernels and the solver (see `library.ts`).
 *
 * @module
 */
import type { LmArrays, LmModel } from '../../leastsq/lm-core.js';

/** The functions {@link runCurves} calls, by name: the model kernels and the LM core (compiled in one scope in workers). */
export interface CurvesLibrary {
  lmSolve(ws: LmArrays, n: number, nP: number, x: Float64Array, y: Float64Array, model: LmModel): void;
  addComponents(...args: unknown[]): void;
  componentsJacobian(...args: unknown[]): void;
  /** Add and Jacobian kernels in MODEL_KINDS order. */
  addKernels: readonly unknown[];
  jacobianKernels: readonly unknown[];
}

/** The built-in components of the model as kind codes, parameter offsets and polynomial degrees. */
export interface ComponentCodes {
  kinds: Int32Array;
  offsets: Int32Array;
  degrees: Int32Array;
}

/** The batch's data, shared by every curve of a task. */
export interface CurvesInput {
  /** Points per curve, parameters. */
  m: number;
  nP: number;
  x: Float64Array;
  /** Curves, row-major, curve c at ys[yOff + c·m]. */
  ys: Float64Array;
  yOff: number;
  /** Start values [n, nP]; `invalid[c]` marks curves refused before fitting. */
  p0: Float64Array;
  invalid: Uint8Array;
  /** 1/σ, per point (m) or per point of each curve (n·m); empty when unweighted. */
  invSigma: Float64Array;
  /** The workspace settings: maxIter, deltaChi, epsfcn, numeric (0/1), scaleCovar (0/1), weighted (0/1). */
  settings: Float64Array;
  /** Constraints as silx codes. */
  code: Int32Array;
  ca: Float64Array;
  cb: Float64Array;
  ref: Int32Array;
}

/** Where the results go: params, sigmas [n, nP]; chi2, status, iterations [n]. */
export interface CurvesOutput {
  params: Float64Array;
  sigmas: Float64Array;
  chi2: Float64Array;
  status: Uint8Array;
  iterations: Int32Array;
}

/**
 * Fits curves [first, first + count) of `input` with `model` (a {@link LmModel}; null: the
 * built-in components of `codes`, evaluated with the library's kernels) in workspace `ws`, and
 * writes params, sigmas, chi2, status and iterations into `out` as `leastsqInto` computes them;
 * a curve that is marked invalid or holds a value that is not finite gets status 3
 * (invalid-input) and NaN results. Allocates nothing per curve.
 *
 * @example
 * ```ts
 * runCurves(lib, createLeastsqWorkspace(m, nP), model, null, input, 0, n, out);
 * ```
 */
export function runCurves(
  lib: CurvesLibrary, ws: LmArrays, model: LmModel | null, codes: ComponentCodes | null, input: CurvesInput,
  first: number, count: number, out: CurvesOutput,
): void {
  const { m, nP, x, ys, yOff, p0, invalid, invSigma, settings, code, ca, cb, ref } = input;
  let fitModel = model;
  if (fitModel === null && codes !== null) {
    const { kinds, offsets, degrees } = codes;
    const nc = kinds.length, adds = lib.addKernels, jacs = lib.jacobianKernels;
    // as componentModel's methods (models/component-model.ts), without their argument checks
    fitModel = {
      evaluate(xx: Float64Array, p: Float64Array, f: Float64Array): void {
        f.fill(0);
        lib.addComponents(nc, kinds, offsets, degrees, xx.length, xx, p, f, adds);
      },
      jacobian(xx: Float64Array, p: Float64Array, jac: Float64Array): void {
        lib.componentsJacobian(nc, kinds, offsets, degrees, xx.length, xx, p, jac, null, jacs);
      },
      evaluateAndJacobian(xx: Float64Array, p: Float64Array, f: Float64Array, jac: Float64Array): void {
        f.fill(0);
        lib.componentsJacobian(nc, kinds, offsets, degrees, xx.length, xx, p, jac, f, jacs);
      },
    };
  }
  if (fitModel === null) throw new Error('runCurves needs a model or the codes of its components');
  for (let k = 0; k < settings.length; k++) ws.settings[k] = settings[k];
  const weighted = settings[5] !== 0;
  const perCurveSigma = weighted && invSigma.length !== m;
  if (weighted && !perCurveSigma) for (let i = 0; i < m; i++) ws.sw[i] = invSigma[i];
  let nFree = 0;
  for (let j = 0; j < nP; j++) {
    ws.code[j] = code[j];
    ws.ca[j] = ca[j];
    ws.cb[j] = cb[j];
    ws.ref[j] = ref[j];
    if (code[j] <= 2) nFree++;
  }
  const y = new Float64Array(m); // each curve is copied here (once per task, not per curve)
  for (let c = first; c < first + count; c++) {
    const base = yOff + c * m;
    let ok = invalid[c] === 0;
    for (let i = 0; i < m && ok; i++) {
      const v = ys[base + i];
      y[i] = v;
      ok = Number.isFinite(v);
    }
    if (perCurveSigma) for (let i = 0; i < m; i++) ws.sw[i] = invSigma[c * m + i];
    const o = c * nP;
    if (!ok) {
      for (let j = 0; j < nP; j++) {
        out.params[o + j] = NaN;
        out.sigmas[o + j] = NaN;
      }
      out.chi2[c] = NaN;
      out.status[c] = 3;
      out.iterations[c] = 0;
      continue;
    }
    for (let j = 0; j < nP; j++) ws.p[j] = p0[o + j];
    lib.lmSolve(ws, m, nP, x, y, fitModel);
    const info = ws.info;
    const status = info[3];
    for (let j = 0; j < nP; j++) {
      const k = ws.kOf[j];
      out.params[o + j] = status === 3 ? NaN : ws.p[j];
      if (status === 3) out.sigmas[o + j] = NaN;
      else if (k < 0 || ws.coef[j] === 0) out.sigmas[o + j] = 0;
      else if (status === 2) out.sigmas[o + j] = Infinity;
      else out.sigmas[o + j] = Math.abs(ws.coef[j]) * Math.sqrt(ws.cov[k * nFree + k]);
    }
    out.chi2[c] = status === 3 ? NaN : info[0];
    out.status[c] = status;
    out.iterations[c] = info[2];
  }
}
