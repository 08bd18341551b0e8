#!/usr/bin/env bash
# SEMRES end to end on a development node, by record size: the median time of each step of
# the exchange, and where the time goes (work on the data vs. waiting for blocks).
#   seal           `semres seal` file to file (AES-256-GCM + anchor SHA-256, synced)
#   store          `semres store put` of that SMeR into the embedded DERy store
#   fetch+verify   `semres store get` by CID, checked against the CID and the anchor hash
#   open           `semres open --expect-hash` (hash and decrypt in one pass, synced)
#   put            `semres record put --finalized`: seal+store in one pass, then the anchor
#                  to inclusion (in a best block) and to finality (GRANDPA)
#   get            `semres record get`: anchor and basis from the chain, fetch+verify+open in
#                  one pass, the read logged to inclusion
# A tool, not a timed test: nothing here passes or fails on a number.
# Usage: scripts/bench-e2e.sh [--gb] [--runs N]   (sizes 0.4 kB, 1 MB, 10 MB, 100 MB; --gb adds 1 GB)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=3
sizes=(400 1000000 10000000 100000000)
while [ $# -gt 0 ]; do
  case "$1" in
    --gb) sizes+=(1000000000); shift ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    *) echo "usage: scripts/bench-e2e.sh [--gb] [--runs N]" >&2; exit 2 ;;
  esac
done
semres_setup
cd "$ROOT"
cargo build --locked --release -q -p semres-cli
# The node from the same build as scripts/test.sh's (a `-p semres-node` build alone unifies
# other features and compiles much of the SDK again).
cargo test --workspace --locked --no-run -q
S="$CARGO_TARGET_DIR/release/semres"
NODE="$CARGO_TARGET_DIR/debug/semres-node"

work=$(mktemp -d "${TMPDIR:-/tmp}/semres-e2e.XXXXXX")
node_pid=
trap '[ -n "$node_pid" ] && kill -- "-$node_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
rpc=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid "$NODE" --dev --tmp --no-mdns --rpc-port "$rpc" --port 0 --no-prometheus >node.log 2>&1 &
node_pid=$!
export SEMRES_URL="ws://127.0.0.1:$rpc" SEMRES_STORE="$work/store"
for _ in $(seq 1 120); do "$S" record list --owner 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY >/dev/null 2>&1 && break; sleep 1; done
"$S" keygen --out k --no-password >/dev/null
"$S" --json keys register --public k/public.pem --dev alice >/dev/null
ALICE=5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY

# seconds a command takes (it must succeed).
timed() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; tail -n 5 node.log >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v z="$t1" 'BEGIN { printf "%.3f\n", z - a }'
}
# step_s JSON PREFIX: the time (s) of the first step whose text starts with PREFIX.
step_s() {
  python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
print(next(s["at_ms"] for s in v["steps"] if s["step"].startswith(sys.argv[2])) / 1000)' "$1" "$2"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
human() { awk -v b="$1" 'BEGIN { if (b < 1e6) printf "%.1f kB", b / 1e3; else if (b < 1e9) printf "%d MB", b / 1e6; else printf "%d GB", b / 1e9 }'; }

printf '\n%-8s %8s %8s %8s %8s | %8s %8s %8s %8s | %8s %8s %8s\n' size seal store fetch+vf open \
  "put:s+s" "→block" "→final" "put" "get:f+v+o" "→block" get
for bytes in "${sizes[@]}"; do
  head -c "$bytes" /dev/urandom >in.bin
  : >seal.t; : >store.t; : >fetch.t; : >open.t; : >ss.t; : >incl.t; : >final.t; : >put.t; : >fvo.t; : >logged.t; : >get.t
  n=$runs; [ "$bytes" -ge 1000000000 ] && n=1
  for _ in $(seq 1 "$n"); do
    sync
    timed "$S" seal in.bin -o in.smer --to k/public.pem >>seal.t
    timed "$S" store put in.smer >>store.t
    hash=$("$S" hash in.smer)
    cid=$("$S" cid in.smer)
    timed "$S" store get "$cid" -o fetched.smer --expect-hash "$hash" >>fetch.t
    timed "$S" open in.smer -o out.bin --key k/private.pem --expect-hash "$hash" >>open.t
    rm -f fetched.smer out.bin in.smer
    t0=$(date +%s.%N)
    "$S" --json --finalized record put in.bin --owner "$ALICE" --dev alice >put.json
    awk -v a="$t0" -v z="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", z - a }' >>put.t
    submitted=$(step_s put.json "anchor: submitted")
    step_s put.json "sealed and stored" >>ss.t
    awk -v a="$submitted" -v z="$(step_s put.json "anchor: in block")" 'BEGIN { print z - a }' >>incl.t
    awk -v a="$submitted" -v z="$(step_s put.json "anchor: finalised")" 'BEGIN { print z - a }' >>final.t
    record=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["record"])' <put.json)
    t0=$(date +%s.%N)
    "$S" --json record get "$record" -o got.bin --key k/private.pem --dev alice >get.json
    awk -v a="$t0" -v z="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", z - a }' >>get.t
    cmp -s in.bin got.bin || { echo "record get returned other bytes" >&2; exit 1; }
    awk -v a="$(step_s get.json "fetching")" -v z="$(step_s get.json "the SMeR matches")" 'BEGIN { print z - a }' >>fvo.t
    awk -v a="$(step_s get.json "log the read: submitted")" -v z="$(step_s get.json "log the read: in block")" 'BEGIN { print z - a }' >>logged.t
    rm -f got.bin
  done
  printf '%-8s' "$(human "$bytes")"
  for f in seal store fetch open; do printf ' %8.2f' "$(median <$f.t)"; done
  printf ' |'
  for f in ss incl final put; do printf ' %8.2f' "$(median <$f.t)"; done
  printf ' |'
  for f in fvo logged get; do printf ' %8.2f' "$(median <$f.t)"; done
  printf '\n'
done
cat <<EOF

Seconds, median of $runs runs (1 for 1 GB), $(nproc) cores, $("$S" --version), a --dev node
(6 s slots, GRANDPA). put:s+s = seal and store in one pass inside \`record put\`; →block and →final =
from submitting the anchor to its inclusion and to its finality; get:f+v+o = fetch, verify and
open in one pass inside \`record get\`; →block = the read's log to inclusion.
EOF
