#!/usr/bin/env bash
# Key release by the consortium, end to end, on a running SEMRES chain (the four-hospital
# zombienet network in scripts/test.sh): four hospitals run `semres custodian` (committee 3 of
# 4); a patient's record is sealed with its data key split among them; a grantee gets the key
# from three releases and opens the record; a stranger's request is logged and refused; with
# one custodian stopped the read still succeeds, with two it times out naming them; after
# revocation the chain and the custodians refuse; an emergency responder reads without the
# patient while the window is open; the patient opens her record with no custodian; a
# custodian configured to misbehave is caught by `semres audit`.
#
# Usage: scripts/custody-scenario.sh [WS_URL [OTHER_NODE_URL]]   (default ws://127.0.0.1:9944;
# with a second node, one read goes through it)
# Needs `semres` built (scripts/test.sh builds it). Zombienet runs a copy of this file: it
# finds the repository through SEMRES_ROOT (scripts/test.sh sets it). Exits non-zero naming
# the failed step.
set -euo pipefail
ROOT="${SEMRES_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=scripts/custody-lib.sh
source "$ROOT/scripts/custody-lib.sh"
custody_begin "${1:-ws://127.0.0.1:9944}" "CUSTODY SCENARIO"
custody_people

step "Governance sets the custody committee: 3 of the 4 hospitals release a key"
custody_committee 3
for h in "${HOSPITALS[@]}"; do start_custodian "$h"; done

step "The patient puts a record: sealed for herself, its data key split 3 of 4 among the custodians"
cat >visit.json <<'JSON'
{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "HbA1c"}, "valueQuantity": {"value": 6.9, "unit": "%"}}}]}
JSON
REC=$(put_record visit.json)
echo "record $REC"

GET=(record get "$REC" --store store --custody-timeout 40)
step "The patient grants the doctor; the doctor's key request is granted and three custodians release"
GRANT=$("$S" --json grant --to "${addr[ferdie]}" --record "$REC" $(as eve) | field grant) || fail "grant"
run "${GET[@]}" -o doctor.json --key ferdie/private.pem $(as ferdie)
cmp visit.json doctor.json || fail "the doctor's copy differs"
if [ -n "${2:-}" ]; then
  step "The same read through another node (the consortium's RPC node, $2): anchored through one, verified through another"
  SEMRES_URL="$2" run "${GET[@]}" -o doctor-rpc.json --key ferdie/private.pem $(as ferdie)
  cmp visit.json doctor-rpc.json || fail "the copy read through $2 differs"
fi

step "A stranger's request is logged, refused by the chain, denied by the custodians; no output"
refused 12 "${GET[@]}" -o stranger.json --key charlie__stash/private.pem $(as charlie__stash)
[ ! -e stranger.json ] || fail "the stranger got a file"

step "One custodian stopped: three still answer"
stop_custodian dave
run "${GET[@]}" -o doctor2.json --key ferdie/private.pem $(as ferdie)
cmp visit.json doctor2.json || fail "the second copy differs"

step "Two custodians stopped: a clear time-out naming them, and no output"
stop_custodian charlie
refused 18 record get "$REC" --store store --custody-timeout 20 -o doctor3.json --key ferdie/private.pem $(as ferdie)
grep -q "${addr[charlie]}" err.txt && grep -q "${addr[dave]}" err.txt || fail "the time-out does not name the silent custodians"
[ ! -e doctor3.json ] || fail "a file was written without the key"
start_custodian charlie
start_custodian dave

step "Revocation binds at once: the doctor's next request is refused by the chain and every custodian"
run revoke "$GRANT" $(as eve)
refused 14 "${GET[@]}" -o doctor4.json --key ferdie/private.pem $(as ferdie)
[ ! -e doctor4.json ] || fail "a revoked grantee got a file"

