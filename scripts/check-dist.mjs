// Runs the built `pandaas` command (packages/cli/dist/bin.js, as npm installs it) on the bundled
// example data, after `pnpm run build`: the tests run the sources through tsx, this checks that
// the published build starts and works. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = 'packages/cli/dist/bin.js';
const runs = [
  ['--version'],
  ['info', 'examples/data/ssrl-lab6/lab6_tth_scan.nxs', '--stats', '--json'],
];
for (const args of runs) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`check-dist: node ${bin} ${args.join(' ')} exited ${run.status}\n${run.stderr}`);
    process.exit(1);
  }
}
console.log(`check-dist: the built pandaas command runs (${runs.length} commands)`);
