#!/usr/bin/env bash
# The SEMRES exchange, end to end, on a real development node, with the `semres` tool:
#   two hospitals run custodians (committee 2 of 2) -> a patient puts two records (a FHIR R4
#   bundle and a My Health Bank XML), each data key split between the custodians -> a doctor
#   of a consortium hospital requests access -> the patient grants it -> the doctor gets the
#   record: a key request the chain grants, the custodians' shares, the SMeR fetched from
#   DERy, hashed while decrypted, checked against its anchor -> identical bytes; a stranger's
#   request is logged and refused, and he gets no key; the
#   hospital's record office finds a record by the patient's national id (a virtual patient
#   identifier, the id never on chain) until the patient removes the tag; a
#   telemedicine service is booked, completed with the amended record and paid; a SMeR
#   tampered in storage is refused; the records' history shows it all; the auditor's report
#   (JSON + HTML, checked in headless Chromium) flags the tampered SMeR.
#
# Usage: scripts/demo.sh [--store embedded|kubo]
#   embedded (default): DERy's directory store; kubo: a js-ipfs daemon's Kubo RPC API.
# Exits non-zero, naming the step, when anything does not behave as described.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

store_kind=embedded
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store_kind="${2:?--store needs embedded or kubo}"; shift 2 ;;
    *) echo "usage: scripts/demo.sh [--store embedded|kubo]" >&2; exit 2 ;;
  esac
done
case "$store_kind" in embedded|kubo) ;; *) echo "unknown store '$store_kind'" >&2; exit 2 ;; esac

semres_setup
cd "$ROOT"
# The same build as scripts/test.sh's and start.sh's: nothing compiles twice.
cargo test --workspace --locked --no-run >&2
S="$CARGO_TARGET_DIR/debug/semres"
NODE="$CARGO_TARGET_DIR/debug/semres-node"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# best_block: the node's best block number (-1 while it does not answer).
best_block() {
  python3 - "$rpc" <<'PY' 2>/dev/null || echo -1
import json, sys, urllib.request
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}", method="POST",
    data=json.dumps({"id": 1, "jsonrpc": "2.0", "method": "chain_getHeader"}).encode(),
    headers={"Content-Type": "application/json"})
print(int(json.load(urllib.request.urlopen(req, timeout=2))["result"]["number"], 16))
PY
}
field() { python3 -c 'import json, sys; v = json.load(sys.stdin); print(v[sys.argv[1]])' "$1"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "DEMO FAILED: $*" >&2; exit 1; }
# run ARGS...: shows and runs `semres ARGS`.
run() { printf '$ semres %s\n' "$*"; "$S" "$@"; }
# refused CODE ARGS...: `semres ARGS` must fail with exit code CODE.
refused() {
  local code="$1"; shift
  printf '$ semres %s\n' "$*"
  local rc=0
  "$S" "$@" || rc=$?
  [ "$rc" -eq "$code" ] || fail "expected exit code $code, got $rc"
  echo "   -> refused as it must be (exit $code)"
}

step "A development chain (one authority; blocks every 6 s, finalised by GRANDPA)"
rpc=$(free_port); p2p=$(free_port); prom=$(free_port)
setsid "$NODE" --dev --tmp --no-mdns --rpc-port "$rpc" --port "$p2p" --prometheus-port "$prom" \
  >node.log 2>&1 &
pids+=($!)
export SEMRES_URL="ws://127.0.0.1:$rpc"
for _ in $(seq 1 180); do [ "$(best_block)" -ge 1 ] && break; sleep 1; done
[ "$(best_block)" -ge 1 ] || fail "the node did not start: $(tail -n 5 node.log)"
echo "node at $SEMRES_URL"

if [ "$store_kind" = kubo ]; then
  step "DERy on a real IPFS peer: js-ipfs with Kubo's RPC API"
  api=$(free_port)
  setsid bash "$ROOT/offchain-crypto/dery/ipfs-peer/start-daemon.sh" "$work/ipfs" "$api" >ipfs.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do grep -q "Daemon is ready" ipfs.log 2>/dev/null && break; sleep 1; done
  grep -q "Daemon is ready" ipfs.log || fail "the js-ipfs daemon did not start"
  export SEMRES_KUBO_API="http://127.0.0.1:$api"
  echo "IPFS RPC API at $SEMRES_KUBO_API"
else
  export SEMRES_STORE="$work/dery"
  echo "embedded DERy store in $SEMRES_STORE"
fi

