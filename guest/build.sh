#!/usr/bin/env bash
# Builds the Arclight guest image (kernel, initrd, read-only root filesystem, manifest) from Debian
# bookworm packages. The output directory is named after a hash of every input, so a rebuild with
# nothing changed returns at once. Prints the image directory on stdout; progress goes to stderr.
#
#   guest/build.sh [--out DIR]     default DIR: ${ARCLIGHT_HOME:-$HOME/.arclight}/images
#
# Environment: ARCLIGHT_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#              ARCLIGHT_TSC_KHZ (kernel tsc_early_khz, default 2445400).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ARCLIGHT_HOME=${ARCLIGHT_HOME:-$HOME/.arclight}
OUT=$ARCLIGHT_HOME/images
MIRROR=${ARCLIGHT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
TSC_KHZ=${ARCLIGHT_TSC_KHZ:-2445400}
SUITE=bookworm
KERNEL_META=linux-image-cloud-amd64
# virtio transports (mmio for microvm, pci for q35), the root disk, the host channel, the balloon,
# and overlayfs for the writable layer. Dependencies are added from modules.dep.
MODULES="virtio_mmio virtio_pci virtio_blk virtio_console virtio_balloon overlay"
# Fixed, so that the same inputs give the same filesystem image.
EPOCH=1700000000
FS_UUID=6d1c6f1e-5a8e-4c1b-9a41-0a7c1e9f2b10

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --out=*) OUT=${1#--out=}; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf '[guest-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

inputs_hash() {
  # Every file that shapes the image, plus the settings that reach the kernel command line.
  (
    cd "$HERE"
    find build.sh packages.txt initrd rootfs agent runtimes -type f ! -name '*.pyc' ! -path '*/__pycache__/*' \
      | LC_ALL=C sort | while read -r f; do
          printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum < "$f" | cut -d' ' -f1)"
        done
    printf 'mirror=%s tsc=%s suite=%s kernel=%s modules=%s\n' "$MIRROR" "$TSC_KHZ" "$SUITE" "$KERNEL_META" "$MODULES"
  ) | sha256sum | cut -c1-16
}

HASH=$(inputs_hash)
DEST=$OUT/$HASH
mkdir -p "$OUT"
if [ -f "$DEST/manifest.json" ]; then
  ln -sfn "$HASH" "$OUT/current"
  echo "$DEST"
  exit 0
fi

# One build at a time per output directory; a second caller waits and then finds the result.
exec 9>"$OUT/.build.lock"
flock 9
if [ -f "$DEST/manifest.json" ]; then
  ln -sfn "$HASH" "$OUT/current"
  echo "$DEST"
  exit 0
fi

[ "$(id -u)" = 0 ] || { echo "build.sh: must run as root (debootstrap, chroot)" >&2; exit 1; }
for tool in debootstrap mkfs.ext4 cpio gzip dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || { echo "build.sh: missing $tool (apt-get install debootstrap e2fsprogs cpio)" >&2; exit 1; }
done

