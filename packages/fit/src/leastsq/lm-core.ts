/**
 * The Levenberg-Marquardt loop of {@link leastsqInto}, as silx.math.fit.leastsq runs it, on a
 * workspace of typed arrays. Every function here refers only to `Math` and to the others in this
 * module, never to imports or module state, so a worker can compile them all from their source
 * text ({@link LEASTSQ_FUNCTIONS}) and run fits with the same code.
 *
 * Parameters live in two spaces: the model's p, and the fitted θ (one per free, positive or
 * quoted parameter): free p = θ, positive p = |θ|, quoted p = A + B sin θ (A, B the middle and
 * half-width of the bounds); fixed and ignored parameters stay put (ignored at 0); factor, delta
 * and sum parameters follow their reference: p = f·p_ref, p = d + p_ref, p = s - p_ref.
 *
 * @module
 */

/** The arrays one fit works in; see {@link createLeastsqWorkspace}, which makes and sizes them. */
export interface LmArrays {
  readonly nPoints: number;
  readonly nParams: number;
  /** Square roots of the weights, √(1/σᵢ²) (read only when `settings[5]` is 1). */
  readonly sw: Float64Array;
  /** The model at the current parameters, then scratch (n each). */
  f: Float64Array;
  ft: Float64Array;
  /** The model's Jacobian at p and at the trial (nParams rows of n each), and the fitted one (√w-weighted, θ-space). */
  jac: Float64Array;
  jact: Float64Array;
  readonly jt: Float64Array;
  /** JᵀWJ, its damped and scaled copy / Cholesky factor, and the θ covariance (nParams² each, nFree² used). */
  readonly alpha: Float64Array;
  readonly amat: Float64Array;
  readonly cov: Float64Array;
  /** Scratch of the normal equations ((nParams + 1)²). */
  readonly gram: Float64Array;
  /** JᵀW(y - f), the step, the scaling √diag(α), and the θ of quoted parameters (nParams each). */
  readonly beta: Float64Array;
  readonly delta: Float64Array;
  readonly dscale: Float64Array;
  readonly theta: Float64Array;
  /** Current and trial parameters (model space). */
  readonly p: Float64Array;
  readonly pt: Float64Array;
  /** Constraint of each parameter: code (silx's 0-7), two numbers (quoted: min, max; ties: -, factor/delta/sum), reference index. */
  readonly code: Int32Array;
  readonly ca: Float64Array;
  readonly cb: Float64Array;
  readonly ref: Int32Array;
  /** Indices of the fitted parameters; each parameter's fitted index (-1: none) and dp/dθ factor. */
  readonly free: Int32Array;
  readonly kOf: Int32Array;
  readonly coef: Float64Array;
  /** [maxIter, deltaChi (%), epsfcn, numeric Jacobian (0/1), scaleCovar (0/1), weighted (0/1)]. */
  readonly settings: Float64Array;
  /** Out: [chi2, nfev, niter, status, reason, badParameter, reducedChi2, lambda]. */
  readonly info: Float64Array;
}

/** What the loop calls of a model (a {@link Model} is one): evaluate, and the Jacobian when analytic. */
export interface LmModel {
  evaluate(x: Float64Array, p: Float64Array, out: Float64Array): void;
  jacobian?(x: Float64Array, p: Float64Array, out: Float64Array): void;
  evaluateAndJacobian?(x: Float64Array, p: Float64Array, out: Float64Array, jac: Float64Array): void;
}

/**
 * Why the loop stopped, written to `info[4]` (the status in `info[3]` is the index in
 * FIT_STATUSES: 0 converged, 1 max-iterations, 2 singular, 3 invalid-input, 4 no-improvement).
 * lmSolve writes both as literals, since it refers to nothing outside its module's functions.
 */
export const LM_REASON = {
  deltaChi: 0, absoluteChi: 1, dampedAtMinimum: 2, maxIter: 3, zeroColumn: 4, singularCovariance: 5,
  nonFiniteStart: 6, dampedNoDecrease: 7, nonFiniteJacobian: 8, rounding: 9,
} as const;

/**
 * Sets every tied, ignored and positive parameter of `p` from the free ones (silx's order: first
 * the parameters' own transforms, then the ties, whose references are never tied themselves).
 */
