#!/usr/bin/env bash
# Runs every SEMRES test suite: set-up, Rust unit and node tests, polkadot.js tests.
# Usage: scripts/test.sh            (everything)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stage_summary EXIT

stage "set-up" semres_setup
cd "$ROOT"
stage "build (workspace + tests)" cargo test --workspace --locked --no-run
stage "rust tests" cargo test --workspace --locked
export SEMRES_NODE="$CARGO_TARGET_DIR/debug/semres-node"
stage "polkadot.js tests" bash -c 'cd zombienet && node --test --test-concurrency=1 tests/'
stage "SMeR spec: independent reader" env SEMRES="$CARGO_TARGET_DIR/debug/semres" \
  bash offchain-crypto/smer/tests/independent_reader.sh
stage "cargo audit" scripts/audit.sh
