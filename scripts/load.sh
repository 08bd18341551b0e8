#!/usr/bin/env bash
# Finalised throughput of SEMRES: `Records.anchor_record` beside plain balance transfers, in
# the same run, sent by many funded accounts (semres-load, a subxt sender) into
#   (a) a one-node development chain, and
#   (b) the four-hospital network (`--chain local`, four authority nodes on this machine),
# both on 127.0.0.1 only. Prints each run's report (finalised rate, block fullness, what
# limited it, nothing lost or finalised twice) and writes them to $OUT (default
# target/load-report.json under the cargo target directory).
#
# Usage: scripts/load.sh [--count N] [--accounts N] [--seconds N] [--only dev|network] [--debug]
#                        [--pool single-state|fork-aware]
# --seconds: how long each kind may take to be finalised after it was sent (default 240;
# at most 900).
# --pool: the nodes' transaction pool (default single-state, as the systemd unit runs it:
# stable2609's fork-aware pool lost accepted transactions under this load, see
# docs/performance.md). LOAD_NODE_ARGS adds node flags, e.g. "-l txpool=debug".
# Uses the release node (built with `cargo build --release -p semres-node -p semres-load`,
# outside CI: about 28 minutes cold on 2 cores); --debug uses the debug build instead (its
# client side is slower: figures are then a lower bound). Not a test: a tool (issue 13).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=/dev/null
[ -f "$HOME/.cache/semres/env.sh" ] && source "$HOME/.cache/semres/env.sh"
: "${CARGO_TARGET_DIR:=$HOME/.cache/semres/target}"

PROFILE=release COUNT=30000 ACCOUNTS=500 BOUND=240 ONLY="" POOL=single-state
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --seconds) BOUND="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --debug) PROFILE=debug; shift ;;
    --pool)
      case "$2" in single-state | fork-aware) POOL="$2"; shift 2 ;; *) echo "load: --pool single-state|fork-aware" >&2; exit 2 ;; esac ;;
    *) echo "usage: $0 [--count N] [--accounts N] [--seconds N] [--only dev|network] [--debug] [--pool single-state|fork-aware]" >&2; exit 2 ;;
  esac
done
BIN="$CARGO_TARGET_DIR/$PROFILE"
NODE="$BIN/semres-node" LOAD="$BIN/semres-load"
for b in "$NODE" "$LOAD"; do
  [ -x "$b" ] || { echo "load: $b missing: cargo build $([ "$PROFILE" = release ] && echo --release) -p semres-node -p semres-load" >&2; exit 1; }
done
OUT="${OUT:-$CARGO_TARGET_DIR/load-report.json}"
work=$(mktemp -d)
status=0
pids=()
# The nodes' logs are kept beside the report (the authors' lines are what explains a run).
LOGS="${OUT%.json}-logs"
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$LOGS"; mkdir -p "$LOGS"; cp "$work"/*.log "$LOGS"/ 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The pool holds a whole run; RPC takes the sender's one connection at full speed.
NODE_ARGS=(--tmp --no-mdns --no-prometheus --no-telemetry --pool-type "$POOL" --pool-limit 120000 --pool-kbytes 1048576
  --rpc-max-connections 100 --rpc-max-subscriptions-per-connection 1024)
read -ra extra <<<"${LOAD_NODE_ARGS:-}"
NODE_ARGS+=("${extra[@]}")

wait_rpc() { # wait_rpc PORT
  for _ in $(seq 120); do
    curl -s -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}' \
      "http://127.0.0.1:$1" | grep -q '"number"' && return 0
    sleep 1
  done
  echo "load: no node on port $1" >&2; exit 1
}