function lmApplyConstraints(nP: number, p: Float64Array, code: Int32Array, cb: Float64Array, ref: Int32Array): void {
  for (let j = 0; j < nP; j++) {
    const c = code[j];
    if (c === 1) p[j] = Math.abs(p[j]);
    else if (c === 7) p[j] = 0;
  }
  for (let j = 0; j < nP; j++) {
    const c = code[j];
    if (c === 4) p[j] = cb[j] * p[ref[j]];
    else if (c === 5) p[j] = cb[j] + p[ref[j]];
    else if (c === 6) p[j] = cb[j] - p[ref[j]];
  }
}

/** Σ wᵢ (yᵢ - fᵢ)² (w = sw², or 1 when unweighted). */
function lmChi2(n: number, y: Float64Array, f: Float64Array, sw: Float64Array, weighted: boolean): number {
  let s0 = 0, s1 = 0;
  let i = 0;
  if (weighted) {
    for (; i + 1 < n; i += 2) {
      const r0 = (y[i] - f[i]) * sw[i], r1 = (y[i + 1] - f[i + 1]) * sw[i + 1];
      s0 += r0 * r0;
      s1 += r1 * r1;
    }
    if (i < n) s0 += ((y[i] - f[i]) * sw[i]) ** 2;
  } else {
    for (; i + 1 < n; i += 2) {
      const r0 = y[i] - f[i], r1 = y[i + 1] - f[i + 1];
      s0 += r0 * r0;
      s1 += r1 * r1;
    }
    if (i < n) s0 += (y[i] - f[i]) ** 2;
  }
  return s0 + s1;
}

/**
 * Fills ws.coef (dp/dθ for free, positive and quoted parameters; for tied ones the factor on
 * their reference's θ; 0 for fixed and ignored) and ws.kOf (the θ index each depends on, -1 none).
 */
function lmChainFactors(ws: LmArrays, nP: number): void {
  const { code, ca, cb, ref, theta, kOf, coef } = ws;
  let k = 0;
  for (let j = 0; j < nP; j++) {
    const c = code[j];
    if (c <= 2) {
      kOf[j] = k++;
      coef[j] = c === 2 ? 0.5 * (cb[j] - ca[j]) * Math.cos(theta[j]) : 1;
    } else {
      kOf[j] = -1;
      coef[j] = 0;
    }
  }
  for (let j = 0; j < nP; j++) {
    const c = code[j];
    if (c >= 4 && c <= 6) {
      const r = ref[j];
      kOf[j] = kOf[r];
      coef[j] = (c === 4 ? cb[j] : c === 5 ? 1 : -1) * coef[r];
    }
  }
}

/**
 * Brings the Jacobian at ws.p (model values in `f`) into fitted form: ws.jt (nFree rows, in θ,
 * ties folded into their reference's row, √w-weighted when weighted) — or leaves ws.jac as it is
 * when nothing changes it (`plain`, unweighted, analytic). Numeric (forward differences in model
 * space as silx: step √epsfcn·p, √epsfcn when p = 0; tied parameters move with their reference)
 * unless `analytic`, in which case ws.jac must already hold the model's Jacobian at ws.p.
 * Returns the model evaluations it took (numeric: nFree).
 */
function lmFittedJacobian(
  ws: LmArrays, n: number, nP: number, nFree: number, x: Float64Array, f: Float64Array, model: LmModel, analytic: boolean, plain: boolean,
): number {
  const { jac, jt, p, pt, code, cb, ref, free, kOf, coef, sw, settings } = ws;
  const weighted = settings[5] !== 0;
  lmChainFactors(ws, nP);
  if (!analytic) {
    const h0 = Math.sqrt(settings[2]);
    const scratch = ws.ft;
    for (let k = 0; k < nFree; k++) {
      const j = free[k];
      for (let q = 0; q < nP; q++) pt[q] = p[q];
      const h = h0 * (p[j] === 0 ? 1 : p[j]);
      pt[j] = p[j] + h;
      lmApplyConstraints(nP, pt, code, cb, ref);
      model.evaluate(x, pt, scratch);
      const row = k * n;
      const c = coef[j] / h;
      if (weighted) for (let i = 0; i < n; i++) jt[row + i] = (scratch[i] - f[i]) * c * sw[i];
      else for (let i = 0; i < n; i++) jt[row + i] = (scratch[i] - f[i]) * c;
    }
    return nFree;
  }
  if (plain && !weighted) return 0;
  for (let k = 0; k < nFree; k++) {
    const j = free[k];
    const row = k * n, src = j * n, c = coef[j];
    if (weighted) for (let i = 0; i < n; i++) jt[row + i] = jac[src + i] * c * sw[i];
    else for (let i = 0; i < n; i++) jt[row + i] = jac[src + i] * c;
  }
  for (let j = 0; j < nP; j++) {
    const k = kOf[j];
    if (code[j] < 4 || code[j] > 6 || k < 0) continue;
    const row = k * n, src = j * n, c = coef[j];
    if (weighted) for (let i = 0; i < n; i++) jt[row + i] += jac[src + i] * c * sw[i];
    else for (let i = 0; i < n; i++) jt[row + i] += jac[src + i] * c;
  }
  return 0;
}