step "Emergency access without the patient: the responder reads while the window is open"
EMERGENCY=$("$S" --json emergency open --patient "${addr[eve]}" --reason 7 $(as alice__stash) | field emergency) || fail "emergency open"
run emergency cosign "$EMERGENCY" $(as bob__stash)
run "${GET[@]}" -o responder.json --key alice__stash/private.pem $(as alice__stash)
cmp visit.json responder.json || fail "the responder's copy differs"

step "The patient opens her own record with no custodian running"
for h in "${!custodian_pid[@]}"; do stop_custodian "$h"; done
run "${GET[@]}" -o patient.json --key eve/private.pem $(as eve)
cmp visit.json patient.json || fail "the patient's copy differs"

step "The custodians' denials are on chain: every refused request was denied by the four"
"$S" --json record history "$REC" >history.json || fail "record history"
python3 - history.json <<'PY' || fail "the key requests on chain are not as expected"
import json, sys
reads = json.load(open(sys.argv[1]))["reads"]
refused = [r for r in reads if r["verdict"] == "refused"]
granted = [r for r in reads if r["verdict"] == "granted"]
assert len(granted) >= 4 and len(refused) >= 2, (len(granted), len(refused))
assert all(len(r["released"]) == 0 for r in refused), refused
print(f"key requests: {len(granted)} granted, {len(refused)} refused, none released on a refusal")
PY

step "A custodian configured to misbehave tries to release to a stranger: refused, and the audit names it"
for h in alice bob charlie; do start_custodian "$h"; done
start_custodian dave true
refused 12 "${GET[@]}" -o stranger2.json --key charlie__stash/private.pem $(as charlie__stash)
ID=$(sed -n 's/.*key request \([0-9]*\) in block.*/\1/p' err.txt | head -1)
[ -n "$ID" ] || fail "no key request id in the output"
for _ in $(seq 60); do grep -q "request $ID: .*the chain refused it" custodian-dave.log && break; sleep 1; done
grep -q "request $ID: .*the chain refused it" custodian-dave.log || fail "the misbehaving custodian did not try (request $ID)"
# The audit reads finalised blocks: until the attempt's block is final, it passes.
flagged=""
for _ in $(seq 30); do
  rc=0; "$S" audit -o audit --store store 2>err.txt >/dev/null || rc=$?
  if [ "$rc" -eq 3 ] && grep -q "key request $ID: ${addr[dave]} tried to release" err.txt; then flagged=1; break; fi
  [ "$rc" -eq 0 ] || fail "the audit failed otherwise (exit $rc): $(cat err.txt)"
  sleep 2
done
[ -n "$flagged" ] || fail "the audit does not name the misbehaving custodian"
cat err.txt
python3 - audit/report.json "$ID" <<'PY' || fail "the report does not flag only the misbehaving attempt"
import json, sys
reads = json.load(open(sys.argv[1]))["reads"]
flagged = [r["request"] for r in reads if r["flags"]]
assert flagged == [int(sys.argv[2])], flagged
PY
echo "   -> the audit names ${addr[dave]} for request $ID, and nothing else"

step "Committee change: epoch 2 (another share order); the owner re-seals by amending; the old version stays readable"
govern custody set-committee --threshold 3 $(for h in dave charlie bob alice; do echo --member "${addr[$h]}"; done)
"$S" --json record amend "$REC" visit.json --suite x25519-aes256gcm --store store $(as eve) >amend.json || fail "record amend"
"$S" store get "$(field cid <amend.json)" -o v2.smer --store store >/dev/null || fail "store get"
[ "$("$S" --json inspect v2.smer | python3 -c 'import json,sys; print(json.load(sys.stdin)["custody"]["epoch"])')" = 2 ] \
  || fail "the new version is not sealed for epoch 2"
run "${GET[@]}" -o responder-v2.json --key alice__stash/private.pem $(as alice__stash)
run "${GET[@]}" --version 1 -o responder-v1.json --key alice__stash/private.pem $(as alice__stash)
cmp responder-v1.json responder-v2.json || fail "the versions differ"

printf '\n\033[1mKey release by the consortium behaved as specified.\033[0m\n'
