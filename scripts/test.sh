#!/usr/bin/env bash
# Runs every SEMRES test suite: Rust unit, property and integration tests (including a dev
# node over JSON-RPC and DERy against a real IPFS node), the pallets' benchmarks and checked
# migrations, the JS client (polkadot.js) against dev nodes, the record exchange end to end with both DERy stores
# (scripts/demo.sh), the consortium network on zombienet (four hospitals' authority nodes, a
# fifth hospital's and an RPC node: faults, node admission, key release by four custodians,
# council governance of the authority set, a runtime upgrade by the council), the independent
# SMeR reader, and
# cargo audit.
# Usage: scripts/test.sh            (everything)
# Every stage is reported ok, skipped (with its reason) or FAILED; set-up and build stop the
# run when they fail (nothing after them can pass), the test stages all run. The exit status
# is non-zero when any stage failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stage_summary EXIT

stage "set-up" semres_setup || exit
cd "$ROOT"
stage "build (workspace, tests, benches)" cargo test --workspace --locked --no-run --all-targets || exit
stage "rust tests" cargo test --workspace --locked || true
stage "pallet benchmarks and migrations as tests" cargo test --locked \
  -p pallet-semres-records -p pallet-semres-access -p pallet-semres-payment -p pallet-semres-custody \
  --features runtime-benchmarks,try-runtime -- benchmarking migrations || true
export SEMRES_NODE="$CARGO_TARGET_DIR/debug/semres-node"
# Zombienet runs a copy of scripts/custody-scenario.sh in a node's directory: it finds the
# repository here.
export SEMRES_ROOT="$ROOT"
stage "JS client (polkadot.js) against dev nodes" bash -c 'cd clients/js && node --test --test-concurrency=3 test/' || true
stage "the exchange, embedded DERy store (demo.sh)" bash scripts/demo.sh --store embedded || true
stage "the exchange, js-ipfs Kubo RPC API (demo.sh)" bash scripts/demo.sh --store kubo || true
stage "operator: systemd unit, ParityDb backup and restore" bash -c \
  'node/deploy/check-unit.sh "$SEMRES_NODE" && python3 scripts/backup-scenario.py "$SEMRES_NODE"' || true
# The network suite upgrades the runtime through the council to this runtime with
# spec_version + 1 (built here, cached by source hash).
stage "network: 4 hospitals, faults, custody, council, upgrade (zombienet)" bash -c \
  'wasm=$(scripts/upgrade-runtime.sh) && export SEMRES_UPGRADE_WASM=$wasm && cd zombienet &&
   PATH="$CARGO_TARGET_DIR/debug:$PATH" npx zombienet test --provider native local.zndsl' || true
stage "SMeR spec: independent reader" env SEMRES="$CARGO_TARGET_DIR/debug/semres" \
  bash offchain-crypto/smer/tests/independent_reader.sh || true
stage "cargo audit (RustSec, offline)" scripts/audit.sh || true
