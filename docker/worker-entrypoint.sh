#!/usr/bin/env bash
# The worker container's entry point: starts virtlogd and libvirtd (scripts/libvirtd.sh, the same
# script ./arclight up uses on a bare host), then worker-service as the unprivileged user arclight.
set -euo pipefail
/usr/local/bin/arclight-libvirtd
mkdir -p "${ARCLIGHT_WORKER_VMDIR:-/var/lib/arclight/vms}"
chown arclight:arclight "${ARCLIGHT_WORKER_VMDIR:-/var/lib/arclight/vms}"
# Templates' saved states (arclight.worker.snapshot-dir) live on tmpfs.
mkdir -p /dev/shm/arclight-snapshots && chown arclight:arclight /dev/shm/arclight-snapshots
exec setpriv --reuid=arclight --regid=arclight --init-groups -- \
  java org.springframework.boot.loader.launch.JarLauncher "$@"
