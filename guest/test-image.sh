#!/usr/bin/env bash
# Smoke test of the guest image: builds it if needed (a no-op when cached), boots it with plain
# QEMU (TCG, no NIC, the agent channel on a unix socket), and drives the agent with
# hostclient.py through every check in smoketest.py, after the agent's unit tests (guest/tests).
# Prints timings; exits non-zero on failure.
#
#   guest/test-image.sh [--image DIR] [--machine microvm|q35] [--boots N]
#
# --boots N boots N-1 extra VMs first and reports the median boot-to-ready time.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --image) IMAGE=$2; shift 2 ;;
    --machine|--boots|--memory) ARGS+=("$1" "$2"); shift 2 ;;
    --skip-checks) ARGS+=("$1"); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "test-image.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# The agent's own unit tests first: seconds, and no VM needed.
python3 -m unittest discover -s "$HERE/tests" -q
command -v qemu-system-x86_64 >/dev/null || { echo "test-image.sh: qemu-system-x86_64 missing (apt-get install qemu-system-x86)" >&2; exit 1; }
if [ -z "$IMAGE" ]; then
  t0=$(date +%s.%N)
  IMAGE=$("$HERE/build.sh")
  echo "timing: image build (or cache hit) $(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e - s}') s: $IMAGE"
fi
echo "image sizes: $(cd "$IMAGE" && stat -c '%n %s' vmlinuz initrd.img rootfs.img | tr '\n' ' ')"
exec python3 "$HERE/smoketest.py" --image "$IMAGE" ${ARGS[@]+"${ARGS[@]}"}
