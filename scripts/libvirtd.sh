#!/usr/bin/env bash
# Makes sure a libvirt daemon answers on qemu:///system, on machines without systemd.
# Idempotent: when `virsh -c qemu:///system version` already answers it does nothing.
# Otherwise (as root) it installs the Debian packages when missing, fixes the /dev/kvm
# permissions, starts virtlogd and libvirtd, and waits until virsh answers.
# Used by `./arclight up` and `.ci/run`; runnable by hand.
set -euo pipefail

uri="${ARCLIGHT_WORKER_LIBVIRT_URI:-qemu:///system}" # the worker reads the same variable
wait_s="${ARCLIGHT_LIBVIRTD_WAIT:-30}"
packages=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt-daemon-system
  libvirt-daemon-system-sysv qemu-system-x86 qemu-utils)

say() { printf 'libvirtd: %s\n' "$*"; }
fail() {
  printf 'libvirtd: %s\n' "$*" >&2
  exit 1
}

answers() { command -v virsh >/dev/null && virsh -c "$uri" version >/dev/null 2>&1; }

# QEMU madvises guest RAM for transparent huge pages, and a 2 MiB huge page the guest has freed in
# part (the balloon, free page reporting) stays whole on the host: measured, a pooled VM ballooned to
# 272 MiB held 900 MiB of host memory with THP on, 265-325 MiB with it off (docs/benchmarks.md,
# "Pooled VMs and transparent huge pages"). PR_SET_THP_DISABLE is inherited across fork and kept
# across exec, so setting it on libvirtd covers every QEMU it starts, and nothing else on the host.
# ARCLIGHT_LIBVIRTD_THP=keep starts libvirtd as it is.
thp="${ARCLIGHT_LIBVIRTD_THP:-off}"
without_thp() {
  local prctl
  case "$(uname -m)" in
  x86_64) prctl=157 ;;
  aarch64) prctl=167 ;;
  *) prctl= ;;
  esac
  if [[ $thp == keep || -z $prctl ]] || ! command -v perl >/dev/null; then
    "$@"
    return
  fi
  # 41 is PR_SET_THP_DISABLE; perl-base (essential on Debian) can make the raw system call.
  perl -e 'syscall($ARGV[0] + 0, 41, 1, 0, 0, 0) == 0 or warn "libvirtd: PR_SET_THP_DISABLE failed: $!\n";
    shift @ARGV; exec { $ARGV[0] } @ARGV or die "libvirtd: cannot run $ARGV[0]: $!\n"' "$prctl" "$@"
}

# A daemon that was already running keeps its setting; say so, since it decides what idle VMs cost.
warn_if_thp() {
  local pid
  pid=$(pgrep -xo libvirtd 2>/dev/null) || return 0
  if [[ $thp != keep ]] && grep -qs '^THP_enabled:[[:space:]]*1' "/proc/$pid/status" &&
    ! grep -qs '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    say "note: the running libvirtd (pid $pid) lets QEMU use transparent huge pages, so ballooned VMs"
    say "keep most of their host memory; restart it through this script (pkill -x libvirtd; $0) to turn them off"
  fi
}

if answers; then
  warn_if_thp
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  fail "no libvirt daemon answers on $uri, and starting one needs root. Start it as root with
  sudo $0
or point the worker at a session daemon with ARCLIGHT_WORKER_LIBVIRT_URI=qemu:///session."
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get update -qq
  # The -sysv variant of libvirt-daemon-system keeps apt from pulling in systemd.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    fail "could not install ${missing[*]} with apt-get"
fi

# Left at 600 root:root, libvirt's QEMU capability probe fails and is retried on every define,
# which then takes about a minute (see shared/notes/vm-host.md).
if [[ -e /dev/kvm ]] && getent group kvm >/dev/null; then
  chgrp kvm /dev/kvm
  chmod 660 /dev/kvm
fi

mkdir -p /var/run/libvirt /var/log/libvirt
if ! pgrep -x virtlogd >/dev/null; then
  /usr/sbin/virtlogd -d || fail "virtlogd did not start"
fi
if ! pgrep -x libvirtd >/dev/null; then
  without_thp /usr/sbin/libvirtd -d || fail "libvirtd did not start; see /var/log/libvirt/libvirtd.log"
fi

for ((i = 0; i < wait_s * 4; i++)); do
  if answers; then
    say "libvirtd answers on $uri"
    exit 0
  fi
  sleep 0.25
done
fail "libvirtd was started but does not answer on $uri after ${wait_s} s; see /var/log/libvirt/ and
  virsh -c $uri version"
