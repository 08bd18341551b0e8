#!/usr/bin/env bash
# SEMRES CEDA throughput next to OpenSSL on this machine, from one run:
#   seal (AES-256-GCM + anchor SHA-256) vs OpenSSL AES-256-GCM then SHA-256 on one core,
#   open (AES-256-GCM)                  vs OpenSSL AES-256-GCM,
#   RSA-3072 OAEP unwrap                vs OpenSSL RSA-3072 private-key operations.
# and, file to file on the same 256 MiB file, `semres seal` and the verified `semres open`
# next to age (the rage crate, built once into $SEMRES_CACHE/tools) encrypting and decrypting
# it, every output synced to disk, with the disk's own write limit (dd conv=fsync) beside.
# Usage: scripts/bench-ceda.sh [MB]   (default 100). Criterion benchmarks: cargo bench -p semres-ceda
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
semres_setup
cd "$ROOT"
mb="${1:-100}"
cargo build --locked --release -q -p semres-ceda --example throughput
ours="$("$CARGO_TARGET_DIR/release/examples/throughput" "$mb")"
val() { awk -v k="$1" '$1 == k { print $2 }' <<<"$ours"; }
# openssl speed prints bytes per second in thousands ("k") for the block size asked for.
aes=$(openssl speed -evp aes-256-gcm -bytes 1048576 -seconds 3 2>/dev/null | awk '/^AES-256-GCM/ { sub("k","",$2); print $2/1000 }')
sha=$(openssl speed -bytes 1048576 -seconds 3 sha256 2>/dev/null | awk '/^sha256/ { sub("k","",$2); print $2/1000 }')
rsa=$(openssl speed -seconds 3 rsa3072 2>/dev/null | awk '/^rsa 3072/ { print $6 }')
both=$(awk -v a="$aes" -v s="$sha" 'BEGIN { print 1 / (1/a + 1/s) }')
printf '\n%-34s %12s %12s %7s %s\n' "measure (${mb} MB, $(nproc) cores)" SEMRES OpenSSL ratio target
row() { awk -v n="$1" -v o="$2" -v r="$3" -v u="$4" -v t="$5" 'BEGIN { printf "%-34s %9.0f %-2s %9.0f %-2s %6.2f  %s\n", n, o, u, r, u, o/r, t }'; }
row "seal + anchor hash"  "$(val seal_mb_per_s)" "$both" "MB/s" ">= 1.00 (vs AES-GCM + SHA-256)"
row "open"                "$(val open_mb_per_s)" "$aes"  "MB/s" ">= 0.80 (vs AES-GCM alone)"
row "RSA-3072 unwrap"     "$(val rsa3072_unwrap_per_s)" "$rsa" "/s" ">= 1.00 (vs private-key ops)"
printf '\nOpenSSL alone: AES-256-GCM %.0f MB/s, SHA-256 %.0f MB/s (%s)\n' "$aes" "$sha" "$(openssl version)"

# ------------------------------------------------------------------ file to file, next to age
tools="$SEMRES_CACHE/tools"
if [ ! -x "$tools/bin/rage" ]; then
  echo "building rage (age in Rust) into $tools, once (about 2 minutes)" >&2
  cargo install --locked --quiet rage --root "$tools"
fi
cargo build --locked --release -q -p semres-cli
S="$CARGO_TARGET_DIR/release/semres"
work=$(mktemp -d "${TMPDIR:-/tmp}/semres-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
size_mb=256
head -c $((size_mb << 20)) /dev/urandom >in.bin
"$S" keygen --out k --suite x25519-aes256gcm --no-password >/dev/null
"$tools/bin/rage-keygen" -o age.key 2>/dev/null
recipient=$(grep -o 'age1[a-z0-9]*' age.key | head -n 1)
# MB/s of one run of a command (its output synced to disk), after syncing what came before.
once() {
  sync
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v s="$size_mb" -v a="$t0" -v z="$t1" 'BEGIN { print s / (z - a) }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The two sides of each comparison run alternately, 5 times each (the disk's write-back state
# then favours neither); each side's median is reported.
for i in 1 2 3 4 5; do
  once "$S" seal in.bin -o out.smer --to k/public.pem >>seal.ours
  once bash -c "'$tools/bin/rage' -r $recipient -o out.age in.bin && sync out.age" >>enc.age
  hash=$("$S" hash out.smer)
  once "$S" open out.smer -o back.bin --key k/private.pem --expect-hash "$hash" >>open.ours
  once bash -c "'$tools/bin/rage' -d -i age.key -o back.age out.age && sync back.age" >>dec.age
  once "$tools/bin/rage" -r "$recipient" -o out2.age in.bin >>enc.nosync
  once dd if=/dev/zero of=dd.bin bs=1M count=$size_mb conv=fsync >>disk
done
seal_ours=$(median <seal.ours); enc_age=$(median <enc.age)
open_ours=$(median <open.ours); dec_age=$(median <dec.age)
enc_age_nosync=$(median <enc.nosync); disk=$(median <disk)
cmp -s in.bin back.bin && cmp -s in.bin back.age || { echo "a round trip lost bytes" >&2; exit 1; }
printf '\n%-44s %9s %9s %7s\n' "file to file, ${size_mb} MiB, synced (median of 5)" SEMRES age ratio
pair() { awk -v n="$1" -v o="$2" -v a="$3" 'BEGIN { printf "%-44s %6.0f MB/s %4.0f MB/s %6.2f\n", n, o, a, o/a }'; }
pair "seal (X25519, AES-256-GCM, + anchor hash)" "$seal_ours" "$enc_age"
pair "verified open (hash in the same pass)" "$open_ours" "$dec_age"
printf '%-44s %6.0f MB/s (its output not synced: the page cache)\n' "age encrypt, no sync" "$enc_age_nosync"
printf '%-44s %6.0f MB/s: seal at %.0f %%, open at %.0f %% of it\n' "disk write limit (dd conv=fsync)" "$disk" \
  "$(awk -v a="$seal_ours" -v d="$disk" 'BEGIN { print 100 * a / d }')" \
  "$(awk -v a="$open_ours" -v d="$disk" 'BEGIN { print 100 * a / d }')"
printf '(%s)\n' "$("$tools/bin/rage" --version)"

