#!/usr/bin/env bash
# Builds what the GPU host runs: the core, integrate, fit and tomo benchmark runners and the WebGPU
# conformance runner, each bundled by esbuild into one ESM file under .gpu-build/ (sources through
# the `@pandaas/source` condition; the `webgpu` package stays external: .gpu/ carries it), then
# packs them with node, Dawn and the Vulkan loader into .gpu/ (../shared/gpu/prepare.sh). A bundle
# finds `webgpu` from its own folder: run it as `bash .gpu/run.sh NAME.mjs` (or beside a
# node_modules/webgpu), not from .gpu-build/.
#
#   bash scripts/gpu/bundle.sh               # bundle + prepare .gpu/
#   bash scripts/gpu/bundle.sh --no-prepare  # bundle only (.gpu-build/)
#
# Then carry .gpu (and scripts/gpu) to the GPU host and run there: bash scripts/gpu/run-on-host.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

esbuild=node_modules/.pnpm/node_modules/.bin/esbuild
[[ -x $esbuild ]] || { echo "bundle.sh: $esbuild is missing: run pnpm install (esbuild comes with tsup)" >&2; exit 2; }

mkdir -p .gpu-build
flags=(--bundle --platform=node --format=esm --target=node20 --conditions=@pandaas/source
       --external:webgpu --log-level=warning)

"$esbuild" benchmarks/core/run.ts "${flags[@]}" --outfile=.gpu-build/bench.mjs
files=(.gpu-build/bench.mjs)
# the packages' benchmarks (their pyFAI / scipy references stay behind: the JSON says so)
"$esbuild" benchmarks/integrate/run.ts "${flags[@]}" --outfile=.gpu-build/bench-integrate.mjs
"$esbuild" benchmarks/fit/run.ts "${flags[@]}" --outfile=.gpu-build/bench-fit.mjs
"$esbuild" benchmarks/tomo/run.ts "${flags[@]}" --outfile=.gpu-build/bench-tomo.mjs
files+=(.gpu-build/bench-integrate.mjs .gpu-build/bench-fit.mjs .gpu-build/bench-tomo.mjs)

conformance=packages/core/src/testing/run-conformance.ts
if [[ -f $conformance ]]; then
  "$esbuild" "$conformance" "${flags[@]}" --outfile=.gpu-build/conformance.mjs
  files+=(.gpu-build/conformance.mjs)
else
  rm -f .gpu-build/conformance.mjs
  echo "bundle.sh: $conformance does not exist yet: no conformance bundle; the GPU host will run the benchmarks only" >&2
fi
# the Dawn lifetime checks: the backend's Eiger 4M regression child, and the bare-Dawn experiment
"$esbuild" packages/core/src/webgpu/regression/eiger4m-child.ts "${flags[@]}" --outfile=.gpu-build/eiger4m.mjs
cp scripts/gpu/dawn-lifetime-check.mjs .gpu-build/dawn-lifetime-check.mjs
files+=(.gpu-build/eiger4m.mjs .gpu-build/dawn-lifetime-check.mjs)
ls -l "${files[@]}"

[[ ${1:-} == --no-prepare ]] && exit 0
../shared/gpu/prepare.sh "${files[@]}"
