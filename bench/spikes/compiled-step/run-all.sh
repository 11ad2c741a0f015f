#!/usr/bin/env bash
# The whole measurement, interleaved across processes: per cycle the node bench (LayerLab raw step,
# eager twin, compiled function, themselves interleaved), then Keras 2.15 four ways; then fit.mjs.
#   bash bench/spikes/compiled-step/run-all.sh [cycles=3] [outdir=/tmp/compiled-step-results]
# Needs the patched /tmp/h5 build (README) and bench/.venv (TensorFlow 2.15).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cycles="${1:-3}"
out="${2:-/tmp/compiled-step-results}"
py="$root/bench/.venv/bin/python"
mkdir -p "$out"
uptime | tee "$out/load-start.txt"
for c in $(seq 1 "$cycles"); do
  node "$here/bench.mjs" --rounds 8 --steps 300 --json "$out/node-$c.json" | tee "$out/node-$c.txt"
  for opt in new legacy; do
    for mode in fit direct; do
      "$py" "$here/keras_step.py" --rounds 4 --steps 300 --optimizer "$opt" --mode "$mode" | tee "$out/keras-$opt-$mode-$c.json"
    done
  done
done
node "$here/bench.mjs" --rounds 4 --steps 300 --batch 1 --json "$out/node-batch1.json" | tee "$out/node-batch1.txt"
node "$here/fit.mjs" --epochs 4 | tee "$out/fit.txt"
uptime | tee "$out/load-end.txt"