/**
 * The 2×2 block of dot products of rows (a0, a1) with rows (b0, b1), each row an array and an
 * offset, n long: g[i00] = a0·b0, g[i01] = a0·b1, g[i10] = a1·b0, g[i11] = a1·b1. Four rows
 * loaded once for four products, in two interleaved sets of sums: about twice as fast as four
 * separate dot products.
 */
function lmGramBlock(
  n: number, A0: Float64Array, a0: number, A1: Float64Array, a1: number, B0: Float64Array, b0: number, B1: Float64Array, b1: number,
  g: Float64Array, i00: number, i01: number, i10: number, i11: number,
): void {
  let s00 = 0, s01 = 0, s10 = 0, s11 = 0, t00 = 0, t01 = 0, t10 = 0, t11 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = A0[a0 + i], x1 = A1[a1 + i], y0 = B0[b0 + i], y1 = B1[b1 + i];
    s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
    const u0 = A0[a0 + i + 1], u1 = A1[a1 + i + 1], w0 = B0[b0 + i + 1], w1 = B1[b1 + i + 1];
    t00 += u0 * w0; t01 += u0 * w1; t10 += u1 * w0; t11 += u1 * w1;
  }
  if (i < n) {
    const x0 = A0[a0 + i], x1 = A1[a1 + i], y0 = B0[b0 + i], y1 = B1[b1 + i];
    s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
  }
  g[i00] = s00 + t00; g[i01] = s01 + t01; g[i10] = s10 + t10; g[i11] = s11 + t11;
}

/**
 * α = JᵀWJ and β = JᵀW(y - f) from the (√w-weighted) Jacobian J (m rows of n); `r` receives
 * √w(y - f). Computed as the Gram matrix of the m + 1 rows (J's and r) in 2×2 blocks, in `gram`
 * ((m + 1)² scratch).
 */
function lmNormalEquations(
  n: number, m: number, J: Float64Array, y: Float64Array, f: Float64Array, sw: Float64Array, weighted: boolean,
  r: Float64Array, alpha: Float64Array, beta: Float64Array, gram: Float64Array,
): void {
  if (weighted) for (let i = 0; i < n; i++) r[i] = (y[i] - f[i]) * sw[i];
  else for (let i = 0; i < n; i++) r[i] = y[i] - f[i];
  const R = m + 1; // row m is r
  for (let k = 0; k < R; k += 2) {
    const k1 = k + 1 < R ? k + 1 : k;
    for (let l = 0; l <= k; l += 2) {
      const l1 = l + 1 < R ? l + 1 : l;
      lmGramBlock(
        n, k < m ? J : r, k < m ? k * n : 0, k1 < m ? J : r, k1 < m ? k1 * n : 0,
        l < m ? J : r, l < m ? l * n : 0, l1 < m ? J : r, l1 < m ? l1 * n : 0,
        gram, k * R + l, k * R + l1, k1 * R + l, k1 * R + l1,
      );
    }
  }
  for (let k = 0; k < m; k++) {
    for (let l = 0; l <= k; l++) {
      const s = gram[k * R + l];
      alpha[k * m + l] = s;
      alpha[l * m + k] = s;
    }
    beta[k] = gram[m * R + k];
  }
}

/**
 * In-place Cholesky factorisation (lower triangle) of the m×m matrix a; false when a pivot is not
 * above `tiny` (not positive definite, to that margin).
 */
function lmCholesky(m: number, a: Float64Array, tiny: number): boolean {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j];
    for (let k = 0; k < j; k++) s -= a[j * m + k] * a[j * m + k];
    if (!(s > tiny)) return false;
    const d = Math.sqrt(s);
    a[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j];
      for (let k = 0; k < j; k++) t -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = t / d;
    }
  }
  return true;
}