START=$(date +%s.%N)
WORK=$(mktemp -d "$OUT/.build-$HASH.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOT=$WORK/root
CACHE=$ARCLIGHT_HOME/cache/debs
mkdir -p "$CACHE" "$WORK/image"

PACKAGES=$(grep -v '^\s*#' "$HERE/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
# The debootstrapped base changes only with the package list, so it is kept between builds: a
# change to the agent or the runtimes then rebuilds in seconds instead of minutes.
BASE_KEY=$(printf '%s %s %s base-v1' "$PACKAGES" "$SUITE" "$MIRROR" | sha256sum | cut -c1-16)
BASE_TAR=$ARCLIGHT_HOME/cache/base-$BASE_KEY.tar
if [ -f "$BASE_TAR" ]; then
  log "base: reusing $BASE_TAR"
  mkdir -p "$ROOT"
  tar -C "$ROOT" --numeric-owner -xpf "$BASE_TAR"
else
  log "debootstrap $SUITE minbase + $PACKAGES"
  debootstrap --variant=minbase --include="$PACKAGES" --cache-dir="$CACHE" "$SUITE" "$ROOT" "$MIRROR" \
    > "$WORK/debootstrap.log" 2>&1 || { grep -E "^(E|W):" "$WORK/debootstrap.log" >&2; tail -5 "$WORK/debootstrap.log" | cut -c1-300 >&2; exit 1; }
  rm -f "$ARCLIGHT_HOME"/cache/base-*.tar
  tar -C "$ROOT" --numeric-owner -cpf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
fi

log "kernel: resolving $KERNEL_META"
KPKG=$(apt-cache depends --no-recommends "$KERNEL_META" 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [ -z "$KPKG" ]; then
  echo "build.sh: cannot resolve $KERNEL_META; run 'apt-get update' with Debian $SUITE sources" >&2
  exit 1
fi
KDEBS=$CACHE/kernel
mkdir -p "$KDEBS" "$WORK/kernel"
if ! ls "$KDEBS/${KPKG}"_*.deb >/dev/null 2>&1; then
  chmod 777 "$KDEBS"
  (cd "$KDEBS" && apt-get download "$KPKG" >/dev/null 2>&1) || { echo "build.sh: apt-get download $KPKG failed" >&2; exit 1; }
fi
dpkg-deb -x "$(ls "$KDEBS/${KPKG}"_*.deb | tail -1)" "$WORK/kernel"
KVER=$(ls "$WORK/kernel/lib/modules")
cp "$WORK/kernel/boot/vmlinuz-$KVER" "$WORK/image/vmlinuz"

log "initrd: busybox + modules for $KVER"
INITRD=$WORK/initrd
mkdir -p "$INITRD"/{bin,dev,proc,sys,mnt/lower,mnt/rw,newroot,lib/modules}
cp "$ROOT/bin/busybox" "$INITRD/bin/busybox"
for applet in sh mount umount insmod switch_root sleep cat mkdir echo poweroff ls; do
  ln -s busybox "$INITRD/bin/$applet"
done
MODDIR=$WORK/kernel/lib/modules/$KVER
# No depmod needed: each module names what it needs in its .modinfo "depends=" string.
declare -A MODPATH=()
while read -r path; do
  name=$(basename "$path" .ko); MODPATH[${name//-/_}]=$path
done < <(cd "$MODDIR" && find kernel -name '*.ko' | LC_ALL=C sort)
declare -A SEEN=()
ORDER=()
add_module() {  # depth-first, so every module comes after the modules it needs
  local name=${1//-/_} path dep
  [ -n "${SEEN[$name]:-}" ] && return
  SEEN[$name]=1
  path=${MODPATH[$name]:-}
  [ -n "$path" ] || { echo "build.sh: module $name not in $KVER" >&2; exit 1; }
  for dep in $(tr '\0' '\n' < "$MODDIR/$path" | sed -n 's/^depends=//p' | tr ',' ' '); do
    add_module "$dep"
  done
  ORDER+=("$path")
}
for m in $MODULES; do add_module "$m"; done
: > "$INITRD/lib/modules/load.order"
for path in "${ORDER[@]}"; do
  name=$(basename "$path")
  cp "$MODDIR/$path" "$INITRD/lib/modules/$name"
  echo "$name" >> "$INITRD/lib/modules/load.order"
done
install -m 0755 "$HERE/initrd/init" "$INITRD/init"
find "$INITRD" -exec touch -h -d "@$EPOCH" {} +
(cd "$INITRD" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet -R 0:0 | gzip -9n) > "$WORK/image/initrd.img"

log "rootfs: agent, runtimes, trimming"
cp -a "$HERE/rootfs/." "$ROOT/"
mkdir -p "$ROOT/opt/arclight/agent" "$ROOT/var/runtime" "$ROOT/var/task"
cp -a "$HERE/agent/." "$ROOT/opt/arclight/agent/"
cp -a "$HERE/runtimes/." "$ROOT/var/runtime/"
find "$ROOT/opt/arclight" "$ROOT/var/runtime" -name '__pycache__' -prune -exec rm -rf {} +
ln -sfn /bin/busybox "$ROOT/opt/arclight/bin/init"
chmod 0755 "$ROOT"/opt/arclight/bin/* "$ROOT/var/runtime"/*/bootstrap* 2>/dev/null || true
chroot "$ROOT" /usr/bin/python3 -m compileall -q --invalidation-mode unchecked-hash /opt/arclight/agent /var/runtime/python >/dev/null
# Versions for the manifest, before the package database's helpers go.
PYVER=$(chroot "$ROOT" dpkg-query -W -f '${Version}' python3)
NODEVER=$(chroot "$ROOT" dpkg-query -W -f '${Version}' nodejs)
rm -rf "$ROOT"/usr/share/{doc,man,info,locale,lintian,linda,bug,bash-completion,zsh,common-licenses,gtk-doc} \
       "$ROOT"/var/cache/apt/* "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/debconf/*-old \
       "$ROOT"/var/cache/ldconfig/aux-cache "$ROOT"/var/log/* "$ROOT"/usr/include \
       "$ROOT"/usr/share/nodejs/*/README* "$ROOT"/etc/machine-id 2>/dev/null || true
mkdir -p "$ROOT/usr/share/doc" "$ROOT/var/log"
find "$ROOT" -newermt "@$EPOCH" -exec touch -h -d "@$EPOCH" {} + 2>/dev/null || true

# ext4 without a journal (mounted read-only), sized to the tree plus a margin for metadata.
USED_KB=$(du -sk --apparent-size "$ROOT" | cut -f1)
INODES=$(find "$ROOT" | wc -l)
SIZE_KB=$(( (USED_KB * 115 / 100) + INODES * 4 / 1 + 16384 ))
log "rootfs: mkfs.ext4 ${SIZE_KB} KiB for ${USED_KB} KiB in $INODES entries"
E2FSPROGS_FAKE_TIME=$EPOCH mkfs.ext4 -q -F -t ext4 -L arclight-root -U "$FS_UUID" -E hash_seed=$FS_UUID,root_owner=0:0 \
  -O ^has_journal,^resize_inode -m 0 -b 4096 -N $(( INODES + 1024 )) -d "$ROOT" "$WORK/image/rootfs.img" "${SIZE_KB}k" >&2

CMDLINE="console=ttyS0 tsc_early_khz=$TSC_KHZ panic=-1 quiet arclight.root=/dev/vda"
size() { stat -c %s "$WORK/image/$1"; }
cat > "$WORK/image/manifest.json" <<JSON
{
  "hash": "$HASH",
  "kernelVersion": "$KVER",
  "kernelCmdline": "$CMDLINE",
  "rootDisk": {"file": "rootfs.img", "format": "raw", "fs": "ext4", "readOnly": true, "device": "/dev/vda"},
  "agentChannel": "arclight.agent",
  "agentProtocol": 1,
  "runtimes": ["python3.11", "nodejs18.x", "provided.al2023", "provided"],
  "packages": {"python3": "$PYVER", "nodejs": "$NODEVER", "kernel": "$KPKG"},
  "sizes": {"vmlinuz": $(size vmlinuz), "initrd.img": $(size initrd.img), "rootfs.img": $(size rootfs.img)}
}
JSON

mv "$WORK/image" "$DEST"
ln -sfn "$HASH" "$OUT/current"
log "done in $(awk -v s="$START" -v e="$(date +%s.%N)" "BEGIN{printf \"%.1f\", e - s}") s: $DEST"
echo "$DEST"
