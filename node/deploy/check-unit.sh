#!/usr/bin/env bash
# Checks node/deploy/semres-node.service against a real node binary (run by scripts/test.sh):
#   1. systemd-analyze verify accepts the unit (where systemd-analyze exists);
#   2. the unit's ExecStart, with its paths moved into a temporary directory and the `dev`
#      chain spec, starts this node: it opens its database, answers RPC on the unit's port
#      with safe methods only, and stops cleanly on SIGTERM within the unit's TimeoutStopSec.
# Usage: node/deploy/check-unit.sh NODE_BINARY. Exit 0 when both hold, 1 otherwise.
set -euo pipefail
node="${1:?usage: $0 NODE_BINARY}"
unit="$(dirname "${BASH_SOURCE[0]}")/semres-node.service"
work=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
fail() { echo "check-unit: FAILED: $*" >&2; exit 1; }

if command -v systemd-analyze >/dev/null; then
  sed "s#/usr/local/bin/semres-node#$(command -v true)#" "$unit" >"$work/semres-node.service"
  systemd-analyze verify "$work/semres-node.service" || fail "systemd-analyze verify"
  echo "check-unit: systemd-analyze verify: ok" >&2
fi

# ExecStart with its continuation lines joined, the binary and paths replaced.
cmdline=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$unit" | sed 's/\\$//' | tr '\n' ' ' | sed 's/^ExecStart=//')
"$node" build-spec --chain dev >"$work/spec.json" 2>/dev/null
"$node" key generate-node-key --file "$work/node-key" 2>/dev/null
cmdline=${cmdline//\/usr\/local\/bin\/semres-node/$node}
cmdline=${cmdline//\/etc\/semres\/spec-raw.json/$work/spec.json}
cmdline=${cmdline//\/var\/lib\/semres/$work}
cmdline=${cmdline//\$\{SEMRES_NAME\}/check-unit}
cmdline=${cmdline//\$SEMRES_ARGS/}
# The unit's ports are the node's defaults; another node here may hold them: move them.
cmdline=${cmdline//--port 30333/--port 30590}
cmdline=${cmdline//--rpc-port 9944/--rpc-port 19990}
cmdline=${cmdline//--prometheus-port 9615/--prometheus-port 19991}
echo "check-unit: $cmdline" >&2
# shellcheck disable=SC2086
$cmdline >"$work/node.log" 2>&1 &
pid=$!
rpc() { # rpc METHOD [PARAMS_JSON]
  curl -s -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":${2:-[]}}" http://127.0.0.1:19990
}
for _ in $(seq 90); do
  rpc system_health | grep -q '"result"' && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$work/node.log" >&2; fail "the node exited"; }
  sleep 1
done
rpc system_health | grep -q '"result"' || fail "no RPC answer within 90 s"
# The unit serves safe methods only: key rotation (the operator's `author_rotateKeysWithOwner`)
# and peer management are refused over its public port.
rpc author_rotateKeysWithOwner '["0x00"]' | grep -q 'unsafe' || fail "author_rotateKeysWithOwner is reachable"
rpc system_addReservedPeer '["/ip4/127.0.0.1/tcp/1"]' | grep -q 'unsafe' || fail "system_addReservedPeer is reachable"
[ -d "$work/chains/semres_dev/paritydb" ] || fail "no ParityDb under the unit's base path"
# The block-height gauge appears with the first informant tick (5 s after start).
# (curl's output is read whole first: `grep -q` closing the pipe early fails it under pipefail.)
metrics=""
for _ in $(seq 30); do
  metrics=$(curl -s http://127.0.0.1:19991/metrics || true)
  grep -q '^substrate_block_height' <<<"$metrics" && break
  sleep 1
done
grep -q '^substrate_block_height' <<<"$metrics" || fail "no Prometheus metrics"
kill -TERM "$pid"
for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
kill -0 "$pid" 2>/dev/null && fail "the node did not stop within 120 s of SIGTERM"
wait "$pid" || true
pid=""
echo "check-unit: the unit's command line runs this node (RPC safe only, metrics, ParityDb): ok" >&2
