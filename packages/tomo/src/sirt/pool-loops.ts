/**
 * The forward projector's loop on core's CPU pool (internal): its name and its registration.
 * @module
 */
import { registerPoolLoops } from '@pandaas/core';
import { projectAngles } from './project-loop.js';

/**
 * The pool name of the forward-projection loop.
 *
 * @example
 * ```ts
 * await runOnPool([{ name: PROJECT_LOOP.angles, fns: [], args }]);
 * ```
 */
export const PROJECT_LOOP = { angles: 'tomo:projectAngles' } as const;

let registered = false;

/**
 * Puts the loop of {@link PROJECT_LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerProjectLoops();
 * ```
 */
export function registerProjectLoops(): void {
  if (registered) return;
  registerPoolLoops({ [PROJECT_LOOP.angles]: projectAngles });
  registered = true;
}
