#!/usr/bin/env python3
"""Host side of the Arclight guest protocol (docs/guest-protocol.md), Python standard library only.

    hostclient.py --socket PATH ping|stats
    hostclient.py --socket PATH invoke CONTAINER_ID PAYLOAD

Used by guest/test-image.sh; the worker speaks the same protocol from Java.
"""

import argparse
import itertools
import json
import queue
import socket
import struct
import sys
import threading
import time

HEADER = struct.Struct(">I")


class AgentRequestError(Exception):
    def __init__(self, error):
        super().__init__("%s: %s" % (error.get("type"), error.get("message")))
        self.type = error.get("type")
        self.error = error


class AgentClient:
    """One connection to a guest agent; requests are multiplexed by id, events are queued."""

    def __init__(self, path, connect_timeout=30.0):
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        self._ids = itertools.count(1)
        self._pending = {}
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self.events = queue.Queue()
        self.closed = threading.Event()
        threading.Thread(target=self._read_loop, daemon=True).start()

    def close(self):
        # shutdown() first: a plain close() while the reader thread sits in recv() leaves the
        # connection open, and QEMU accepts the next client only after this one is gone.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def _read_exact(self, n):
        data = bytearray()
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def _read_loop(self):
        try:
            while True:
                (length,) = HEADER.unpack(self._read_exact(HEADER.size))
                message = json.loads(self._read_exact(length))
                if "id" in message and "event" not in message:
                    with self._lock:
                        slot = self._pending.pop(message["id"], None)
                    if slot is not None:
                        slot.put(message)
                else:
                    self.events.put(message)
        except (EOFError, OSError):
            pass
        finally:
            self.closed.set()
            with self._lock:
                pending, self._pending = self._pending, {}
            for slot in pending.values():
                slot.put({"ok": False, "error": {"type": "ChannelClosed", "message": "agent channel closed"}})

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        with self._send_lock:
            self.sock.sendall(HEADER.pack(len(body)) + body)

    def request(self, op, timeout=120.0, **fields):
        request_id = next(self._ids)
        slot = queue.Queue(maxsize=1)
        with self._lock:
            self._pending[request_id] = slot
        self.send(dict(fields, id=request_id, op=op))
        try:
            reply = slot.get(timeout=timeout)
        except queue.Empty:
            with self._lock:
                self._pending.pop(request_id, None)
            raise TimeoutError("no reply to %s within %.0f s" % (op, timeout))
        if not reply.get("ok"):
            raise AgentRequestError(reply.get("error") or {})
        return reply.get("result")

    def wait_event(self, name, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no %s event within %.0f s" % (name, timeout))
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event.get("event") == name:
                return event


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--socket", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ping")
    sub.add_parser("stats")
    invoke = sub.add_parser("invoke")
    invoke.add_argument("container_id")
    invoke.add_argument("payload")
    args = parser.parse_args()
    client = AgentClient(args.socket)
    if args.command == "invoke":
        result = client.request("invoke", containerId=args.container_id, payload=args.payload)
    else:
        result = client.request(args.command)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