# The people: Charlie the patient, Bob and Ferdie hospitals, Dave Bob's doctor, Eve a
# stranger; Alice holds the development chain's sudo key (the consortium's governance until
# the council).
CHARLIE=5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y
BOB=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
DAVE=5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy
FERDIE=5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL

step "Each person's CEDA key pair (password-encrypted private key) and its public key on chain"
# Records are sealed for RSA-3072 keys (the doctor's own consultations too); readers get data
# keys released by the custodians to their registered X25519 keys.
for who in charlie dave eve; do
  head -c 24 /dev/urandom | base64 >"$who.pw"
  [ "$who" = eve ] || run keygen --out "$who" --password-file "$who.pw" >/dev/null
  [ "$who" = eve ] || run keys register --public "$who/public.pem" --dev "$who"
  [ "$who" = charlie ] || run keygen --out "$who-x" --suite x25519-aes256gcm --password-file "$who.pw" >/dev/null
  [ "$who" = charlie ] || run keys register --public "$who-x/public.pem" --dev "$who"
done

step "The consortium registers two hospitals and a doctor"
run member add "$BOB" --role hospital --dev alice
run member add "$FERDIE" --role hospital --dev alice
run member add "$DAVE" --role practitioner --institution "$BOB" --dev alice

step "Each hospital runs a custodian; governance sets the custody committee (2 of 2)"
if [ "$store_kind" = kubo ]; then custody_store="{\"kubo\": \"$SEMRES_KUBO_API\"}"; else custody_store="{\"embedded\": \"$SEMRES_STORE\"}"; fi
for h in bob ferdie; do
  head -c 24 /dev/urandom | base64 >"$h-custody.pw"
  run keygen --out "$h-custody" --suite x25519-aes256gcm --password-file "$h-custody.pw" >/dev/null
  run custody register --public "$h-custody/public.pem" --dev "$h"
  cat >"$h-custodian.json" <<JSON
{ "url": "$SEMRES_URL", "account": { "dev": "$h" }, "custody_key": "$h-custody/private.pem",
  "password_file": "$h-custody.pw", "store": $custody_store, "state": "$h-custodian.state" }
JSON
  setsid "$S" custodian --config "$h-custodian.json" >"custodian-$h.log" 2>&1 &
  pids+=($!)
done
run custody set-committee --member "$BOB" --member "$FERDIE" --threshold 2 --dev alice

step "The patient puts two records: format checked (FHIR claimed, MHB recognised), sealed for herself, the data key split between the custodians, stored in DERy, anchored"
cat >bundle.json <<'JSON'
{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
  "resourceType": "Observation", "status": "final",
  "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4", "display": "Hemoglobin A1c"}]},
  "valueQuantity": {"value": 6.9, "unit": "%"}}}]}
JSON
cat >mhb.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<MyHealthBank><r1><r1.1>2026-11-30</r1.1><r1.9>Type 2 diabetes mellitus</r1.9></r1></MyHealthBank>
XML
run record put bundle.json --owner "$CHARLIE" --class laboratory --content-type application/fhir+json --dev charlie
FHIR=$("$S" --json record list --owner "$CHARLIE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"][0])')
"$S" --json record put mhb.xml --owner "$CHARLIE" --class outpatient --dev charlie >mhb.json
MHB=$(field record <mhb.json)
[ "$(field content_type <mhb.json)" = application/x-mhb+xml ] || fail "the MHB export was not recognised"
echo "records: FHIR $FHIR, MHB $MHB"

step "The doctor requests access to the FHIR record (reason code 101, only its commitment on chain)"
"$S" --json request --owner "$CHARLIE" --record "$FHIR" --purpose treatment --reason 101 --dev dave >req.json
REQ=$(field request <req.json)
echo "request $REQ (salt $(field salt <req.json))"

step "The patient approves (a grant: no key leaves her hands)"
run approve "$REQ" --dev charlie

step "The doctor gets the record: anchor -> key request (granted) -> the custodians' shares -> DERy -> hash while decrypting"
run record get "$FHIR" -o doctor-bundle.json --key dave-x/private.pem --password-file dave.pw --dev dave
cmp bundle.json doctor-bundle.json || fail "the doctor's copy differs from the patient's record"
echo "   -> the doctor's copy is identical to the patient's record"

step "A stranger's key request is logged and refused with a named error; he obtains no key"
refused 12 record get "$FHIR" -o stranger.json --key eve-x/private.pem --password-file eve.pw --dev eve
[ ! -e stranger.json ] || fail "the stranger got a file"

