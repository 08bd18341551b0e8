#!/usr/bin/env bash
# Key release latency: the time from a reader's `request_key` being included to the reader
# holding the threshold's shares (`record get`'s key_wait_ms), with 4 custodians (3 of 4) on a
# development node (6 s blocks, GRANDPA), over N sequential requests: median and worst.
# A tool, not a timed test. Usage: scripts/bench-custody.sh [N]   (default 50)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n="${1:-50}"
semres_setup
cd "$ROOT"
cargo test --workspace --locked --no-run -q
NODE="$CARGO_TARGET_DIR/debug/semres-node"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid "$NODE" --dev --tmp --no-mdns --rpc-port "$port" --port 0 --no-prometheus >/tmp/bench-custody-node.log 2>&1 &
node=$!
# shellcheck source=scripts/custody-lib.sh
source "$ROOT/scripts/custody-lib.sh"
custody_begin "ws://127.0.0.1:$port" "CUSTODY BENCHMARK"
trap 'custody_cleanup; kill -- -$node 2>/dev/null || kill $node' EXIT
custody_people
custody_committee 3
for h in "${HOSPITALS[@]}"; do start_custodian "$h"; done
echo '{"resourceType": "Bundle", "type": "collection"}' >r.json
REC=$(put_record r.json)
run grant --to "${addr[ferdie]}" --record "$REC" $(as eve) >/dev/null
step "$n key requests by the grantee, one after the other"
: >waits
for i in $(seq "$n"); do
  "$S" --json record get "$REC" --store store -o "out$i.json" --key ferdie/private.pem $(as ferdie) 2>/dev/null \
    | field key_wait_ms >>waits || fail "read $i"
  printf '.'
done
echo
python3 - waits <<'PY'
import statistics, sys
w = sorted(int(x) for x in open(sys.argv[1]))
print(f"request included -> key held, {len(w)} requests, 4 custodians (3 of 4), 6 s blocks:")
print(f"  median {statistics.median(w) / 1000:.1f} s, worst {w[-1] / 1000:.1f} s, best {w[0] / 1000:.1f} s")
PY
