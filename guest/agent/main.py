"""Arclight guest agent: the host's hands inside the VM.

Reads requests from the host over the `arclight.agent` virtio-serial port (see
docs/guest-protocol.md), runs each on its own thread so that many can be in flight, and serves
Lambda's Runtime API to the containers on 127.0.0.1:9001.
"""

import os
import sys
import threading
import time

import channel
import identity
from containers import AgentError, ContainerManager, Invocation, RUNTIMES, now_ms, preload_start_path
from runtimeapi import RuntimeApi

VERSION = "1"
DEFAULT_INIT_TIMEOUT_MS = 60000


def log(text):
    sys.stderr.write("arclight-agent: %s\n" % text)
    sys.stderr.flush()


def meminfo():
    values = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts:
                values[key] = int(parts[0]) * 1024
    return values


def new_request_id():
    import uuid  # only when the host sends no request id

    return str(uuid.uuid4())


def client_context_json(encoded):
    """X-Amz-Client-Context (base64 of a JSON object) as the compact, ASCII-only JSON text that
    goes into the Lambda-Runtime-Client-Context header; None when there is none."""
    if not encoded:
        return None
    import base64
    import binascii
    import json

    try:
        value = json.loads(base64.b64decode(encoded, validate=True).decode("utf-8"))
    except (binascii.Error, ValueError) as e:
        raise AgentError("InvalidRequestContentException",
                         "Client context must be a valid Base64-encoded JSON object: %s" % e)
    if not isinstance(value, dict):
        raise AgentError("InvalidRequestContentException",
                         "Client context must be a valid Base64-encoded JSON object")
    return json.dumps(value, separators=(",", ":"))


def uptime_ms():
    with open("/proc/uptime") as f:
        return int(float(f.read().split()[0]) * 1000)


class Agent:
    def __init__(self, port_path):
        self.manager = ContainerManager(self.emit, log)
        self.runtime_api = RuntimeApi(self.manager, log)
        self.channel = channel.Channel(port_path, self.handle, self.announce, log)
        self.operations = {
            "ping": self.ping,
            "upload_chunk": self.upload_chunk,
            "start_container": self.start_container,
            "invoke": self.invoke,
            "stop_container": self.stop_container,
            "stats": self.stats,
            "identity": self.identity,
            "prestart": self.prestart,
        }
        self._preload_lock = threading.Lock()
        self._preloaded = False

    def emit(self, event):
        self.channel.send(event)

    def announce(self):
        self.emit(dict(self.ping({}), event="ready"))

    def run(self):
        self.runtime_api.start()
        self.channel.run()

    def handle(self, message):
        # When the frame was decoded: a start's answer says how long it waited for its thread.
        message["_receivedMs"] = now_ms()
        threading.Thread(target=self._serve, args=(message,), daemon=True).start()

    def _serve(self, message):
        request_id = message.get("id")
        op = message.get("op")
        try:
            operation = self.operations.get(op)
            if operation is None:
                raise AgentError("UnknownOperation", "unknown op %r" % op)
            reply = {"id": request_id, "ok": True, "result": operation(message)}
        except AgentError as e:
            error = {"type": e.kind, "message": str(e)}
            error.update(e.details)
            reply = {"id": request_id, "ok": False, "error": error}
        except Exception as e:  # a bug in the agent must not take it down
            import traceback

            log("op %s failed: %s" % (op, traceback.format_exc()))
            reply = {"id": request_id, "ok": False,
                     "error": {"type": "AgentError", "message": "%s: %s" % (type(e).__name__, e)}}
        self.channel.send(reply)

    # ---- operations ----------------------------------------------------------------------
    def ping(self, message):
        return {"agentVersion": VERSION, "bootId": identity.boot_id(), "uptimeMs": uptime_ms(),
                "runtimes": sorted(RUNTIMES), "kernel": os.uname().release,
                "spares": self.manager.spares.ready(), "snapshotSource": identity.SNAPSHOT_SOURCE}

    def identity(self, message):
        """After a snapshot restore: this VM's own RNG state, clock and boot id, and spares that
        start from them (the template's would be the same in every sibling)."""
        import base64

        result = identity.establish(base64.b64decode(message.get("seed") or ""), message.get("epochMs"))
        self.manager.spares.reset()
        self._preload()
        return result

    def prestart(self, message):
        """Keeps a pre-started runtime of each of these runtimes ready (in the background)."""
        self.manager.spares.want(message.get("runtimes") or [])
        self._preload()
        return {"wanted": self.manager.spares.wanted(), "spares": self.manager.spares.ready()}

    def _preload(self):
        """Imports what a container start needs, once, in the background: a VM asked to keep
        spares is about to be pooled, and its first start must not pay the imports (zipfile
        alone took about 300 ms of a pool hit under TCG)."""
        with self._preload_lock:
            if self._preloaded:
                return
            self._preloaded = True
        threading.Thread(target=preload_start_path, daemon=True, name="preload").start()

    def upload_chunk(self, message):
        size = self.manager.upload_chunk(message.get("uploadId"), message.get("data", ""),
                                         int(message.get("offset", 0)))
        return {"uploadId": message.get("uploadId"), "size": size}

    def start_container(self, message):
        return self.manager.start(message, int(message.get("initTimeoutMs", DEFAULT_INIT_TIMEOUT_MS)))

    def invoke(self, message):
        container = self.manager.get(message.get("containerId"))
        timeout_ms = int(message.get("timeoutMs") or container.timeout_ms)
        deadline = message.get("deadlineMs") or int(time.time() * 1000) + timeout_ms
        payload = message.get("payload")
        if payload is None:
            payload = "{}"
        invocation = Invocation(
            request_id=message.get("requestId") or new_request_id(),
            payload=payload,
            deadline_epoch_ms=int(deadline),
            timeout_ms=timeout_ms,
            function_arn=message.get("functionArn") or "arn:aws:lambda:local:000000000000:function:"
            + container.function_name,
            trace_id=message.get("traceId"),
            client_context=client_context_json(message.get("clientContext")),
        )
        outcome = container.invoke(invocation, int(message.get("initTimeoutMs", DEFAULT_INIT_TIMEOUT_MS)))
        outcome["requestId"] = invocation.request_id
        return outcome

    def stop_container(self, message):
        return self.manager.remove(message.get("containerId"))

    def stats(self, message):
        memory = meminfo()
        with open("/proc/loadavg") as f:
            load = f.read().split()
        return {
            "memTotalBytes": memory.get("MemTotal"),
            "memAvailableBytes": memory.get("MemAvailable"),
            "memFreeBytes": memory.get("MemFree"),
            "uptimeMs": uptime_ms(),
            "loadAverage1m": float(load[0]),
            "containers": [c.stats() for c in self.manager.all()],
            "spares": self.manager.spares.stats(),
        }


def main():
    port = channel.find_port()
    log("channel %s, started %d ms after boot" % (port, uptime_ms()))
    Agent(port).run()


if __name__ == "__main__":
    main()
