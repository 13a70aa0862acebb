// Runs the Changesets CLI (`pnpm changeset ...`). @changesets/cli 3 declares Node >= 22.11 and
// its bin.js calls module.enableCompileCache(), which Node 20 lacks; the CLI itself runs on
// Node 20, which pandaas supports, so this starts it without that call. Changesets reads only
// the .md files of this folder.
await import('@changesets/cli');
