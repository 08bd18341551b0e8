#!/usr/bin/env bash
# Builds the node and starts a development chain (one authority, Alice) with a fresh
# temporary database. Extra arguments go to semres-node, e.g. `scripts/start.sh --rpc-port 9955`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
semres_setup
cd "$ROOT"
# The same build as scripts/test.sh's, so that running one after the other compiles nothing
# twice (a narrower build unifies crate features differently and rebuilds much of the node).
cargo test --workspace --locked --no-run
echo "Starting a SEMRES dev chain: blocks every 6 s, finalised by GRANDPA; JSON-RPC and" >&2
echo "WebSocket on 127.0.0.1:9944, Prometheus metrics on 127.0.0.1:9615. Ctrl-C stops it." >&2
exec "$CARGO_TARGET_DIR/debug/semres-node" --dev --tmp "$@"
