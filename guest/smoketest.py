#!/usr/bin/env python3
"""Boots the guest image with plain QEMU (no libvirt, no NIC) and checks the agent end to end.

    smoketest.py --image DIR [--machine microvm|q35] [--boots N] [--skip-checks]

Prints one line per check and a timing summary; exits non-zero when any check fails.
"""

import argparse
import base64
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostclient import AgentClient, AgentRequestError  # noqa: E402

PY_VERSION = '''
import os, socket
def handler(event, context):
    return {"procVersion": open("/proc/version").read().strip(), "uid": os.getuid(),
            "cwd": os.getcwd(), "requestId": context.aws_request_id,
            "memory": context.memory_limit_in_mb, "remainingMs": context.get_remaining_time_in_millis(),
            "event": event}
'''
PY_ECHO = '''
def handler(event, context):
    return event
'''
PY_RAISE = '''
def handler(event, context):
    print("about to fail")
    raise ValueError("boom: " + str(event.get("why")))
'''
PY_SLEEP = '''
import time
def handler(event, context):
    print("sleeping", event["seconds"])
    time.sleep(event["seconds"])
    return "woke up"
'''
PY_HOG = '''
def handler(event, context):
    chunks = []
    for i in range(event["mib"]):
        chunks.append(bytearray(1024 * 1024))
        if i % 16 == 0:
            print("allocated", i, "MiB", flush=True)
    return len(chunks)
'''
PY_FORK = '''
import os, subprocess, time
def handler(event, context):
    if event.get("shell"):
        # the classic fork bomb; only the invoke timeout ends it
        subprocess.run(["/bin/bash", "-c", ":(){ :|:& };:"])
        time.sleep(60)
    forked, error = 0, None
    try:
        while True:
            pid = os.fork()
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            forked += 1
    except OSError as e:
        error = str(e)
    return {"forked": forked, "error": error}
'''
PY_NET = '''
import os, socket
def handler(event, context):
    results = {"interfaces": sorted(os.listdir("/sys/class/net"))}
    for host, port in event["targets"]:
        try:
            socket.create_connection((host, port), timeout=2).close()
            results["%s:%d" % (host, port)] = "connected"
        except OSError as e:
            results["%s:%d" % (host, port)] = "failed: %s" % e
    return results
'''
NODE_HANDLER = '''
exports.handler = async (event, context) => ({
  node: process.version, sum: event.a + event.b, requestId: context.awsRequestId,
  procVersion: require('fs').readFileSync('/proc/version', 'utf8').trim(),
});
'''
NODE_ECHO = '''
exports.handler = async (event) => event;
'''
NODE_CALLBACK = '''
exports.handler = (event, context, callback) => { setTimeout(() => callback(null, {echo: event}), 1); };
'''
PROVIDED_BOOTSTRAP = '''#!/bin/sh
# A custom runtime written as a shell script, as Lambda's tutorial does it.
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$HEADERS"
  curl -sS -X POST "$API/invocation/$REQUEST_ID/response" \\
    -d "{\\"shell\\":\\"$(uname -r)\\",\\"event\\":$EVENT,\\"user\\":\\"$(id -u)\\"}" > /dev/null
done
'''


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (text, mode) in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, text)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def py_zip(source):
    return zip_of({"app.py": (source, 0o644)})


def qemu_command(image, sock, console, machine, memory_mib):
    manifest = json.load(open(os.path.join(image, "manifest.json")))
    if machine == "microvm":
        accel = ["-machine", "microvm,accel=tcg,pit=on,pic=on,rtc=on"]
        blk, serial = "virtio-blk-device", "virtio-serial-device"
    else:
        accel = ["-machine", "q35,accel=tcg"]
        blk, serial = "virtio-blk-pci", "virtio-serial-pci"
    return [
        "qemu-system-x86_64", *accel, "-nodefaults", "-no-user-config", "-display", "none",
        "-m", str(memory_mib), "-smp", "1", "-no-reboot",
        "-kernel", os.path.join(image, "vmlinuz"), "-initrd", os.path.join(image, "initrd.img"),
        "-append", manifest["kernelCmdline"],
        "-chardev", "file,id=console,path=" + console, "-serial", "chardev:console",
        "-drive", "id=root,file=%s,format=raw,if=none,readonly=on" % os.path.join(image, "rootfs.img"),
        "-device", blk + ",drive=root",
        "-device", serial,
        "-chardev", "socket,id=agent,path=%s,server=on,wait=off" % sock,
        "-device", "virtserialport,chardev=agent,name=arclight.agent",
    ]


