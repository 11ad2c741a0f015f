#!/usr/bin/env bash
# Throwaway build for the spike: a clone of this repo with tfjs-node's addon patched (binding.patch:
# addFunctionDef / hasFunction / removeFunction) and rebuilt. Does not touch the repo's own node_modules.
#   bash bench/spikes/compiled-step/setup.sh [dir=/tmp/h5]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dir="${1:-/tmp/h5}"
rm -rf "$dir"
git clone -q "$root" "$dir"
cd "$dir"
npm ci --ignore-scripts --no-audit --no-fund
npm_config_nodedir=/usr node scripts/native-offline.mjs          # addon from the cached tensorflow-cpu 2.9.1 wheel
cd node_modules/@tensorflow/tfjs-node
patch -p1 < "$here/binding.patch"
npm_config_nodedir=/usr npm_config_node_gyp=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js \
  node ../../@mapbox/node-pre-gyp/bin/node-pre-gyp install --build-from-source   # ~4 s
cd "$dir"
TF_CPP_MIN_LOG_LEVEL=2 node -e "const b=require('@tensorflow/tfjs-node').backend().binding; if (typeof b.addFunctionDef!=='function') process.exit(1); console.log('patched tfjs-node ready in $dir')"
