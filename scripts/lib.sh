# Shared by the scripts: set-up, environment and stage timing. Source it, don't run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEMRES_CACHE="${SEMRES_CACHE:-$HOME/.cache/semres}"

# Runs the idempotent set-up, then loads the environment it wrote.
semres_setup() {
  bash "$ROOT/scripts/setup.sh"
  # shellcheck disable=SC1091
  source "$SEMRES_CACHE/env.sh"
  # The target directory is outside the clone: tell the runtime's wasm build where the
  # workspace (and its Cargo.lock) is.
  export WASM_BUILD_WORKSPACE_HINT="$ROOT"
}

# stage NAME CMD...: runs CMD, prints how long it took, and keeps a summary line.
STAGES=()
PASSED=0
FAILED=0
stage() {
  local name="$1"; shift
  local t0=$SECONDS
  printf '\n==> %s\n' "$name" >&2
  "$@"
  local rc=$?
  local line
  line=$(printf '%-34s %5ds  %s' "$name" $((SECONDS - t0)) "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")
  STAGES+=("$line")
  if [ $rc -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
  printf '<== %s\n' "$line" >&2
  return $rc
}

stage_summary() {
  printf '\nStage times:\n' >&2
  printf '  %s\n' "${STAGES[@]}" >&2
  printf 'stages: %d passed, %d failed\n' "$PASSED" "$FAILED"
}
