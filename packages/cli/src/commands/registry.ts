import type { Command } from '../framework/command.js';
import { infoCommand } from './info.js';
import { plotCommand } from './plot.js';
import { integrateCommand } from './integrate.js';
import { fitCommand } from './fit.js';
import { reconCommand } from './recon.js';
import { catalogCommand } from './catalog.js';
import { demoCommand } from './demo.js';

/**
 * Every `pandaas` subcommand, in the order `pandaas --help` lists them.
 *
 * @example
 * ```ts
 * const fit = COMMANDS.find((c) => c.name === 'fit'); // the command main() runs for `pandaas fit ...`
 * ```
 */
export const COMMANDS: readonly Command[] = [infoCommand, plotCommand, integrateCommand, fitCommand, reconCommand, catalogCommand, demoCommand];
