"""Pre-started runtimes ("spares"): per runtime, one runtime process that has started its
interpreter and loaded Arclight's bootstrap, and waits for a container.

A spare starts as root, in a cgroup of its own, in a private mount namespace whose /var/task and
/tmp are bind mounts of the spare's own (still empty) directories, with no_new_privs set. It tells
the agent it is ready on a pipe, then blocks reading one line on its stdin. A container that takes
it gets those directories (the agent unpacks the code into them, so the bind mounts show it) and
the log file the spare already writes to; the agent moves the process into the container's
cgroup and writes the handoff line (the container's uid and its whole environment). The bootstrap
then replaces its environment, drops to the uid (no groups, no capabilities) and only loads the
function's code. A spare is used once: nothing one function loaded or set can reach another.

What a spare cannot take: variables that shape the interpreter's own start (LD_*, PYTHON*,
NODE_OPTIONS) are read before the environment is known, so a container that sets them starts cold.
Memory the interpreter touched before the handoff stays charged to the (removed) spare cgroup;
the container's memory.max counts what it allocates afterwards.

Replacements start after the first invocation of the container that took a spare has answered
(or REPLACE_AFTER_S after its start if none comes), not at once: under emulation the guest has one
CPU, and an interpreter starting beside the function's init, the agent's answer to the start or
the first invocation would slow the very call the spare was there to make fast (measured: the
first invocation of a pool hit took 110-190 ms with the replacement starting, 37-132 ms without;
docs/benchmarks.md).
"""

import os
import shutil
import threading
import time

import cgroups

BASE = "/run/arclight/spares"
EXEC = "/opt/arclight/bin/spare-exec"
COMMANDS = {
    "python3.11": ["/usr/bin/python3", "-u", "/var/runtime/python/bootstrap.py"],
    "nodejs18.x": ["/usr/bin/node", "/var/runtime/node/bootstrap.js"],
}
READY_TIMEOUT_S = 180.0
MAX_WAIT_S = 20.0  # longest a container start waits for a spare still starting
MEMORY_BYTES = 256 * 1024 * 1024
PIDS_MAX = 64
MAX_FAILURES = 3
REPLACE_AFTER_S = 10.0  # longest a replacement waits for the first invocation of the container
REPLACE_GRACE_S = 0.25  # after that invocation, so that its answer leaves the guest first
STARTUP_ENV_PREFIXES = ("LD_", "PYTHON", "NODE_OPTIONS")
# What every runtime process starts with, pre-started or not (containers.py adds the function's).
PLATFORM_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin:/opt/bin",
    "LANG": "C.UTF-8",
    "TZ": ":UTC",
    "HOME": "/tmp",
    "LD_LIBRARY_PATH": "/var/task/lib:/opt/lib",
}
NODE_PATH = "/opt/nodejs/node_modules:/var/runtime/node_modules:/var/task"


def base_environment(runtime, ready_fd):
    env = dict(PLATFORM_ENV, ARCLIGHT_SPARE_FD=str(ready_fd))
    if runtime == "nodejs18.x":
        env["NODE_PATH"] = NODE_PATH
    return env


def can_take(runtime, user_env):
    """True when a container of this runtime and environment may start from a spare."""
    if runtime not in COMMANDS:
        return False
    return not any(str(key).startswith(STARTUP_ENV_PREFIXES) for key in (user_env or {}))


class Spare:
    def __init__(self, runtime, number):
        self.runtime = runtime
        self.number = number
        self.dir = os.path.join(BASE, "%s-%d" % (runtime, number))
        self.task_dir = os.path.join(self.dir, "task")
        self.tmp_dir = os.path.join(self.dir, "tmp")
        self.log_path = os.path.join(self.dir, "log")
        self.cgroup = cgroups.Cgroup("spare-%d" % number)
        self.process = None
        self.control = None
        self.ready = threading.Event()
        self.done = threading.Event()  # ready, failed or discarded
        self.started_at = time.monotonic()
        self.ready_ms = None

    def start(self):
        import subprocess

        os.makedirs(self.dir, mode=0o711)
        os.makedirs(self.task_dir, mode=0o750)
        os.makedirs(self.tmp_dir, mode=0o700)
        log_fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.cgroup.create(MEMORY_BYTES, PIDS_MAX)
        ready_r, ready_w = os.pipe()
        control_r, control_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [EXEC, self.cgroup.procs_file(), self.task_dir, self.tmp_dir] + COMMANDS[self.runtime],
                env=base_environment(self.runtime, ready_w), stdin=control_r, stdout=log_fd, stderr=log_fd,
                cwd="/", close_fds=True, pass_fds=(ready_w,), start_new_session=True)
        finally:
            os.close(log_fd)
            os.close(ready_w)
            os.close(control_r)
        self.control = control_w
        return ready_r

    def wait_started(self, ready_r):
        """Blocks until the spare says it is ready (True) or its pipe closes first (False)."""
        import select

        try:
            poller = select.poll()
            poller.register(ready_r, select.POLLIN | select.POLLHUP)
            if not poller.poll(READY_TIMEOUT_S * 1000):
                return False
            return os.read(ready_r, 16).startswith(b"ready")
        finally:
            os.close(ready_r)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def hand_over(self, procs_file, uid, env):
        """Moves the waiting process into the container's cgroup, then tells it who it is."""
        import json

        with open(procs_file, "w") as f:
            f.write(str(self.process.pid))
        line = (json.dumps({"uid": uid, "env": env}) + "\n").encode("utf-8")
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self.control, view):]
        finally:
            os.close(self.control)
            self.control = None
        # Empty now; the memory it charged goes to the parent group.
        self.cgroup.remove(wait_seconds=1.0)

    def discard(self):
        self.cgroup.kill()
        if self.process is not None:
            try:
                self.process.wait(10)
            except Exception:
                pass
        if self.control is not None:
            os.close(self.control)
            self.control = None
        self.cgroup.remove()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.done.set()


