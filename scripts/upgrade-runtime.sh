#!/usr/bin/env bash
# Builds the runtime the network test upgrades to through the council: this repository's
# runtime with spec_version + 1 (SEMRES_SPEC_VERSION_BUMP=1, see runtime/build.rs), then the
# runtime as it is again (the node under test is not rebuilt). Prints the wasm's path,
# $SEMRES_CACHE/upgrade/<hash of the runtime's and pallets' sources>.wasm: a second call with
# the same sources only prints it. About 4 minutes on 2 cores when it builds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=/dev/null
[ -f "$HOME/.cache/semres/env.sh" ] && source "$HOME/.cache/semres/env.sh"
: "${SEMRES_CACHE:=$HOME/.cache/semres}" "${CARGO_TARGET_DIR:=$SEMRES_CACHE/target}"
cd "$ROOT"
key=$(find runtime/src runtime/build.rs runtime/Cargo.toml pallets/*/src pallets/*/Cargo.toml -type f \
  | sort | xargs sha256sum | cat - Cargo.lock | sha256sum | cut -c1-16)
out="$SEMRES_CACHE/upgrade/$key.wasm"
if [ ! -s "$out" ]; then
  mkdir -p "$(dirname "$out")"
  wasm="$CARGO_TARGET_DIR/debug/wbuild/semres-runtime/semres_runtime.wasm"
  echo "upgrade-runtime: building the runtime with spec_version + 1" >&2
  SEMRES_SPEC_VERSION_BUMP=1 cargo build --locked -q -p semres-runtime >&2
  cp "$wasm" "$out.tmp"
  echo "upgrade-runtime: rebuilding the runtime as it is" >&2
  cargo build --locked -q -p semres-runtime >&2
  mv "$out.tmp" "$out"
fi
echo "$out"
