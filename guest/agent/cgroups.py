"""cgroup v2 groups for containers: limits, kill, and the numbers `stats` reports."""

import os
import time

ROOT = "/sys/fs/cgroup"
PARENT = ROOT + "/containers"
CONTROLLERS = ("cpu", "memory", "pids")


def _write(path, value):
    with open(path, "w") as f:
        f.write(value)


def _read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def _keyed(path):
    values = {}
    for line in _read(path).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            values[parts[0]] = int(parts[1])
    return values


def prepare():
    """Enables the controllers for the containers' parent group (done once at agent start)."""
    available = _read(ROOT + "/cgroup.controllers").split()
    wanted = " ".join("+" + c for c in CONTROLLERS if c in available)
    _write(ROOT + "/cgroup.subtree_control", wanted)
    os.makedirs(PARENT, exist_ok=True)
    _write(PARENT + "/cgroup.subtree_control", wanted)


class Cgroup:
    def __init__(self, name):
        self.path = PARENT + "/" + name

    def create(self, memory_bytes, pids_max, cpu_weight=None):
        os.makedirs(self.path, exist_ok=True)
        _write(self.path + "/memory.max", str(memory_bytes))
        # No swap in the guest, but be explicit: an over-limit container is killed, never swapped.
        if os.path.exists(self.path + "/memory.swap.max"):
            _write(self.path + "/memory.swap.max", "0")
        _write(self.path + "/memory.oom.group", "1")
        _write(self.path + "/pids.max", str(pids_max))
        if cpu_weight:
            _write(self.path + "/cpu.weight", str(cpu_weight))

    def procs_file(self):
        return self.path + "/cgroup.procs"

    def kill(self):
        """SIGKILLs every process in the group (cgroup.kill, Linux 5.14+)."""
        if os.path.isdir(self.path):
            try:
                _write(self.path + "/cgroup.kill", "1")
            except OSError:
                pass

    def is_empty(self):
        return "populated 0" in _read(self.path + "/cgroup.events", "populated 0")

    def kill_and_wait(self, seconds):
        """Kills the group until it is empty (processes still starting when it was first
        killed are caught by the next round); False if it is still populated at the end."""
        deadline = time.monotonic() + seconds
        next_kill = 0.0
        while not self.is_empty():
            now = time.monotonic()
            if now > deadline:
                return False
            if now >= next_kill:
                self.kill()
                next_kill = now + 0.5
            time.sleep(0.01)
        # Killed processes stay charged to pids.current until init reaps them: wait a little so a
        # restarted runtime does not start under the dead one's count.
        reap_deadline = min(deadline, time.monotonic() + 3.0)
        while int(_read(self.path + "/pids.current", "0") or 0) > 0 and time.monotonic() < reap_deadline:
            time.sleep(0.02)
        return True

    def remove(self, wait_seconds=10.0):
        self.kill_and_wait(wait_seconds)
        try:
            os.rmdir(self.path)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def oom_kills(self):
        return _keyed(self.path + "/memory.events").get("oom_kill", 0)

    def pids_limit_hits(self):
        return _keyed(self.path + "/pids.events").get("max", 0)

    def stats(self):
        memory = _keyed(self.path + "/memory.events")
        return {
            "memoryCurrentBytes": int(_read(self.path + "/memory.current", "0") or 0),
            "memoryPeakBytes": int(_read(self.path + "/memory.peak", "0") or 0),
            "memoryMaxBytes": _int_or_max(_read(self.path + "/memory.max", "max")),
            "oomKills": memory.get("oom_kill", 0),
            "populated": not self.is_empty(),
            "pidsCurrent": int(_read(self.path + "/pids.current", "0") or 0),
            "pidsMax": _int_or_max(_read(self.path + "/pids.max", "max")),
            "pidsLimitHits": self.pids_limit_hits(),
            "cpuUsageUsec": _keyed(self.path + "/cpu.stat").get("usage_usec", 0),
        }


def _int_or_max(text):
    text = text.strip()
    return None if text in ("", "max") else int(text)
