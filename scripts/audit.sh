#!/usr/bin/env bash
# RustSec advisories of every crate in Cargo.lock. Offline against the snapshot set-up unpacked
# ($SEMRES_ADVISORY_DB) when there is one; ignored advisories and why are in .cargo/audit.toml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -n "${SEMRES_ADVISORY_DB:-}" ]; then
  exec cargo audit --db "$SEMRES_ADVISORY_DB" --no-fetch --deny warnings
fi
exec cargo audit --deny warnings
