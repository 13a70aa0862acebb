#!/usr/bin/env node
// The `pandaas` executable: runs main() with the process's streams. Ctrl-C (or SIGTERM) aborts
// the command, which removes its outputs under way and exits 130; a second Ctrl-C exits at once,
// removing them synchronously.
import { removeStagedOutputsSync } from './framework/outputs.js';
import { main } from './main.js';

const controller = new AbortController();
const stop = () => {
  if (controller.signal.aborted) {
    removeStagedOutputsSync();
    process.exit(130);
  }
  process.stderr.write('\npandaas: stopping (Ctrl-C again to quit at once)\n');
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.once('exit', removeStagedOutputsSync);

process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