/** Solves L Lᵀ z = b in place in b, L the lower factor {@link lmCholesky} left in a. */
function lmCholeskySolve(m: number, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= a[i * m + k] * b[k];
    b[i] = s / a[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= a[k * m + i] * b[k];
    b[i] = s / a[i * m + i];
  }
}

/**
 * Solves α' δ = β, α' being α with its diagonal times 1 + λ (silx's damping), through the
 * matrix scaled to a unit diagonal (well conditioned whatever the parameters' units). The step
 * lands in ws.delta; returns the chi² decrease the linearised model predicts for it,
 * δ·(2β - αδ), or NaN when α' is not positive definite.
 */
function lmStep(ws: LmArrays, m: number, lambda: number): number {
  const { alpha, amat, beta, delta, dscale } = ws;
  for (let k = 0; k < m; k++) {
    for (let l = 0; l < m; l++) amat[k * m + l] = alpha[k * m + l] / (dscale[k] * dscale[l]);
    amat[k * m + k] = 1 + lambda;
    delta[k] = beta[k] / dscale[k];
  }
  if (!lmCholesky(m, amat, 0)) return NaN;
  lmCholeskySolve(m, amat, delta);
  let predicted = 0;
  for (let k = 0; k < m; k++) {
    delta[k] /= dscale[k];
    let ad = 0;
    for (let l = 0; l < m; l++) ad += alpha[k * m + l] * delta[l];
    predicted += delta[k] * (2 * beta[k] - ad);
  }
  return predicted;
}

/**
 * θ = asin((p - A)/B) of a quoted parameter, kept 1e-6 inside ±π/2: on a bound the transform has
 * no derivative (B·cos θ = 0) and the parameter could never move; 1e-6 inside, p differs from the
 * bound by B·5e-13.
 */
function lmQuotedAngle(p: number, min: number, max: number): number {
  const t = Math.asin(Math.max(-1, Math.min(1, (2 * p - min - max) / (max - min))));
  const edge = 1.5707953267948966; // π/2 - 1e-6
  return t > edge ? edge : t < -edge ? -edge : t;
}

/** Trial parameters pt = p moved by the step δ in θ space, constraints applied; false unless all finite. */
function lmTrial(ws: LmArrays, nP: number, nFree: number): boolean {
  const { p, pt, code, ca, cb, ref, free, theta, delta } = ws;
  for (let j = 0; j < nP; j++) pt[j] = p[j];
  for (let k = 0; k < nFree; k++) {
    const j = free[k];
    if (code[j] === 2) pt[j] = 0.5 * (ca[j] + cb[j]) + 0.5 * (cb[j] - ca[j]) * Math.sin(theta[j] + delta[k]);
    else pt[j] = p[j] + delta[k];
  }
  lmApplyConstraints(nP, pt, code, cb, ref);
  for (let j = 0; j < nP; j++) if (!Number.isFinite(pt[j])) return false;
  return true;
}

/**
 * The θ covariance (JᵀWJ)⁻¹ into ws.cov (nFree²) from ws.alpha; false when singular (a pivot of
 * the unit-diagonal scaled matrix at or below 1e-13, i.e. condition number past ~1e13).
 */
function lmCovariance(ws: LmArrays, m: number): boolean {
  const { alpha, amat, cov, dscale, delta } = ws;
  for (let k = 0; k < m; k++) if (!(alpha[k * m + k] > 0)) return false;
  for (let k = 0; k < m; k++) dscale[k] = Math.sqrt(alpha[k * m + k]);
  for (let k = 0; k < m; k++) for (let l = 0; l < m; l++) amat[k * m + l] = alpha[k * m + l] / (dscale[k] * dscale[l]);
  if (!lmCholesky(m, amat, 1e-13)) return false;
  for (let c = 0; c < m; c++) {
    for (let k = 0; k < m; k++) delta[k] = k === c ? 1 : 0;
    lmCholeskySolve(m, amat, delta);
    for (let k = 0; k < m; k++) cov[k * m + c] = delta[k] / (dscale[k] * dscale[c]);
  }
  for (let k = 0; k < m; k++) {
    for (let l = 0; l < k; l++) cov[k * m + l] = cov[l * m + k] = 0.5 * (cov[k * m + l] + cov[l * m + k]);
  }
  return true;
}

