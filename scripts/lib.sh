# Shared by the scripts: set-up, environment and stage timing. Source it, don't run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEMRES_CACHE="${SEMRES_CACHE:-$HOME/.cache/semres}"

# Runs the idempotent set-up, then loads the environment it wrote.
semres_setup() {
  # `|| return`: callers may run this where `set -e` does not apply (a stage).
  bash "$ROOT/scripts/setup.sh" || return
  # shellcheck disable=SC1091
  source "$SEMRES_CACHE/env.sh" || return
  # The target directory is outside the clone: tell the runtime's wasm build where the
  # workspace (and its Cargo.lock) is.
  export WASM_BUILD_WORKSPACE_HINT="$ROOT"
}

# Exit code with which a stage says it was skipped, not failed; it writes its reason to the
# file $SEMRES_STAGE_NOTE.
SKIP_RC=77

# stage NAME CMD...: runs CMD, prints how long it took, and keeps a summary line: ok,
# skipped (CMD exited with $SKIP_RC) or FAILED. Returns CMD's status (0 when skipped). Under
# `set -e` the command's failure is caught here, so a failed stage is always counted.
STAGES=()
PASSED=0
FAILED=0
SKIPPED=0
stage() {
  local name="$1"; shift
  local t0=$SECONDS rc=0 verdict
  printf '\n==> %s\n' "$name" >&2
  SEMRES_STAGE_NOTE=$(mktemp)
  export SEMRES_STAGE_NOTE
  "$@" || rc=$?
  case $rc in
    0) verdict=ok; PASSED=$((PASSED + 1)) ;;
    "$SKIP_RC") verdict="skipped: $(cat "$SEMRES_STAGE_NOTE")"; SKIPPED=$((SKIPPED + 1)); rc=0 ;;
    *) verdict="FAILED ($rc)"; FAILED=$((FAILED + 1)) ;;
  esac
  rm -f "$SEMRES_STAGE_NOTE"
  local line
  line=$(printf '%-44s %5ds  %s' "$name" $((SECONDS - t0)) "$verdict")
  STAGES+=("$line")
  printf '<== %s\n' "$line" >&2
  return $rc
}

# Prints the summary; the script's exit status is non-zero when a stage failed (an EXIT trap:
# it also runs when a required stage stopped the script).
stage_summary() {
  local rc=$?
  printf '\nStage times:\n' >&2
  printf '  %s\n' "${STAGES[@]}" >&2
  printf 'stages: %d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
  if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then
    printf 'RESULT: FAILED\n'
    exit $((rc == 0 ? 1 : rc))
  fi
  printf 'RESULT: ok\n'
}
