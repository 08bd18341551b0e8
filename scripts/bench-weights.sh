#!/usr/bin/env bash
# Regenerates runtime/src/weights/*.rs for the SEMRES pallets with the node's
# `benchmark pallet` (frame-benchmarking v2 benchmarks in pallets/*/src/benchmarking.rs).
# Usage: scripts/bench-weights.sh [PALLET...]   (default: all SEMRES pallets)
#   STEPS / REPEAT override the sample counts (default 50 / 20).
# The benchmarking node is a release build (`--release --features runtime-benchmarks`), made
# outside CI and kept in the shared target directory: the host functions the runtime calls
# (hashing, signature checks, storage) run at production speed. For production, run this on
# the consortium's reference hardware.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
semres_setup
cd "$ROOT"
# Without WASM_BUILD_WORKSPACE_HINT: with it, wasm-builder looks for the benchmark CLI's own
# test runtime in this workspace's default-feature metadata, where it is absent (optional).
env -u WASM_BUILD_WORKSPACE_HINT cargo build --locked --release -p semres-node --features runtime-benchmarks
# The benchmarking node lands where a normal release build does; keep a copy under its own name.
node="$CARGO_TARGET_DIR/release/semres-node-benchmarks"
cp "$CARGO_TARGET_DIR/release/semres-node" "$node"
pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(pallet_semres_records pallet_semres_access pallet_semres_payment pallet_semres_custody)
for p in "${pallets[@]}"; do
  "$node" benchmark pallet --chain dev --pallet "$p" --extrinsic '*' \
    --steps "${STEPS:-50}" --repeat "${REPEAT:-20}" --wasm-execution compiled \
    --output "runtime/src/weights/$p.rs"
done
cargo fmt --all
