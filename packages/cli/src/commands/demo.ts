import { resolve } from 'node:path';
import type { Command } from '../framework/command.js';
import { UsageError } from '../framework/cli-error.js';
import { findDemoData } from '../demo/data-origin.js';
import { runDemo } from '../demo/run-demo.js';
import { formatSummary } from '../demo/text-output.js';

/**
 * `pandaas demo`: the end-to-end demo on a real LaB6 calibrant scan (SSRL BL 7-2, PILATUS
 * 300K-W): read the NeXus file, integrate each frame with the geometry of pyFAI's goniometer
 * model, find and fit the peaks, compare them with LaB6's d-spacings, reconstruct the bundled
 * tooth tomography scan, and write `demo-output/` (NeXus results, PNG figures, an HTML report and
 * results.json).
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * await main(['demo', '-o', 'demo-output']); // prints where the report is and the time of each step
 * ```
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Integrate, fit and check a real LaB6 calibrant scan end to end; write an HTML report.',
  usage: 'pandaas demo [-o FOLDER] [--input FILE] [--backend cpu|webgpu] [--json]',
  description: [
    'Reads the θ-2θ scan (three PILATUS frames of LaB6 at SSRL beamline 7-2, with pyFAI\'s goniometer',
    'model), gives each frame its geometry, integrates it into a 1D pattern in 2θ, finds and fits its',
    'peaks (pseudo-Voigt on a linear background, Poisson weights), compares them with the LaB6 rings,',
    'then reconstructs the bundled tooth tomography scan (NXtomo: axis by Vo\'s method, FBP of its 2 rows),',
    'and writes FOLDER: results.nxs, PNG figures, results.json and report.html. FOLDER is replaced as',
    'a whole when the run succeeds (only a previous demo output is replaced); a failed run leaves it',
    'as it was. Prints where the report is, the time of each step and the peaks table.',
  ].join('\n'),
  options: {
    output: { kind: 'text', short: 'o', placeholder: 'FOLDER', description: 'the output folder (relative to the current folder)', defaultText: 'demo-output' },
    input: { kind: 'text', placeholder: 'FILE', description: 'a scan NeXus file of the layout of the bundled one', defaultText: 'examples/data/ssrl-lab6/lab6_tth_scan.nxs' },
    backend: { kind: 'text', description: 'where the integration and the reconstruction run', choices: ['cpu', 'webgpu'], defaultText: 'cpu' },
  },
  examples: [
    { command: 'pandaas demo', description: 'run the demo on the bundled scan and write demo-output/report.html' },
    { command: 'pandaas demo -o /tmp/lab6 --backend webgpu', description: 'integrate on the GPU (WebGPU), write to /tmp/lab6' },
    { command: 'pandaas demo --input examples/data/ssrl-lab6/lab6_tth_scan.nxs --json', description: 'print the results (peaks, timings, machine) as one JSON document' },
  ],
  async run(ctx, args) {
    if (args.positionals.length > 0) throw new UsageError(`demo takes no positional arguments; got ${JSON.stringify(args.positionals[0])} (use --input FILE)`);
    const bundled = findDemoData();
    const given = args.text('input');
    if (given === undefined && bundled === undefined) {
      throw new UsageError('the bundled scan (examples/data/ssrl-lab6/lab6_tth_scan.nxs) is not part of this installation: pass --input FILE');
    }
    const input = given === undefined ? bundled! : resolve(ctx.cwd, given);
    const output = resolve(ctx.cwd, args.text('output') ?? 'demo-output');
    const backend = args.text('backend') === 'webgpu' ? 'webgpu' : 'cpu';
    const { report, reportPath } = await runDemo({ input, output, backend, bundled: bundled !== undefined && input === resolve(bundled), log: ctx.stderr, signal: ctx.signal });
    ctx.stdout.write(args.json ? `${JSON.stringify({ report: reportPath, output, ...report }, null, 2)}\n` : formatSummary(report, reportPath));
  },
};
