import { LM_REASON } from './lm-core.js';

/**
 * Says in words why a fit stopped, from the workspace's `info` (status, reason, bad parameter,
 * damping) and `settings` (maxIter, deltaChi, epsfcn).
 *
 * @example
 * ```ts
 * fitMessage(ws.info, model.parameters, ws.settings); // 'converged: chi² fell by less than 0.001 % ...'
 * ```
 */
export function fitMessage(info: Float64Array, names: readonly string[], settings: Float64Array): string {
  const reason = info[4];
  const bad = info[5] >= 0 ? `${names[info[5]]} (parameter ${info[5]})` : '';
  const iterations = `after ${info[2]} iterations and ${info[1]} model evaluations`;
  switch (reason) {
    case LM_REASON.deltaChi:
      return `converged: chi² fell by less than deltaChi = ${settings[1]} % in the last iteration (${iterations})`;
    case LM_REASON.absoluteChi:
      return `converged: chi² fell by less than √epsfcn = ${Math.sqrt(settings[2]).toExponential(2)} in the last iteration (${iterations})`;
    case LM_REASON.rounding:
      return `converged: chi² fell by no more than its rounding in the last iteration (deltaChi = 0: run to the minimum; ${iterations})`;
    case LM_REASON.dampedAtMinimum:
      return `converged: no step lowers chi² any more (damping λ past 1000) and the linearised model predicts no decrease above deltaChi (${iterations})`;
    case LM_REASON.maxIter:
      return `not converged: stopped at maxIter = ${settings[0]} trial steps before chi² settled (deltaChi = ${settings[1]} %); raise maxIter or start closer (${iterations})`;
    case LM_REASON.zeroColumn:
      return `singular problem: ${bad} has no effect on the model at these parameters (its Jacobian column is zero); fix it or start elsewhere`;
    case LM_REASON.singularCovariance:
      return `singular problem: JᵀWJ cannot be inverted at the result (parameters without effect or not separable, condition number past 1e13); sigmas are infinite (${iterations})`;
    case LM_REASON.nonFiniteStart:
      return 'invalid input: the model is not finite at p0 (NaN or infinite values), so chi² is undefined; check p0 (e.g. a zero FWHM)';
    case LM_REASON.dampedNoDecrease:
      return `no improvement: no step lowers chi² (damping λ past 1000) although the linearised model predicts a decrease: the steps may run into parameters where the model is not finite, or the Jacobian disagrees with the model (${iterations})`;
    case LM_REASON.nonFiniteJacobian:
      return `invalid input: the Jacobian of ${bad} is not finite at the current parameters (${iterations})`;
    default:
      return `unknown stop reason ${reason}`;
  }
}
