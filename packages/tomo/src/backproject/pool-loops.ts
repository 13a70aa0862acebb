/**
 * The backprojector's loops on core's CPU pool (internal): their names and their registration.
 * @module
 */
import { registerPoolLoops } from '@pandaas/core';
import { addQuarterTurn, backprojectTilesWasm } from './cpu-loop-wasm.js';
import { backprojectTiles } from './cpu-loop.js';

/**
 * The pool names of the backprojection loops.
 *
 * @example
 * ```ts
 * await runOnPool([{ name: BACKPROJECT_LOOP.tiles, fns: [], args }]);
 * ```
 */
export const BACKPROJECT_LOOP = { tiles: 'tomo:backprojectTiles', tilesWasm: 'tomo:backprojectTilesWasm', quarterTurn: 'tomo:addQuarterTurn' } as const;

let registered = false;

/**
 * Puts the loops of {@link BACKPROJECT_LOOP} on the core pool (once).
 *
 * @example
 * ```ts
 * registerBackprojectLoops();
 * ```
 */
export function registerBackprojectLoops(): void {
  if (registered) return;
  registerPoolLoops({
    [BACKPROJECT_LOOP.tiles]: backprojectTiles,
    [BACKPROJECT_LOOP.tilesWasm]: backprojectTilesWasm,
    [BACKPROJECT_LOOP.quarterTurn]: addQuarterTurn,
  });
  registered = true;
}