/**
 * Runs one fit: ws.p holds p0 (validated: finite, quoted ones within bounds) and the constraint
 * arrays are filled; on return ws.p holds the parameters, ws.cov the θ covariance (scaled by the
 * reduced chi² when settings[4] is 1), ws.info the outcome. Silx's rules: λ starts at 1e-3,
 * ×10 on a step that raises chi² (stop past 1000), ÷10 on one that lowers it; from the second
 * iteration on, stop when chi² fell by less than deltaChi percent or by less than √epsfcn
 * (deltaChi = 0: neither; stop when chi² falls by no more than its rounding, n·ε relative);
 * at most maxIter trial steps.
 *
 * @example
 * ```ts
 * // what leastsqInto runs once it has checked and encoded its arguments into ws
 * ws.p.set(p0);
 * lmSolve(ws, x.length, p0.length, x, y, model);
 * ws.info[3]; // the status code: 0 converged ... 4 no-improvement
 * ```
 */
export function lmSolve(ws: LmArrays, n: number, nP: number, x: Float64Array, y: Float64Array, model: LmModel): void {
  const { code, cb, ref, free, theta, ca, alpha, beta, dscale, info, settings, sw, p } = ws;
  const maxIter = settings[0], deltaChi = settings[1], epsfcn = settings[2];
  const weighted = settings[5] !== 0;
  const analytic = settings[3] === 0 && model.jacobian !== undefined;
  const fused = analytic && model.evaluateAndJacobian !== undefined; // trial steps bring their Jacobian along
  let nFree = 0;
  let plain = true;
  for (let j = 0; j < nP; j++) {
    const c = code[j];
    if (c <= 2) free[nFree++] = j;
    if (c !== 0) plain = false;
    if (c === 2) theta[j] = lmQuotedAngle(p[j], ca[j], cb[j]);
  }
  lmApplyConstraints(nP, p, code, cb, ref);
  lmChainFactors(ws, nP);
  let f = ws.f, ft = ws.ft;
  let jacReady = false; // ws.jac holds the model's Jacobian at p
  if (fused) {
    model.evaluateAndJacobian?.(x, p, f, ws.jac);
    jacReady = true;
  } else {
    model.evaluate(x, p, f);
  }
  let nfev = 1;
  let chi2 = lmChi2(n, y, f, sw, weighted);
  let lambda = 1e-3;
  let left = maxIter;
  let niter = 0;
  let status = -1, reason = -1, bad = -1;
  const direct = plain && !weighted && analytic; // ws.jac serves as the fitted Jacobian
  if (!Number.isFinite(chi2)) {
    status = 3;
    reason = 6;
  }
  while (status < 0 && left > 0) {
    niter++;
    ws.f = f;
    ws.ft = ft;
    if (analytic && !jacReady) model.jacobian?.(x, p, ws.jac);
    nfev += lmFittedJacobian(ws, n, nP, nFree, x, f, model, analytic, plain);
    lmNormalEquations(n, nFree, direct ? ws.jac : ws.jt, y, f, sw, weighted, ft, alpha, beta, ws.gram);
    for (let k = 0; k < nFree; k++) {
      const d = alpha[k * nFree + k];
      if (!Number.isFinite(d) || !Number.isFinite(beta[k])) {
        status = 3; reason = 8; bad = free[k];
      } else if (d === 0) {
        status = 2; reason = 4; bad = free[k];
      }
      dscale[k] = Math.sqrt(d);
      if (status >= 0) break;
    }
    if (status >= 0) break;
    let firstPredicted = NaN;
    for (;;) {
      const predicted = lmStep(ws, nFree, lambda);
      if (Number.isNaN(firstPredicted)) firstPredicted = predicted;
      let chi2t = NaN;
      if (!Number.isNaN(predicted) && lmTrial(ws, nP, nFree)) {
        if (fused) model.evaluateAndJacobian?.(x, ws.pt, ft, ws.jact);
        else model.evaluate(x, ws.pt, ft);
        nfev++;
        left--;
        chi2t = lmChi2(n, y, ft, sw, weighted);
      }
      if (!(chi2t <= chi2)) {
        lambda *= 10;
        if (lambda > 1000) {
          // no step lowers chi²: at a minimum when the linearised model predicted no real gain either
          const gain = firstPredicted;
          const atMinimum = !Number.isNaN(gain) && (gain <= 0 || 100 * gain < deltaChi * (chi2 === 0 ? 1 : chi2) || gain < Math.sqrt(epsfcn));
          status = atMinimum ? 0 : 4;
          reason = atMinimum ? 2 : 7;
          break;
        }
        if (left <= 0) break;
        continue;
      }
      // accept the step
      for (let j = 0; j < nP; j++) p[j] = ws.pt[j];
      for (let k = 0; k < nFree; k++) {
        const j = free[k];
        // back to the principal angle, as silx takes arcsin of p each iteration: θ keeps its precision
        if (code[j] === 2) theta[j] = lmQuotedAngle(p[j], ca[j], cb[j]);
      }
      const tf = f; f = ft; ft = tf;
      if (fused) {
        const tj = ws.jac; ws.jac = ws.jact; ws.jact = tj;
      }
      jacReady = fused;
      const drop = chi2 - chi2t;
      chi2 = chi2t;
      lambda /= 10;
      if (niter >= 2) {
        if (deltaChi === 0) {
          if (drop <= Math.max(n, 16) * 2.220446049250313e-16 * chi2) { status = 0; reason = 9; }
        } else if (100 * drop < deltaChi * (chi2 === 0 ? 1 : chi2)) { status = 0; reason = 0; }
        else if (drop < Math.sqrt(epsfcn)) { status = 0; reason = 1; }
      }
      break;
    }
  }
  if (status < 0) { status = 1; reason = 3; }
  ws.f = f;
  ws.ft = ft;
  let red = NaN;
  if (status !== 3 && !(status === 2 && reason === 4)) {
    // the covariance: (JᵀWJ)⁻¹ with the last iteration's J (and chain factors), as silx's leastsq
    // and MINPACK (scipy's curve_fit) give it: at the start of the last step, which changed chi²
    // by less than the stopping criterion
    red = chi2 / (n - nFree);
    if (!lmCovariance(ws, nFree)) {
      status = 2; reason = 5;
    } else if (settings[4] !== 0) {
      for (let q = 0; q < nFree * nFree; q++) ws.cov[q] *= red;
    }
  }
  info[0] = chi2; info[1] = nfev; info[2] = niter; info[3] = status; info[4] = reason; info[5] = bad; info[6] = red; info[7] = lambda;
}