class Vm:
    def __init__(self, image, machine, memory_mib=512):
        self.dir = tempfile.mkdtemp(prefix="arclight-vm-")
        self.sock = os.path.join(self.dir, "arclight.agent")
        self.console = os.path.join(self.dir, "console.log")
        self.started = time.monotonic()
        self.process = subprocess.Popen(qemu_command(image, self.sock, self.console, machine, memory_mib),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(self.dir, "qemu.err"), "w"))
        self.client = AgentClient(self.sock)
        self.ready = self.client.wait_event("ready", timeout=120)
        self.boot_seconds = time.monotonic() - self.started

    def console_text(self):
        try:
            return open(self.console, errors="replace").read()
        except OSError:
            return ""

    def close(self):
        self.client.close()
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Checks:
    def __init__(self, vm):
        self.vm = vm
        self.client = vm.client
        self.failures = 0
        self.timings = {}

    def check(self, name, condition, detail=""):
        print("%s %s%s" % ("PASS" if condition else "FAIL", name, (" - " + detail) if detail else ""), flush=True)
        if not condition:
            self.failures += 1

    def start(self, container_id, runtime, code, handler="app.handler", **extra):
        spec = dict(containerId=container_id, runtime=runtime, handler=handler, code=code,
                    memoryMib=extra.pop("memoryMib", 128), timeoutMs=extra.pop("timeoutMs", 10000), **extra)
        return self.client.request("start_container", **spec)

    def invoke(self, container_id, event, **extra):
        return self.client.request("invoke", containerId=container_id, payload=json.dumps(event), **extra)

    def run(self):
        c = self.client
        host_version = open("/proc/version").read().strip()

        started = self.start("py-version", "python3.11", py_zip(PY_VERSION))
        self.timings["python cold start (start_container)"] = started["startMs"]
        out = self.invoke("py-version", {"hello": "world"})
        body = json.loads(out.get("payload") or "null") or {}
        self.check("python handler returns the guest's /proc/version",
                   out["status"] == "success" and body.get("procVersion") not in (None, host_version),
                   body.get("procVersion", out)[:60] if isinstance(body.get("procVersion"), str) else str(out))
        self.check("python handler runs unprivileged in /var/task", body.get("uid", 0) >= 20000
                   and body.get("cwd") == "/var/task", "uid=%s cwd=%s" % (body.get("uid"), body.get("cwd")))
        self.check("context carries request id and memory", body.get("requestId") == out["requestId"]
                   and body.get("memory") == "128")

        started = self.start("node", "nodejs18.x", zip_of({"index.js": (NODE_HANDLER, 0o644)}),
                             handler="index.handler")
        self.timings["node cold start (start_container)"] = started["startMs"]
        out = self.invoke("node", {"a": 2, "b": 40})
        body = json.loads(out.get("payload") or "null") or {}
        self.check("node async handler works", out["status"] == "success" and body.get("sum") == 42
                   and body.get("procVersion") != host_version, str(body.get("node")))
        self.start("node-cb", "nodejs18.x", zip_of({"cb.js": (NODE_CALLBACK, 0o644)}), handler="cb.handler")
        out = self.invoke("node-cb", {"x": 1})
        self.check("node callback handler works", json.loads(out.get("payload") or "null") == {"echo": {"x": 1}},
                   str(out.get("payload")))

        started = self.start("shell", "provided.al2023", zip_of({"bootstrap": (PROVIDED_BOOTSTRAP, 0o755)}),
                             handler="ignored")
        self.timings["provided (sh) cold start"] = started["startMs"]
        out = self.invoke("shell", {"n": 7})
        body = json.loads(out.get("payload") or "null") or {}
        self.check("provided shell bootstrap works", out["status"] == "success" and body.get("event") == {"n": 7}
                   and body.get("shell") == self.vm.ready["kernel"], str(out.get("payload"))[:80])

        self.start("raise", "python3.11", py_zip(PY_RAISE))
        out = self.invoke("raise", {"why": "testing"})
        body = json.loads(out.get("payload") or "null") or {}
        self.check("raising handler gives Lambda's error shape",
                   out["status"] == "error" and out["errorType"] == "ValueError"
                   and body.get("errorMessage") == "boom: testing" and body.get("errorType") == "ValueError"
                   and isinstance(body.get("stackTrace"), list) and "about to fail" in out["logTail"],
                   "%s / %s" % (out.get("errorType"), body.get("errorMessage")))

        self.start("sleep", "python3.11", py_zip(PY_SLEEP), timeoutMs=2000)
        t0 = time.monotonic()
        out = self.invoke("sleep", {"seconds": 30})
        elapsed = time.monotonic() - t0
        self.check("sleeping handler is killed at its timeout",
                   out["status"] == "error" and out["errorType"] == "Sandbox.Timedout"
                   and "Task timed out after 2.00 seconds" in out["errorMessage"] and elapsed < 6,
                   "%.2f s: %s" % (elapsed, out.get("errorMessage")))
        out = self.invoke("sleep", {"seconds": 0})
        self.check("the timed-out container serves the next invoke (restarted cold)",
                   out["status"] == "success" and "initDurationMs" in out, str(out.get("payload")))
        self.start("after-timeout", "python3.11", py_zip(PY_ECHO))
        out = self.invoke("after-timeout", {"still": "alive"})
        self.check("a new container works after a timeout", json.loads(out["payload"]) == {"still": "alive"})

        self.start("hog", "python3.11", py_zip(PY_HOG), memoryMib=64)
        out = self.invoke("hog", {"mib": 400})
        self.check("allocation past memory.max is killed", out["status"] == "error"
                   and out["errorType"] == "Runtime.ExitError" and "out of memory" in out["errorMessage"],
                   out.get("errorMessage", "")[:100])
        stats = c.request("stats")
        hog = [x for x in stats["containers"] if x["containerId"] == "hog"][0]
        self.check("the VM survives the OOM kill", c.request("ping")["bootId"] == self.vm.ready["bootId"]
                   and hog["oomKills"] >= 1, "oomKills=%d" % hog["oomKills"])

        self.start("fork", "python3.11", py_zip(PY_FORK), pidsMax=32)
        out = self.invoke("fork", {})
        body = json.loads(out.get("payload") or "null") or {}
        self.check("fork loop stops at pids.max", out["status"] == "success" and 0 < body.get("forked", 99) < 32,
                   str(body))
        self.start("forkbomb", "python3.11", py_zip(PY_FORK), pidsMax=64, timeoutMs=4000)
        out = self.invoke("forkbomb", {"shell": True})
        stats = c.request("stats")
        bomb = [x for x in stats["containers"] if x["containerId"] == "forkbomb"][0]
        print("     forkbomb after the invoke returned: %s" % {k: bomb[k] for k in ("state", "pidsCurrent", "pidsLimitHits")})
        # Killed at the timeout, or by memory.max if the bomb's processes outgrow it first.
        self.check("shell fork bomb is contained by pids.max, then killed",
                   out["errorType"] in ("Sandbox.Timedout", "Runtime.ExitError") and bomb["pidsLimitHits"] > 0
                   and bomb["pidsCurrent"] == 0, "%s, pidsLimitHits=%d, pidsCurrent=%d, oomKills=%d"
                   % (out["errorType"], bomb["pidsLimitHits"], bomb["pidsCurrent"], bomb["oomKills"]))
        out = self.invoke("after-timeout", {"after": "forkbomb"})
        self.check("the VM is usable after the fork bomb", json.loads(out["payload"]) == {"after": "forkbomb"})

        self.start("net", "python3.11", py_zip(PY_NET))
        out = self.invoke("net", {"targets": [["10.0.2.2", 15432], ["10.0.2.2", 22], ["1.1.1.1", 80],
                                              ["127.0.0.1", 5432]]}, timeoutMs=20000)
        body = json.loads(out.get("payload") or "null") or {}
        connected = [k for k, v in body.items() if v == "connected"]
        self.check("the guest has no network interface but lo", body.get("interfaces") == ["lo"],
                   str(body.get("interfaces")))
        self.check("the guest cannot reach the host or any address", not connected and len(body) == 5,
                   json.dumps({k: v for k, v in body.items() if k != "interfaces"})[:200])

        self.function_errors()
        self.bench()
        # A worker that restarts reconnects to the same guest: same boot, containers still there.
        self.vm.client.close()
        self.vm.client = self.client = c = AgentClient(self.vm.sock)
        again = c.wait_event("ready", timeout=30)
        out = self.invoke("echo", {"after": "reconnect"})
        self.check("a reconnecting host gets a new ready event and finds its containers warm",
                   again["bootId"] == self.vm.ready["bootId"] and out["status"] == "success"
                   and "initDurationMs" not in out, "bootId %s" % again["bootId"][:8])
        stats = c.request("stats")
        self.check("stats report memory and containers", stats["memTotalBytes"] > 0
                   and stats["memAvailableBytes"] > 0 and len(stats["containers"]) >= 10)
        for cid in [x["containerId"] for x in stats["containers"]]:
            c.request("stop_container", containerId=cid)
        self.check("stop_container removes every container", c.request("stats")["containers"] == [])
        try:
            c.request("invoke", containerId="py-version", payload="{}")
            self.check("invoke on a stopped container is refused", False)
        except AgentRequestError as e:
            self.check("invoke on a stopped container is refused", e.type == "ContainerNotFound")
        try:
            self.start("bad", "java8", py_zip(PY_ECHO))
            self.check("unknown runtime is rejected", False)
        except AgentRequestError as e:
            self.check("unknown runtime is rejected", e.type == "InvalidParameterValueException", str(e)[:80])

    def function_errors(self):
        try:
            self.start("imp", "python3.11", py_zip("import nope\ndef handler(event, context):\n    return 1\n"))
            self.check("a failed import refuses the start", False)
        except AgentRequestError as e:
            self.check("a failed import is a function error with its traceback in the log",
                       e.type == "Runtime.ImportModuleError" and e.error.get("functionError") is True
                       and "Traceback" in e.error.get("logTail", ""), str(e)[:100])
        try:
            self.start("exit", "provided", zip_of({"bootstrap": ("#!/bin/sh\nexit 1\n", 0o755)}))
            self.check("a bootstrap that exits refuses the start", False)
        except AgentRequestError as e:
            self.check("a bootstrap that exits at init is Runtime.ExitError, a function error",
                       e.type == "Runtime.ExitError" and e.error.get("functionError") is True, str(e)[:100])
        context = base64.b64encode(json.dumps({"custom": {"k": "v"}}).encode()).decode()
        self.start("cc", "python3.11", py_zip("def handler(event, context):\n    return context.client_context.custom\n"))
        out = self.invoke("cc", {}, clientContext=context)
        self.check("the client context reaches the handler", json.loads(out.get("payload") or "null") == {"k": "v"},
                   str(out.get("payload"))[:80])
        try:
            self.start("evil", "python3.11", zip_of({"app.py": (PY_ECHO, 0o644), "../../evil": ("x", 0o644)}))
            self.check("a zip entry outside the task folder is refused", False)
        except AgentRequestError as e:
            self.check("a zip entry outside the task folder is refused", e.type == "InvalidZipFileException",
                       str(e)[:100])

    def bench(self, warm_invokes=20):
        c = self.client
        started = self.start("echo", "python3.11", py_zip(PY_ECHO))
        self.timings["python echo cold start (start_container)"] = started["startMs"]
        rtts = []
        for i in range(warm_invokes):
            t0 = time.perf_counter()
            out = self.invoke("echo", {"i": i})
            rtts.append((time.perf_counter() - t0) * 1000)
            assert json.loads(out["payload"]) == {"i": i}
        self.timings["python echo warm invoke round trip median"] = statistics.median(rtts)
        self.timings["python echo warm invoke round trip min"] = min(rtts)
        started = self.start("node-echo", "nodejs18.x", zip_of({"echo.js": (NODE_ECHO, 0o644)}), handler="echo.handler")
        self.timings["node echo cold start (start_container)"] = started["startMs"]
        rtts = []
        for i in range(warm_invokes):
            t0 = time.perf_counter()
            self.invoke("node-echo", {"i": i})
            rtts.append((time.perf_counter() - t0) * 1000)
        self.timings["node echo warm invoke round trip median"] = statistics.median(rtts)
        rtts = []
        for i in range(warm_invokes):
            t0 = time.perf_counter()
            c.request("ping")
            rtts.append((time.perf_counter() - t0) * 1000)
        self.timings["agent ping round trip median"] = statistics.median(rtts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", required=True)
    parser.add_argument("--machine", default="microvm", choices=["microvm", "q35"])
    parser.add_argument("--boots", type=int, default=1, help="extra boots to time (median reported)")
    parser.add_argument("--skip-checks", action="store_true")
    parser.add_argument("--memory", type=int, default=512)
    args = parser.parse_args()

    boots = []
    for _ in range(args.boots if args.skip_checks else max(0, args.boots - 1)):
        vm = Vm(args.image, args.machine, args.memory)
        boots.append(vm.boot_seconds)
        vm.close()
    failures = 0
    if not args.skip_checks:
        vm = Vm(args.image, args.machine, args.memory)
        boots.append(vm.boot_seconds)
        print("booted %s in %.2f s (kernel %s)" % (args.machine, vm.boot_seconds, vm.ready["kernel"]), flush=True)
        checks = Checks(vm)
        try:
            checks.run()
        except Exception as e:
            checks.check("smoke test ran to the end", False, "%s: %s" % (type(e).__name__, e))
            print("--- guest console ---\n" + vm.console_text()[-3000:])
        finally:
            vm.close()
        failures = checks.failures
        for name, ms in checks.timings.items():
            print("timing: %-45s %9.1f ms" % (name, ms))
    print("timing: boot to agent ready (%s, %d boots): median %.2f s, min %.2f s, max %.2f s"
          % (args.machine, len(boots), statistics.median(boots), min(boots), max(boots)))
    if not args.skip_checks:
        print("%d checks failed" % failures if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
