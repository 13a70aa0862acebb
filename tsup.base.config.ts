import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

type Target = string | { '@pandaas/source'?: string; default?: string };

/**
 * The tsup build every pandaas package shares (run in the package's folder): ESM only, with
 * `.d.ts` and source maps, one bundle per export of package.json — `./dist/NAME.js` is built from
 * that export's `@pandaas/source` file, so the exports map is the only list to keep. Modules that
 * are imported lazily (the WebGPU backend) become chunks of their own. `dependencies` and
 * `peerDependencies` stay imports. `overrides` adds to or replaces these options.
 */
export function packageConfig(overrides: Options = {}) {
  const { exports } = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, Target> };
  const entry: Record<string, string> = {};
  for (const target of Object.values(exports)) {
    const source = typeof target === 'object' ? target['@pandaas/source'] : undefined;
    const output = typeof target === 'object' ? target.default : undefined;
    if (source && output) entry[output.replace(/^\.\/dist\/(.*)\.js$/, '$1')] = source;
  }
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true, // the maps point into src/, which is published beside dist/
    target: 'es2022',
    ...overrides,
  });
}
