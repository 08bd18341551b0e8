#!/usr/bin/env bash
# Backup and restore of a SEMRES node's ParityDb database (and its network key).
#
#   scripts/node-backup.sh backup  --base-path DATA [--chain-id ID] [--with-keystore] OUT.tar
#   scripts/node-backup.sh restore --base-path NEW  [--chain-id ID] IN.tar
#   scripts/node-backup.sh verify  IN.tar
#
# A backup is a tar archive of chains/<ID>/{paritydb,network[,keystore]} plus SHA256SUMS of
# every file in it. ParityDb is only consistent while no process has it open: `backup`
# refuses a database another process holds (stop the node first: `systemctl stop
# semres-node`; a filesystem snapshot taken while it runs is the other way). The keystore
# (session keys) is left out unless --with-keystore: restoring it while the original node
# still runs makes one authority author and vote twice.
#
# `restore` checks every checksum in a temporary directory beside the target and moves the
# result into place only when all match; it never writes into an existing chain directory.
# The restored node imports nothing again: it starts at the backup's best block and syncs
# the rest from its peers (scripts/backup-scenario.py tests exactly that).
#
# Exit codes: 0 done; 2 usage; 3 the database is in use by a running node; 4 nothing to back
# up, or the restore target already holds that chain; 5 the archive is damaged or not a
# SEMRES node backup (a checksum differs, a file is missing or extra, tar fails).
set -euo pipefail

die() { # die CODE MESSAGE
  echo "node-backup: $2" >&2
  exit "$1"
}
usage() {
  sed -n '4,6p' "$0" | sed 's/^# *//' >&2
  exit 2
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
shift
base="" chain="" keystore=0 archive=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base-path) base="${2:?}"; shift 2 ;;
    --chain-id) chain="${2:?}"; shift 2 ;;
    --with-keystore) keystore=1; shift ;;
    -h | --help) usage ;;
    -*) echo "node-backup: unknown option $1" >&2; usage ;;
    *) [ -z "$archive" ] || usage; archive="$1"; shift ;;
  esac
done
[ -n "$archive" ] || usage

# check_sums DIR: every file under DIR/chains is listed in DIR/SHA256SUMS with its checksum,
# and nothing listed is missing.
check_sums() {
  local dir="$1"
  [ -f "$dir/SHA256SUMS" ] || die 5 "$archive: no SHA256SUMS (not a SEMRES node backup)"
  (cd "$dir" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1) ||
    die 5 "$archive: a checksum does not match: the archive is damaged"
  local listed present
  listed=$(cd "$dir" && sed 's/^[0-9a-f]*  //' SHA256SUMS | sort)
  present=$(cd "$dir" && find chains -type f | sort)
  [ "$listed" = "$present" ] || die 5 "$archive: files differ from its SHA256SUMS"
}

# extract ARCHIVE DIR: tar's own errors (truncated, not a tar) are a damaged archive.
extract() {
  tar -xf "$1" -C "$2" --no-same-owner 2>/dev/null || die 5 "$1: cannot be read as a tar archive"
  [ -d "$2/chains" ] || die 5 "$1: holds no chains/ directory (not a SEMRES node backup)"
}

case "$cmd" in
  backup)
    [ -n "$base" ] || usage
    if [ -z "$chain" ]; then
      mapfile -t ids < <(find "$base/chains" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null)
      [ ${#ids[@]} -eq 1 ] || die 4 "$base/chains holds ${#ids[@]} chains: name one with --chain-id"
      chain="${ids[0]}"
    fi
    src="$base/chains/$chain"
    [ -d "$src/paritydb" ] || die 4 "$src/paritydb: no ParityDb database to back up"
    # ParityDb holds an exclusive flock on its lock file while open.
    while IFS= read -r lock; do
      flock -n "$lock" true || die 3 "$src/paritydb is open in a running node: stop it first"
    done < <(find "$src/paritydb" -name lock -type f)
    [ ! -e "$archive" ] || die 4 "$archive exists: not overwriting it"
    parts=(paritydb)
    [ -d "$src/network" ] && parts+=(network)
    [ "$keystore" = 1 ] && [ -d "$src/keystore" ] && parts+=(keystore)
    stage=$(mktemp -d "$(dirname "$archive")/.node-backup.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    (cd "$base" && find "${parts[@]/#/chains/$chain/}" -type f ! -name lock -print0 |
      xargs -0 sha256sum) >"$stage/SHA256SUMS"
    # --sparse: ParityDb preallocates its tables (a young chain: 276 MB apparent, 5 MB used).
    tar --sparse -cf "$stage/out.tar" -C "$stage" SHA256SUMS -C "$(cd "$base" && pwd)" \
      --exclude=lock "${parts[@]/#/chains/$chain/}"
    # Re-read what was written before handing it over.
    mkdir "$stage/check"
    extract "$stage/out.tar" "$stage/check"
    check_sums "$stage/check"
    mv "$stage/out.tar" "$archive"
    echo "node-backup: $archive: chain $chain ($(IFS=,; echo "${parts[*]}"), $(du -h "$archive" | cut -f1))" >&2
    ;;
  restore | verify)
    [ -f "$archive" ] || die 2 "$archive: no such file"
    if [ "$cmd" = verify ]; then
      stage=$(mktemp -d)
    else
      [ -n "$base" ] || usage
      # With the chain named, an occupied target is refused before the archive is unpacked.
      [ -z "$chain" ] || [ ! -e "$base/chains/$chain" ] ||
        die 4 "$base/chains/$chain exists: restore into an empty base path"
      mkdir -p "$base"
      stage=$(mktemp -d "$base/.node-restore.XXXXXX")
    fi
    trap 'rm -rf "$stage"' EXIT
    extract "$archive" "$stage"
    check_sums "$stage"
    mapfile -t ids < <(find "$stage/chains" -mindepth 1 -maxdepth 1 -type d -printf '%f\n')
    [ ${#ids[@]} -eq 1 ] || die 5 "$archive: holds ${#ids[@]} chains, a node backup holds one"
    [ -z "$chain" ] || [ "$chain" = "${ids[0]}" ] || die 5 "$archive: holds chain ${ids[0]}, not $chain"
    chain="${ids[0]}"
    [ -d "$stage/chains/$chain/paritydb" ] || die 5 "$archive: holds no ParityDb database"
    if [ "$cmd" = verify ]; then
      echo "node-backup: $archive: chain $chain, $(wc -l <"$stage/SHA256SUMS") files, checksums match" >&2
      exit 0
    fi
    [ ! -e "$base/chains/$chain" ] || die 4 "$base/chains/$chain exists: restore into an empty base path"
    mkdir -p "$base/chains"
    mv "$stage/chains/$chain" "$base/chains/$chain"
    echo "node-backup: restored chain $chain into $base" >&2
    ;;
  *) usage ;;
esac
