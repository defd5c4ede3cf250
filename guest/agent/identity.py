"""A VM's identity: its boot id, and after a snapshot restore, its RNG state and clock.

A VM restored from a template's saved state starts with the template's memory: the same kernel
CRNG state, the same clock, and the same boot id if the template had read it. Linux makes the boot
id (/proc/sys/kernel/random/boot_id) on its first read, so in a VM booted as a snapshot source
(`arclight.snapshot-source` on the kernel command line) the agent never reads it: every clone
then makes its own, on its first read, after `establish` has mixed the host's random bytes into
the kernel's pool and forced a reseed of the CRNG (this kernel has no vmgenid driver to do it).
A clone inherits the command line, and so keeps not reading the boot id until `establish`.
"""

import fcntl
import os
import struct
import time

BOOT_ID_PATH = "/proc/sys/kernel/random/boot_id"
MARKER = "/run/arclight/identity"
RNDADDENTROPY = 0x40085203  # _IOW('R', 0x03, int[2])
RNDRESEEDCRNG = 0x5207  # _IO('R', 0x07)
MIN_SEED_BYTES = 32


def _cmdline():
    try:
        with open("/proc/cmdline") as f:
            return f.read().split()
    except OSError:
        return []


SNAPSHOT_SOURCE = "arclight.snapshot-source" in _cmdline()
_boot_id = None


def established():
    return os.path.exists(MARKER)


def boot_id():
    """The kernel's boot id without dashes; empty in a snapshot source not yet given its own."""
    global _boot_id
    if _boot_id is None:
        if SNAPSHOT_SOURCE and not established():
            return ""
        with open(BOOT_ID_PATH) as f:
            _boot_id = f.read().strip().replace("-", "")
    return _boot_id


def reseed(seed):
    """Credits the host's bytes to the kernel's input pool and reseeds the CRNG from it."""
    if len(seed) < MIN_SEED_BYTES:
        raise ValueError("identity needs at least %d random bytes, got %d" % (MIN_SEED_BYTES, len(seed)))
    with open("/dev/random", "wb") as f:
        fcntl.ioctl(f, RNDADDENTROPY, struct.pack("ii", len(seed) * 8, len(seed)) + seed)
        fcntl.ioctl(f, RNDRESEEDCRNG)


def establish(seed, epoch_ms):
    reseed(seed)
    if epoch_ms is not None:
        time.clock_settime(time.CLOCK_REALTIME, int(epoch_ms) / 1000.0)
    os.makedirs(os.path.dirname(MARKER), exist_ok=True)
    with open(MARKER, "w") as f:
        f.write("%d\n" % int(time.time() * 1000))
    return {"bootId": boot_id(), "epochMs": int(time.time() * 1000)}
