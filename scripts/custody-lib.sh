# Shared by scripts/custody-scenario.sh and scripts/bench-custody.sh: people, keys, the custody
# committee and custodian processes on a running SEMRES chain. Source it, don't run it.

# custody_begin URL NAME: the semres binary, a work directory (removed on exit unless
# KEEP_WORK=1), and the helpers' failure label.
custody_begin() {
  URL="$1"; LABEL="$2"
  S="${SEMRES:-${CARGO_TARGET_DIR:-$HOME/.cache/semres/target}/debug/semres}"
  export SEMRES_URL="$URL"
  work=$(mktemp -d)
  declare -gA custodian_pid=()
  trap custody_cleanup EXIT
  cd "$work"
  # Wait for the node's RPC (exit 5: unreachable; anything else means it answered).
  local rc=5
  for _ in $(seq 60); do
    rc=0; "$S" custody show >/dev/null 2>&1 || rc=$?
    [ "$rc" -ne 5 ] && break
    sleep 1
  done
  [ "$rc" -ne 5 ] || fail "no node answers at $URL"
  # A fresh chain has no committee (exit 10): anything else is another network on this port.
  [ "$rc" -eq 10 ] || fail "the chain at $URL already has a custody committee (exit $rc): not a fresh network — is another node on this port?"
}

custody_cleanup() {
  for p in "${custodian_pid[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-}" = 1 ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() {
  echo "$LABEL FAILED: $*" >&2
  for f in "$work"/custodian-*.log; do [ -e "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}
run() { printf '$ semres %s\n' "$*"; "$S" "$@" || fail "semres $* (exit $?)"; }
# refused CODE ARGS...: `semres ARGS` must fail with exit code CODE (its stderr in err.txt).
refused() {
  local code="$1"; shift
  printf '$ semres %s\n' "$*"
  local rc=0
  "$S" "$@" 2>err.txt || rc=$?
  cat err.txt
  [ "$rc" -eq "$code" ] || fail "expected exit code $code, got $rc: semres $*"
  echo "   -> refused as it must be (exit $code)"
}
field() { python3 -c 'import json, sys; v = json.load(sys.stdin); print(v[sys.argv[1]])' "$1"; }
# motion_of: the open motion's hash in a governance command's JSON output, or nothing.
motion_of() { python3 -c 'import json, sys; print((json.load(sys.stdin).get("motion") or {}).get("hash", ""))'; }
# govern ARGS...: a governance command, proposed by Alice. On a development chain (Alice holds
# the sudo key) it is done at once; on a council chain bob, then charlie, vote aye until the
# motion passes (three of the four hospitals: a majority, and two thirds).
govern() {
  printf '$ semres %s   (governance, by alice)\n' "$*"
  local out motion voter
  out=$("$S" --json "$@" $(as alice)) || fail "semres $* (exit $?)"
  motion=$(motion_of <<<"$out")
  for voter in bob charlie dave; do
    [ -n "$motion" ] || break
    echo "   council motion $motion: $voter votes aye"
    out=$("$S" --json council vote "$motion" $(as "$voter")) || fail "council vote $motion by $voter (exit $?)"
    motion=$(motion_of <<<"$out")
  done
  [ -z "$motion" ] || fail "motion $motion is still open after every hospital voted"
}
as() { echo "--suri-file $work/$1.suri"; }

# people_suris: NAME.suri for the well-known accounts (alice ... ferdie, alice//stash as
# alice__stash ...).
people_suris() {
  local phrase="bottom drive obey lake curtain smoke basket hold race lonely fit walk" who
  for who in Alice Bob Charlie Dave Eve Ferdie Alice//stash Bob//stash Charlie//stash Eve//stash; do
    echo "$phrase//$who" >"$(echo "$who" | tr '[:upper:]/' '[:lower:]_').suri"
  done
}

# custody_people: accounts by secret URI — the test network's well-known keys (the four
# hospitals are its council; on a development chain //Alice is the sudo key), spelt with the
# development phrase so that `semres` takes them as deliberate (a bare //Alice is refused off
# development chains) — each with a registered X25519 key; the
# four hospitals with custody keys; a responder and an officer. Fills addr[NAME].
custody_people() {
  people_suris
  HOSPITALS=(alice bob charlie dave)
  declare -gA addr=()
  step "Every person's HPKE key (X25519) on chain; the hospitals' custody keys"
  for who in alice bob charlie dave eve ferdie alice__stash bob__stash charlie__stash; do
    "$S" keygen --out "$who" --suite x25519-aes256gcm --no-password >/dev/null
    addr[$who]=$("$S" --json keys register --public "$who/public.pem" $(as "$who") | field account) \
      || fail "keys register $who"
  done
  echo "patient ${addr[eve]}, doctor ${addr[ferdie]}, responder ${addr[alice__stash]}"
  govern member add $(for h in "${HOSPITALS[@]}"; do echo "${addr[$h]}"; done) --role hospital
  for who in "${HOSPITALS[@]}"; do
    "$S" keygen --out "$who-custody" --suite x25519-aes256gcm --no-password >/dev/null
    run custody register --public "$who-custody/public.pem" $(as "$who")
  done
  govern member add "${addr[alice__stash]}" --role emergency-responder --institution "${addr[alice]}"
  govern member officers "${addr[bob__stash]}" --threshold 1
  mkdir -p store
}

# custody_committee T: the four hospitals, T of them release a key.
custody_committee() {
  govern custody set-committee --threshold "$1" $(for h in "${HOSPITALS[@]}"; do echo --member "${addr[$h]}"; done)
  run custody show
}

# start_custodian NAME [misbehave]: NAME's custodian in the background (log custodian-NAME.log).
start_custodian() {
  local h="$1" misbehave="${2:-false}"
  cat >"$h-custodian.json" <<JSON
{ "url": "$URL", "account": { "suri_file": "$h.suri" }, "custody_key": "$h-custody/private.pem",
  "store": { "embedded": "store" }, "state": "$h-custodian.state", "misbehave": $misbehave }
JSON
  "$S" custodian --config "$h-custodian.json" >>"custodian-$h.log" 2>&1 &
  custodian_pid[$h]=$!
}

# stop_custodian NAME: SIGTERM, and wait for it to stop.
stop_custodian() {
  kill "${custodian_pid[$1]}"
  wait "${custodian_pid[$1]}" 2>/dev/null || true
  unset "custodian_pid[$1]"
}

# put_record FILE: the patient (eve) puts FILE; prints the record id.
put_record() {
  "$S" --json record put "$1" --owner "${addr[eve]}" --class laboratory --suite x25519-aes256gcm \
    --store store $(as eve) >put.json || fail "record put $1"
  field record <put.json
}
