#!/usr/bin/env bash
# The one command for the GPU host, run from the repository root after `bash scripts/gpu/bundle.sh`
# here, with .gpu/ carried there:
#
#   bash scripts/gpu/run-on-host.sh [extra benchmark options, e.g. --runs 5]
#
# 1. the core benchmarks on WebGPU                      -> $OUT/core-webgpu.json
# 2. elementwise add again at 2^27 elements (512 MiB per array, so per-dispatch overhead cannot
#    hide the bandwidth; LARGE_ELEMENTS=0 skips it)     -> $OUT/core-webgpu-elementwise-large.json
# 3. the WebGPU conformance suite (when it was bundled) -> $OUT/conformance.json
# Dawn is forced onto Vulkan (PANDAAS_WEBGPU_BACKEND=vulkan): no silent fallback to OpenGL ES.
# Logs go to $OUT too; progress, result tables and targets to stderr. Each step has a time limit
# (BENCH_TIMEOUT_S, LARGE_TIMEOUT_S, CONFORMANCE_TIMEOUT_S) so a hang cannot eat the device time.
# Without numpy on the host, the JSON says the reference was skipped, and why.
set -uo pipefail
out=${OUT:-$PWD/gpu-out}
mkdir -p "$out" && out=$(cd "$out" && pwd)
[[ -f .gpu/run.sh && -f .gpu/bench.mjs ]] || { echo "run-on-host.sh: .gpu/ is missing: run bash scripts/gpu/bundle.sh first and carry .gpu" >&2; exit 2; }
export PANDAAS_WEBGPU_BACKEND=${PANDAAS_WEBGPU_BACKEND:-vulkan}
limit() { if command -v timeout >/dev/null; then timeout "$@"; else shift; "$@"; fi; }
status=0

# bench NAME SECONDS ARGS...: one benchmark run, JSON to $out/NAME.json, logs beside it
bench() {
  local name=$1 seconds=$2 rc=0
  shift 2
  echo "== $name ==" >&2
  limit "$seconds" bash .gpu/run.sh bench.mjs --backend webgpu --out "$out/$name.json" "$@" \
    >"$out/$name.stdout" 2> >(tee "$out/$name.stderr" >&2) || rc=$?
  echo "$name exit status: $rc" >&2
  [[ $status -ne 0 ]] || status=$rc
}

# 0. the Dawn lifetime checks: the backend at Eiger 4M after forced collections, and bare Dawn
#    with the GPU object dropped / the adapter dropped / both kept   -> $OUT/dawn-lifetime.txt
if [[ -f .gpu/eiger4m.mjs ]]; then
  echo "== dawn lifetime ==" >&2
  { limit 60 bash .gpu/run.sh eiger4m.mjs; echo "eiger4m exit status: $?"
    limit 120 bash .gpu/run.sh dawn-lifetime-check.mjs vulkan; } >"$out/dawn-lifetime.txt" 2>&1
  tail -n 40 "$out/dawn-lifetime.txt" >&2
fi

bench core-webgpu "${BENCH_TIMEOUT_S:-240}" "$@"
large=${LARGE_ELEMENTS:-134217728}
[[ $large == 0 ]] || bench core-webgpu-elementwise-large "${LARGE_TIMEOUT_S:-120}" --case elementwise-add --elements "$large" --runs 5

if [[ -f .gpu/conformance.mjs ]]; then
  echo "== conformance (webgpu) ==" >&2
  c=0
  limit "${CONFORMANCE_TIMEOUT_S:-180}" bash .gpu/run.sh conformance.mjs webgpu \
    >"$out/conformance.json" 2>"$out/conformance.stderr" || c=$?
  /tmp/node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8"); // run.sh prints nvidia-smi first
    const r = JSON.parse(text.slice(text.search(/^\{/m)));
    console.error(`conformance on ${r.backend}: ${r.passed ? "passed" : "FAILED"}, ${r.cases.length} cases, ${r.totalMs} ms`);
    if (r.failed.length > 0) console.error(`failed: ${r.failed.join(", ")}`);
  ' "$out/conformance.json" 2>&1 >&2 || tail -n 30 "$out/conformance.stderr" >&2
  echo "conformance exit status: $c" >&2
  [[ $status -ne 0 ]] || status=$c
else
  echo "no .gpu/conformance.mjs: the conformance runner was not bundled" >&2
fi
exit "$status"
