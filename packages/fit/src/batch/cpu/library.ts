/**
 * The functions batch fits run, as objects for this thread and as one source text for pool
 * workers: the built-in model kernels (`MODEL_FUNCTIONS`), the Levenberg-Marquardt core of
 * `leastsqInto` (`LEASTSQ_FUNCTIONS`) and {@link runCurves}. Each refers only to the others and
 * to built-in globals, so declaring them all in one scope recreates them exactly.
 *
 * Names are read from each function's own source (`function lmSolve2(`), not from the keys:
 * a bundler that renames a function to avoid a clash renames its callers to match, so the
 * declarations stay consistent with one another.
 *
 * @module
 */
import { LEASTSQ_FUNCTIONS } from '../../leastsq/lm-core.js';
import { ADD_KERNELS, JACOBIAN_KERNELS, MODEL_FUNCTIONS, componentsModel } from '../../models/components.js';
import { runCurves, type CurvesLibrary } from './run-curves.js';

type AnyFunction = (...args: never[]) => unknown;

const FUNCTIONS: Readonly<Record<string, AnyFunction>> = { ...MODEL_FUNCTIONS, ...LEASTSQ_FUNCTIONS, runCurves };

/** The library on this thread: the imported functions themselves. */
export const LOCAL_LIBRARY: CurvesLibrary & { runCurves: typeof runCurves } = {
  lmSolve: LEASTSQ_FUNCTIONS.lmSolve,
  lmOutput: LEASTSQ_FUNCTIONS.lmOutput,
  componentsModel,
  addKernels: ADD_KERNELS,
  jacobianKernels: JACOBIAN_KERNELS,
  runCurves,
};

/** The name a function declaration gives itself in its source text: `function lmSolve(` gives 'lmSolve'. */
function declaredName(fn: AnyFunction): string {
  const match = /^\s*function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(String(fn));
  if (match === null) throw new Error(`internal error: a batch fit function is not a plain function declaration: ${String(fn).slice(0, 60)}`);
  return match[1];
}

let source: string | undefined;

/**
 * The body of a function that declares every function of the library and returns it as a
 * {@link CurvesLibrary} with `runCurves`: `new Function(librarySource())()`.
 *
 * @example
 * ```ts
 * const lib = new Function(librarySource())();
 * lib.runCurves(lib, ws, null, codes, input, 0, n, out);
 * ```
 */
export function librarySource(): string {
  if (source !== undefined) return source;
  const declarations = Object.values(FUNCTIONS).map(String);
  const name = (fn: unknown) => declaredName(fn as AnyFunction);
  const library = [
    `lmSolve: ${name(LEASTSQ_FUNCTIONS.lmSolve)}`,
    `lmOutput: ${name(LEASTSQ_FUNCTIONS.lmOutput)}`,
    `componentsModel: ${name(componentsModel)}`,
    `addKernels: [${ADD_KERNELS.map(name).join(', ')}]`,
    `jacobianKernels: [${JACOBIAN_KERNELS.map(name).join(', ')}]`,
    `runCurves: ${name(runCurves)}`,
  ];
  // __name: the helper esbuild's keepNames inserts into function bodies (tsx, some test runners)
  source = `'use strict';\nconst __name = (fn) => fn;\n${declarations.join('\n')}\nreturn { ${library.join(', ')} };`;
  return source;
}