/**
 * Writes the outcome of {@link lmSolve} as {@link leastsqInto} reports it: the parameters ws.p
 * into params[o..o+nP), and into sigmas[o..o+nP) each one's σ, √ of its θ variance times
 * |dp/dθ| (ws.cov, scaled or not as the fit asked); 0 for fixed and ignored parameters; Infinity
 * for the others when the problem is singular, NaN for all when the input was invalid.
 *
 * @example
 * ```ts
 * lmSolve(ws, n, nP, x, y, model);
 * lmOutput(ws, nP, out.params, out.sigmas, 0);
 * ```
 */
export function lmOutput(ws: LmArrays, nP: number, params: Float64Array, sigmas: Float64Array, o: number): void {
  const { code, kOf, coef, cov, info, p } = ws;
  const status = info[3];
  let nFree = 0;
  for (let j = 0; j < nP; j++) if (code[j] <= 2) nFree++;
  for (let j = 0; j < nP; j++) {
    const k = kOf[j];
    params[o + j] = p[j];
    if (status === 3) sigmas[o + j] = NaN;
    else if (k < 0 || coef[j] === 0) sigmas[o + j] = 0;
    else if (status === 2) sigmas[o + j] = Infinity;
    else sigmas[o + j] = Math.abs(coef[j]) * Math.sqrt(cov[k * nFree + k]);
  }
}

/**
 * Every function of the loop by name, for workers that compile them from source in one scope:
 * `new Function(Object.values(LEASTSQ_FUNCTIONS).map(String).join('\n') + 'return lmSolve;')()`.
 * (createLeastsqWorkspace's arrays, or any object of the same typed arrays, are its workspace.)
 */
export const LEASTSQ_FUNCTIONS = {
  lmApplyConstraints, lmChi2, lmChainFactors, lmFittedJacobian, lmGramBlock, lmNormalEquations, lmCholesky, lmCholeskySolve, lmStep,
  lmQuotedAngle, lmTrial, lmCovariance, lmSolve, lmOutput,
} as const;
