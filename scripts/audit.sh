#!/usr/bin/env bash
# RustSec advisories of every crate in Cargo.lock. Offline against the snapshot set-up unpacked
# ($SEMRES_ADVISORY_DB) when there is one; ignored advisories and why are in .cargo/audit.toml.
# Without a database it can read offline (no ../shared snapshot, no ~/.cargo/advisory-db) or
# without cargo-audit it exits 77: scripts/test.sh reports the stage skipped, with the reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
skip() {
  echo "cargo audit skipped: $*" >&2
  echo "$*" >"${SEMRES_STAGE_NOTE:-/dev/null}"
  exit 77
}
db="${SEMRES_ADVISORY_DB:-}"
if [ -z "$db" ] && [ -d "$HOME/.cargo/advisory-db" ]; then
  db="$HOME/.cargo/advisory-db"
  echo "cargo audit: using the local database $db (not refreshed: no network)" >&2
fi
[ -n "$db" ] || skip "no RustSec advisory database offline (put ../shared/advisory-db.tar.gz beside the clone, or a clone of rustsec/advisory-db in ~/.cargo/advisory-db)"
command -v cargo-audit >/dev/null || skip "cargo-audit is not installed (scripts/setup.sh installs it when a database is there)"
exec cargo audit --db "$db" --no-fetch --deny warnings
