import type { Command } from '../framework/command.js';

/** Every `pandaas` subcommand, in the order `pandaas --help` lists them. */
export const COMMANDS: readonly Command[] = [];