step "The hospital's record office finds the patient by national id (virtual patient identifier)"
# The consortium's VPI secret (password-encrypted); the national id never leaves this machine.
head -c 24 /dev/urandom | base64 >office.pw
run vpi secret -o vpi.pem --password-file office.pw
cat >panel.csv <<'CSV'
test,value,unit
HbA1c,6.9,%
CSV
refused 1 record put panel.csv --owner "$CHARLIE" --patient-id A12 --vpi-secret vpi.pem \
  --password-file office.pw --owner-dev charlie --dev dave
"$S" --json record put panel.csv --owner "$CHARLIE" --class laboratory --patient-id A123456789 \
  --vpi-secret vpi.pem --password-file office.pw --owner-dev charlie --dev dave >panel.json
PANEL=$(field record <panel.json)
echo "record $PANEL anchored and tagged in one transaction by the doctor, with the patient's consent"
run record list --patient-id a-123-456-789 --vpi-secret vpi.pem --password-file office.pw
"$S" --json record list --patient-id A123456789 --vpi-secret vpi.pem --password-file office.pw >found.json
python3 - found.json "$PANEL" "$CHARLIE" "$DAVE" <<'PY' || fail "the lookup by national id did not find exactly the tagged record"
import json, sys
found = json.load(open(sys.argv[1]))["records"]
assert [(r["record"], r["owner"], r["set_by"]) for r in found] == [tuple(sys.argv[2:5])], found
PY
echo "   -> found: owner $CHARLIE, tagged by the doctor; the chain holds only the identifier"
step "The patient removes the tag: a refusal the doctor cannot override"
run record untag "$PANEL" --dev charlie
refused 6 record tag "$PANEL" --patient-id A123456789 --vpi-secret vpi.pem --password-file office.pw --dev dave
[ "$("$S" --json record list --patient-id A123456789 --vpi-secret vpi.pem --password-file office.pw \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')" = 0 ] \
  || fail "an untagged record is still found"

step "Telemedicine: the patient books the hospital for 25 SEMR"
"$S" --json service book --provider "$BOB" --price 25 --starts-in 3 --dev charlie >book.json
SERVICE=$(field service <book.json)
STARTS=$(field starts_at <book.json)
echo "service $SERVICE, appointment at block #$STARTS"
until [ "$(best_block)" -ge "$STARTS" ]; do sleep 1; done

step "The doctor completes it with the consultation, amending the MHB record on the booking's authority"
cat >consultation.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<MyHealthBank><r1><r1.1>2026-12-01</r1.1><r1.9>Type 2 diabetes mellitus</r1.9>
<r1.12>Telemedicine follow-up: HbA1c 6.9 %, continue metformin</r1.12></r1></MyHealthBank>
XML
"$S" --json service complete "$SERVICE" consultation.xml --amend "$MHB" --dev dave >complete.json
echo "version $(field version <complete.json) of $MHB anchored in block #$(field block <complete.json)"
refused 6 service claim "$SERVICE" --dev eve
echo "   (the dispute window is 5 blocks on a development chain)"
for _ in $(seq 1 60); do
  if "$S" service claim "$SERVICE" --dev eve 2>/dev/null; then paid=1; break; fi
  sleep 3
done
[ "${paid:-}" = 1 ] || fail "the payment was never released"

step "The patient reads the amended record back"
run record get "$MHB" -o charlie-visit.xml --key charlie/private.pem --password-file charlie.pw --dev charlie
cmp consultation.xml charlie-visit.xml || fail "the amended record differs"

step "A SMeR tampered in storage is refused before its bytes are released"
smer_cid=$(field cid <complete.json)
size=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["size"])' complete.json)
if [ "$store_kind" = kubo ]; then
  # js-ipfs keeps each block in a file of its own: flip a byte of the SMeR's block.
  block=$(find "$work/ipfs/blocks" -type f -size "${size}c" -newer req.json | head -n 1)
else
  block=$(find "$SEMRES_STORE/blocks" -type f -name "$smer_cid")
fi
[ -n "$block" ] || fail "cannot find the stored SMeR to tamper with"
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)' "$block"
refused 16 record get "$MHB" -o tampered.xml --key charlie/private.pem --password-file charlie.pw --dev charlie
[ ! -e tampered.xml ] || fail "a tampered SMeR was released"

step "The history: every version and every key request, from the chain"
run record history "$FHIR"
run record history "$MHB"

step "The auditor's report at the last finalised block: every SMeR fetched and hashed against its anchor"
refused 3 audit -o audit
python3 "$ROOT/scripts/check-report.py" audit "$MHB" || fail "the audit report did not pass its browser check"

printf '\n\033[1mThe exchange ran as the paper describes (%s store).\033[0m\n' "$store_kind"
