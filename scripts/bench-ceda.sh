#!/usr/bin/env bash
# SEMRES CEDA throughput next to OpenSSL on this machine, from one run:
#   seal (AES-256-GCM + anchor SHA-256) vs OpenSSL AES-256-GCM then SHA-256 on one core,
#   open (AES-256-GCM)                  vs OpenSSL AES-256-GCM,
#   RSA-3072 OAEP unwrap                vs OpenSSL RSA-3072 private-key operations.
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
