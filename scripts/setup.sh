#!/usr/bin/env bash
# Idempotent set-up for building and testing SEMRES on a fresh Debian/Ubuntu machine
# (or a developer laptop with rustup and internet).
#
# Installs: system packages (protoc, lld, ...), a wasm32v1-none toolchain for the runtime,
# and the npm packages of the JS tests. Writes $SEMRES_CACHE/env.sh, which the other
# scripts source (CARGO_TARGET_DIR, WASM_BUILD_TOOLCHAIN, ...).
#
# Running it twice is cheap: every step checks first and does nothing when already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEMRES_CACHE="${SEMRES_CACHE:-$HOME/.cache/semres}"
mkdir -p "$SEMRES_CACHE"
log() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

apt_install() {
  # apt_install PKG... : installs the packages that are missing (one `apt-get update` per run).
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { log "missing ${missing[*]} and no apt-get: install them by hand"; exit 1; }
  if [ -z "${APT_UPDATED:-}" ]; then $SUDO apt-get update -q >&2; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# ---------------------------------------------------------------- system packages
# protoc: litep2p's build script; lld: fast native linker (see .cargo/config.toml);
# openssl: interop tests of RSA-OAEP; nodejs/npm: polkadot.js tests.
apt_install protobuf-compiler lld openssl pkg-config ca-certificates
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
# chromium (headless): the audit report's browser test renders report.html in a real browser.
command -v chromium >/dev/null || apt_install chromium

# ---------------------------------------------------------------- rust toolchain
command -v cargo >/dev/null || { log "cargo not found: install rustup first"; exit 1; }

# ---------------------------------------------------------------- test tools
# cargo-audit (RustSec advisories, run offline by scripts/test.sh), only where there is an
# advisory database to read offline: without one the audit stage is skipped anyway, and the
# install would cost minutes of a fresh machine's set-up for nothing.
adb_tar="$ROOT/../shared/advisory-db.tar.gz"
if ! command -v cargo-audit >/dev/null; then
  if [ -f "$adb_tar" ] || [ -d "$HOME/.cargo/advisory-db" ]; then
    log "cargo install cargo-audit (about 4 minutes on 2 cores, once per machine)"
    cargo install --locked --quiet cargo-audit >&2
  else
    log "cargo-audit: not installed (no advisory database offline; the audit stage will say so)"
  fi
fi
# Python `cryptography` >= 46 (HPKE): the independent SMeR reader checks docs/smer.md.
if ! python3 -c 'import cryptography.hazmat.primitives.hpke' 2>/dev/null; then
  log "pip install cryptography"
  python3 -m pip install --quiet 'cryptography>=46' >&2
fi
# pydicom and fhir.resources write the real DICOM and FHIR inputs of the CLI's format tests
# (cli/tests/inputs/make_inputs.py); pinned, as the tests' expectations are.
if ! python3 -c 'import pydicom, fhir.resources; assert pydicom.__version__ == "3.0.2"' 2>/dev/null; then
  log "pip install pydicom fhir.resources"
  python3 -m pip install --quiet 'pydicom==3.0.2' 'fhir.resources==8.3.0' >&2
fi
# The RustSec advisory database: the snapshot in ../shared when there is one (no network).
if [ -f "$adb_tar" ] && [ ! "$SEMRES_CACHE/advisory-db.stamp" -nt "$adb_tar" ]; then
  rm -rf "$SEMRES_CACHE/advisory-db" && mkdir -p "$SEMRES_CACHE/advisory-db"
  tar -xzf "$adb_tar" -C "$SEMRES_CACHE/advisory-db"
  touch "$SEMRES_CACHE/advisory-db.stamp"
fi

# ---------------------------------------------------------------- wasm32v1-none
# 1. the default toolchain already has it; 2. our linked Debian toolchain exists;
# 3. rustup can download it (short time-out); 4. build it from Debian's rustc-web.
WASM_TOOLCHAIN_NAME="semres-wasm"
wasm_toolchain=""
has_wasm_target() { # $1 = sysroot
  [ -d "$1/lib/rustlib/wasm32v1-none/lib" ] && ls "$1"/lib/rustlib/wasm32v1-none/lib/libcore-* >/dev/null 2>&1
}
default_sysroot="$(rustc --print sysroot)"
# SEMRES_WASM_ROUTE=debian skips the first three routes (to test the fallback).
if [ "${SEMRES_WASM_ROUTE:-}" = debian ]; then
  default_sysroot=/nonexistent
fi
if [ "${SEMRES_WASM_ROUTE:-}" != debian ] && has_wasm_target "$default_sysroot"; then
  log "wasm32v1-none: installed in the default toolchain"
elif rustup toolchain list 2>/dev/null | grep -q "^$WASM_TOOLCHAIN_NAME" \
     && has_wasm_target "$(rustup run "$WASM_TOOLCHAIN_NAME" rustc --print sysroot)"; then
  wasm_toolchain="$WASM_TOOLCHAIN_NAME"
  log "wasm32v1-none: linked toolchain $WASM_TOOLCHAIN_NAME"
elif [ "${SEMRES_WASM_ROUTE:-}" != debian ] && timeout 60 rustup target add wasm32v1-none >&2 2>/dev/null \
     && has_wasm_target "$default_sysroot"; then
  log "wasm32v1-none: added with rustup"
else
  log "wasm32v1-none: rustup cannot download it; building it from Debian's rustc-web"
  apt_install rustc-web cargo-web rust-web-src lld-22
  # rustc finds the wasm linker as rust-lld next to its host tools.
  hostbin=/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin
  $SUDO mkdir -p "$hostbin"
  [ -e "$hostbin/rust-lld" ] || $SUDO ln -s /usr/lib/llvm-22/bin/lld "$hostbin/rust-lld"
  # Build core/alloc/compiler_builtins once for the target, with bitcode (the runtime uses LTO).
  stdbuild="$SEMRES_CACHE/wasm-std"
  mkdir -p "$stdbuild/src"
  cat >"$stdbuild/Cargo.toml" <<'TOML'
[package]
name = "wasm-std"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"
[profile.release]
panic = "abort"
[workspace]
TOML
  cat >"$stdbuild/src/lib.rs" <<'RS'
#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
RS
  (cd "$stdbuild" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C embed-bitcode=yes" \
     /usr/bin/cargo build -q --release --target wasm32v1-none -Zbuild-std=core,alloc >&2)
  $SUDO mkdir -p /usr/lib/rustlib/wasm32v1-none/lib
  $SUDO cp "$stdbuild"/target/wasm32v1-none/release/deps/lib{core,alloc,compiler_builtins}-* \
     /usr/lib/rustlib/wasm32v1-none/lib/
  # Register the Debian compiler with rustup so that wasm-builder can `rustup run` it.
  tc="$SEMRES_CACHE/toolchain-$WASM_TOOLCHAIN_NAME"
  mkdir -p "$tc/bin" "$tc/lib"
  for b in rustc cargo rustdoc; do ln -sfn "/usr/bin/$b" "$tc/bin/$b"; done
  ln -sfn /usr/lib/rustlib "$tc/lib/rustlib"
  rustup toolchain link "$WASM_TOOLCHAIN_NAME" "$tc" >&2
  wasm_toolchain="$WASM_TOOLCHAIN_NAME"
fi

# ---------------------------------------------------------------- npm packages
# The JS client (clients/js, polkadot.js), zombienet (zombienet/), and js-ipfs, the real IPFS
# node DERy's tests use.
# An installed tree is kept in $SEMRES_CACHE/node_modules per lock file, so that a fresh clone
# copies it (seconds) instead of installing again (minutes).
for dir in clients/js zombienet offchain-crypto/dery/ipfs-peer; do
  lock="$ROOT/$dir/package-lock.json"
  stamp="$ROOT/$dir/node_modules/.semres-lock"
  [ -f "$lock" ] || continue
  cmp -s "$lock" "$stamp" 2>/dev/null && continue
  name="${dir//\//_}"
  saved="$SEMRES_CACHE/node_modules/$name-$(sha256sum "$lock" | cut -c1-16)"
  if cmp -s "$lock" "$saved/.semres-lock" 2>/dev/null; then
    log "node_modules ($dir) from $saved"
    rm -rf "$ROOT/$dir/node_modules"
    cp -a "$saved" "$ROOT/$dir/node_modules"
    continue
  fi
  log "npm ci ($dir)"
  # js-ipfs has an optional dependency on a git tarball that the registry cannot serve, which
  # `npm ci` refuses; `npm install` with the committed lock file skips it.
  (cd "$ROOT/$dir" && { npm ci --no-audit --no-fund --loglevel=error >&2 2>/dev/null \
    || npm install --no-save --no-audit --no-fund --loglevel=error >&2; })
  cp "$lock" "$stamp"
  mkdir -p "$SEMRES_CACHE/node_modules"
  rm -rf "$SEMRES_CACHE/node_modules/$name-"*
  cp -a "$ROOT/$dir/node_modules" "$saved.partial" && mv "$saved.partial" "$saved"
done

# ---------------------------------------------------------------- env file
{
  echo "# written by scripts/setup.sh"
  echo "export SEMRES_CACHE=\"$SEMRES_CACHE\""
  echo "export CARGO_TARGET_DIR=\"\${CARGO_TARGET_DIR:-$SEMRES_CACHE/target}\""
  if [ -n "$wasm_toolchain" ]; then echo "export WASM_BUILD_TOOLCHAIN=\"$wasm_toolchain\""; fi
  if [ -d "$SEMRES_CACHE/advisory-db/adb" ]; then
    echo "export SEMRES_ADVISORY_DB=\"$SEMRES_CACHE/advisory-db/adb\""
  fi
} >"$SEMRES_CACHE/env.sh"
log "ready (environment in $SEMRES_CACHE/env.sh)"
