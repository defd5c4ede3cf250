#!/usr/bin/env bash
# Checks the README's first command end to end, as a user would run it: `./arclight up` on a fresh
# data directory reaches "Arclight is up", the gateway answers UP, and SIGTERM leaves no process
# behind. Prints the time to ready and the resident memory of the whole stack (for
# docs/benchmarks.md). Used by .ci/run; runnable by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_s="${ARCLIGHT_CHECK_TIMEOUT:-420}"
home="$(mktemp -d /tmp/arclight-check.XXXXXX)"
out="$home/up.out"
export ARCLIGHT_HOME="$home"
# A fresh data directory, but the guest image the tests already built (cached by content).
export ARCLIGHT_IMAGES="${ARCLIGHT_IMAGES:-$HOME/.arclight/images}"

# The sum of resident memory of a process and all its descendants, in MiB.
tree_rss_mib() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END {
      for (pid in parent) {
        p = pid
        while (p != "" && p != 0 && p != root) p = parent[p]
        if (p == root) total += rss[pid]
      }
      printf "%d\n", total / 1024
    }'
}

leftovers() {
  # Anything still running from this check's data directory or the stack's jars.
  pgrep -af -- "$home|-exec.jar" || true
}

started=$(date +%s.%N)
setsid ./arclight up >"$out" 2>&1 </dev/null &
up_pid=$!

ready=""
for _ in $(seq 1 "$timeout_s"); do
  if grep -q "Arclight is up" "$out"; then
    ready=$(date +%s.%N)
    break
  fi
  if ! kill -0 "$up_pid" 2>/dev/null; then
    break
  fi
  sleep 1
done

if [[ -z "$ready" ]]; then
  echo "check-up: ./arclight up did not report ready within ${timeout_s}s; its output:" >&2
  cat "$out" >&2
  kill -TERM "$up_pid" 2>/dev/null || true
  wait "$up_pid" 2>/dev/null || true
  exit 1
fi

health=$(curl -fsS http://localhost:8080/actuator/health)
rss=$(tree_rss_mib "$up_pid")
seconds=$(awk -v a="$ready" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
echo "check-up: ready after ${seconds} s; stack resident memory ${rss} MiB"
echo "check-up: gateway health: $health"
grep -q '"status":"UP"' <<<"$health" || { echo "check-up: gateway is not UP" >&2; exit 1; }

kill -TERM "$up_pid"
for _ in $(seq 1 60); do
  kill -0 "$up_pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$up_pid" 2>/dev/null; then
  echo "check-up: ./arclight up did not exit within 60 s of SIGTERM" >&2
  exit 1
fi
sleep 1
left="$(leftovers)"
if [[ -n "$left" ]]; then
  echo "check-up: processes left behind after SIGTERM:" >&2
  echo "$left" >&2
  exit 1
fi
echo "check-up: stopped cleanly, no process left behind"
rm -rf "$home"
