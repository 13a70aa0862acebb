import { readFileSync } from 'node:fs';

/**
 * The version of @pandaas/cli (its package.json, beside src/ and dist/).
 *
 * @example
 * ```ts
 * stdout.write(`${VERSION}\n`); // what `pandaas --version` prints, e.g. '0.1.0'
 * ```
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