run_load() { # run_load NAME PORT LOG...: the load, then its report beside the authors' logs
  local name="$1" port="$2" rc=0
  shift 2
  echo "== $name: $COUNT transfers, then $COUNT anchors, from $ACCOUNTS accounts" >&2
  "$LOAD" --url "ws://127.0.0.1:$port" --count "$COUNT" --accounts "$ACCOUNTS" --seconds "$BOUND" --json >"$work/$name.raw.json" || rc=$?
  [ -s "$work/$name.raw.json" ] || { echo "load: semres-load gave no report (exit ${rc:-?})" >&2; return 1; }
  python3 - "$name" "$work/$name.raw.json" "$work/$name.json" "$@" <<'PY'
import json, re, statistics, sys
name, path, out, logs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
r = json.load(open(path))
# What the authors took to build each block: sc-basic-authorship's "Prepared block" line
# (time to build, why it stopped adding transactions, how many it holds).
line = re.compile(r"Prepared block for proposing at (\d+) \((\d+) ms\).*end: (\w+); extrinsics_count: (\d+)")
built = {}
for log in logs:
    for m in map(line.search, open(log, errors="replace")):
        if m:
            built[int(m[1])] = (int(m[2]), m[3], int(m[4]))
for run in r["runs"]:
    blocks = [built[n] for n in range(run["first_block"], run["last_block"] + 1) if n in built]
    full = [b for b in blocks if b[2] > 1] or blocks
    ends = {}
    for b in blocks:
        ends[b[1]] = ends.get(b[1], 0) + 1
    run["authoring"] = {
        "blocks": len(blocks),
        "ms_median": statistics.median(b[0] for b in full) if full else None,
        "ms_max": max((b[0] for b in full), default=None),
        "extrinsics_median": statistics.median(b[2] for b in full) if full else None,
        "end_reasons": ends,
    }
    a = run["authoring"]
    # What the authors' logs say limited the run overrides the tool's guess from fullness.
    # A block that hit the weight limit with the inherent alone is a session rotation:
    # pallet-session takes the whole block's weight for it.
    rotations = sum(1 for b in blocks if b[1] == "HitBlockWeightLimit" and b[2] == 1)
    a["session_rotations"] = rotations
    for reason, what in (("HitBlockWeightLimit", "block weight: the next transaction did not fit"),
                         ("HitDeadline", "block production time: the proposal deadline")):
        if blocks and 2 * ends.get(reason, 0) > len(blocks):
            run["limit"] = (f"{what} ({ends[reason]} of {len(blocks)} blocks"
                            + (f", {rotations} of them session rotations, empty" if rotations else "") + ")")
    print(f"{name} {run['kind']}: {run['finalized_per_s']:.0f}/s finalised over {run['blocks']} blocks "
          f"({run['load_per_full_block']:.0f} per full block, weight {100*run['weight_used']:.0f} %, "
          f"length {100*run['length_used']:.0f} %), lost {run['lost']} ({run['lost_ready_in_pool']} ready in the pool, {run['lost_not_ready']} dropped or behind a dropped one), twice {run['finalized_twice']}; "
          f"sent at {run['sent_per_s']:.0f}/s; limit: {run['limit']}")
    print(f"{name} {run['kind']}: authors built the blocks in {a['ms_median']} ms (median, max {a['ms_max']} ms, "
          f"{a['extrinsics_median']} extrinsics); they stopped adding because {a['end_reasons']}")
print(f"{name}: anchors at {r['anchor_to_transfer']:.2f}x the transfer rate")
json.dump(r, open(out, "w"), indent=1)
ok = all(run["lost"] == 0 and run["finalized_twice"] == 0 for run in r["runs"])
sys.exit(0 if ok else 1)
PY
}

if [ "$ONLY" != network ]; then
  "$NODE" --dev --rpc-port 19960 --port 0 "${NODE_ARGS[@]}" >"$work/dev.log" 2>&1 &
  pids+=($!)
  wait_rpc 19960
  run_load dev 19960 "$work/dev.log" || status=1
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
fi

if [ "$ONLY" != dev ]; then
  # Four hospitals: the `local` preset's well-known nodes (node key: SHA-256 of the name) and
  # session keys.
  names=(alice bob charlie dave)
  boot=/ip4/127.0.0.1/tcp/30400/p2p/12D3KooWQCkBm1BYtkHpocxCwMgR8yjitEeHGx8spzcDLGt2gkBm
  for i in 0 1 2 3; do
    key=$(printf '%s' "${names[$i]}" | sha256sum | cut -c1-64)
    "$NODE" --chain local "--${names[$i]}" --validator --port $((30400 + i)) --rpc-port $((19961 + i)) \
      --node-key "$key" $([ "$i" -gt 0 ] && echo --bootnodes "$boot") "${NODE_ARGS[@]}" >"$work/${names[$i]}.log" 2>&1 &
    pids+=($!)
  done
  for i in 0 1 2 3; do wait_rpc $((19961 + i)); done
  # Wait for finality to start before loading (all four connected).
  for _ in $(seq 60); do
    f=$(curl -s -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"chain_getFinalizedHead","params":[]}' http://127.0.0.1:19961 | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])')
    n=$(curl -s -H 'Content-Type: application/json' -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$f\"]}" http://127.0.0.1:19961 | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))')
    [ "$n" -ge 2 ] && break
    sleep 2
  done
  run_load network 19961 "$work"/{alice,bob,charlie,dave}.log || status=1
fi

python3 - "$OUT" "$work"/dev.json "$work"/network.json <<'PY'
import json, os, sys
out, files = sys.argv[1], [f for f in sys.argv[2:] if os.path.exists(f)]
json.dump({os.path.basename(f)[:-5]: json.load(open(f)) for f in files}, open(out, "w"), indent=1)
PY
echo "report: $OUT (the nodes' logs: $LOGS)" >&2
exit "$status"
