/**
 * The CPU loop of batch fits: one `lmSolve` (the Levenberg-Marquardt core of `leastsqInto`) per
 * curve, in one reused workspace, with `leastsqInto`'s outputs (`lmOutput`). It refers only to
 * its arguments and to built-in globals, so a pool worker compiles it from its source text
 * together with the model kernels and the solver (see `library.ts`).
 *
 * @module
 */
import type { LmArrays, LmModel, lmOutput, lmSolve } from '../../leastsq/lm-core.js';
import type { AddKernel, componentArrays, componentsModel, JacobianKernel } from '../../models/components.js';

/**
 * The functions {@link runCurves} calls: the LM core, its output, and the evaluator of built-in
 * components with the kernel tables (the imported functions on this thread, the same compiled
 * from their source in one scope on a worker).
 */
export interface CurvesLibrary {
  lmSolve: typeof lmSolve;
  lmOutput: typeof lmOutput;
  componentsModel: typeof componentsModel;
  /** Add and Jacobian kernels in MODEL_KINDS order. */
  addKernels: readonly AddKernel[];
  jacobianKernels: readonly JacobianKernel[];
}

/** The built-in components of the model as kind codes, parameter offsets and polynomial degrees (`componentArrays`). */
export type ComponentCodes = ReturnType<typeof componentArrays>;

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
  // a built-in model: componentModel's methods without their argument checks
  const fitModel = model ?? (codes === null ? null
    : lib.componentsModel(codes.kinds.length, codes.kinds, codes.offsets, codes.degrees, lib.addKernels, lib.jacobianKernels));
  if (fitModel === null) throw new Error('runCurves needs a model or the codes of its components');
  for (let k = 0; k < settings.length; k++) ws.settings[k] = settings[k];
  const weighted = settings[5] !== 0;
  const perCurveSigma = weighted && invSigma.length !== m;
  if (weighted && !perCurveSigma) for (let i = 0; i < m; i++) ws.sw[i] = invSigma[i];
  for (let j = 0; j < nP; j++) {
    ws.code[j] = code[j];
    ws.ca[j] = ca[j];
    ws.cb[j] = cb[j];
    ws.ref[j] = ref[j];
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
    lib.lmOutput(ws, nP, out.params, out.sigmas, o);
    const info = ws.info;
    const status = info[3];
    if (status === 3) out.params.fill(NaN, o, o + nP); // a batch reports no parameters for invalid input
    out.chi2[c] = status === 3 ? NaN : info[0];
    out.status[c] = status;
    out.iterations[c] = info[2];
  }
}