class Spares:
    """At most one spare per wanted runtime, kept (re)started in the background."""

    def __init__(self, emit, log):
        self._emit = emit
        self._log = log
        self._lock = threading.Lock()
        self._wanted = set()
        self._current = {}
        self._failures = {}
        self._number = 0
        os.makedirs(BASE, exist_ok=True)

    def want(self, runtimes):
        """Adds runtimes to keep a spare of (a VM that ran one keeps one too) and starts them."""
        with self._lock:
            for runtime in runtimes:
                if runtime in COMMANDS:
                    if runtime not in self._wanted:
                        self._failures.pop(runtime, None)
                    self._wanted.add(runtime)
        self.ensure()

    def want_after(self, runtimes, first_call, max_wait_s=REPLACE_AFTER_S):
        """want(runtimes) once first_call is set (the taking container's first invocation ended)
        or after max_wait_s, whichever comes first; in the background."""
        def later():
            if first_call.wait(max_wait_s):
                time.sleep(REPLACE_GRACE_S)
            self.want(runtimes)

        threading.Thread(target=later, daemon=True, name="replace-spare").start()

    def wanted(self):
        with self._lock:
            return sorted(self._wanted)

    def ready(self):
        with self._lock:
            return sorted(r for r, s in self._current.items() if s.ready.is_set() and s.alive())

    def ensure(self):
        with self._lock:
            starts = []
            dead = []
            for runtime in sorted(self._wanted):
                spare = self._current.get(runtime)
                if spare is not None and (not spare.done.is_set() or spare.alive()):
                    continue
                if spare is not None:
                    dead.append(spare)
                if self._failures.get(runtime, 0) >= MAX_FAILURES:
                    continue
                self._number += 1
                spare = Spare(runtime, self._number)
                self._current[runtime] = spare
                starts.append(spare)
        for spare in dead:
            spare.discard()
        for spare in starts:
            threading.Thread(target=self._start, args=(spare,), daemon=True,
                             name="spare-%s" % spare.runtime).start()

    def _start(self, spare):
        try:
            ok = spare.wait_started(spare.start())
        except Exception as e:  # a spare that cannot start must never take the agent down
            self._log("spare %s failed to start: %s" % (spare.runtime, e))
            ok = False
        if ok and spare.alive():
            spare.ready_ms = round((time.monotonic() - spare.started_at) * 1000.0, 3)
            spare.ready.set()
            spare.done.set()
            with self._lock:
                self._failures.pop(spare.runtime, None)
            self._log("spare %s ready in %.0f ms" % (spare.runtime, spare.ready_ms))
        else:
            self._log("spare %s did not become ready" % spare.runtime)
            with self._lock:
                self._failures[spare.runtime] = self._failures.get(spare.runtime, 0) + 1
                if self._current.get(spare.runtime) is spare:
                    del self._current[spare.runtime]
            spare.discard()
        self._changed()

    def take(self, runtime, wait_seconds):
        """The runtime's spare, waiting up to wait_seconds for one still starting (it has a head
        start on a cold start); None when there is none. The caller owns what it gets."""
        with self._lock:
            spare = self._current.get(runtime)
        if spare is None:
            return None
        spare.done.wait(wait_seconds)
        with self._lock:
            if self._current.get(runtime) is not spare or not spare.ready.is_set() or not spare.alive():
                return None
            del self._current[runtime]
        self._changed()
        return spare

    def reset(self):
        """Discards every spare and starts new ones: after a snapshot restore, so that no spare
        carries state (RNG, hash seeds) cloned from the template into every sibling."""
        with self._lock:
            spares = list(self._current.values())
            self._current.clear()
            self._failures.clear()
        for spare in spares:
            spare.discard()
        self.ensure()
        self._changed()

    def stats(self):
        with self._lock:
            spares = list(self._current.values())
        return [{"runtime": s.runtime, "ready": s.ready.is_set() and s.alive(),
                 "pid": s.process.pid if s.process else None, "readyMs": s.ready_ms} for s in spares]

    def _changed(self):
        self._emit({"event": "spares", "spares": self.ready(), "wanted": self.wanted()})
