"""The host channel: one virtio-serial port, named by the host, carrying frames both ways.

The port reports POLLHUP while no host is connected (reads then return EOF), so the reader waits
for the hang-up to clear, announces itself with a `ready` event on every (re)connection, and
drops frames queued for a connection that has gone.
"""

import os
import queue
import select
import threading
import time

import frames

PORT_NAME = "arclight.agent"


def find_port(name=PORT_NAME, wait_seconds=30.0):
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            ports = os.listdir("/sys/class/virtio-ports")
        except OSError:
            ports = []
        for port in ports:
            name_file = "/sys/class/virtio-ports/%s/name" % port
            try:
                with open(name_file) as f:
                    if f.read().strip() == name:
                        return "/dev/" + port
            except OSError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError("no virtio-serial port named %s" % name)
        time.sleep(0.05)


class Channel:
    def __init__(self, path, on_message, on_connect, log):
        self._fd = os.open(path, os.O_RDWR)
        self._on_message = on_message
        self._on_connect = on_connect
        self._log = log
        self._outbox = queue.Queue()
        self._generation = 0
        self._connected = threading.Event()

    def send(self, message):
        """Queues a frame for the current connection; safe from any thread."""
        self._outbox.put((self._generation, frames.encode(message)))

    def run(self):
        threading.Thread(target=self._write_loop, name="channel-writer", daemon=True).start()
        decoder = frames.Decoder()
        poller = select.poll()
        poller.register(self._fd, select.POLLIN | select.POLLHUP)
        while True:
            events = poller.poll(1000 if self._connected.is_set() else 20)
            flags = 0
            for _, ev in events:
                flags |= ev
            if flags & select.POLLHUP:
                # No host. The port also polls readable then (reads return what is left, then
                # EOF), so a hang-up must never be taken for a connection.
                data = os.read(self._fd, 1 << 20) if flags & select.POLLIN else b""
                if not data:
                    if self._connected.is_set():
                        self._disconnected(decoder)
                    time.sleep(0.02)
                    continue
            else:
                if not self._connected.is_set():
                    self._generation += 1
                    self._connected.set()
                    self._log("host connected")
                    self._on_connect()
                if not flags & select.POLLIN:
                    continue
                data = os.read(self._fd, 1 << 20)
                if not data:
                    self._disconnected(decoder)
                    continue
            try:
                messages = decoder.feed(data)
            except (frames.FrameError, ValueError) as e:
                self._log("bad frame from host: %s" % e)
                decoder.reset()
                continue
            for message in messages:
                self._on_message(message)

    def _disconnected(self, decoder):
        self._log("host disconnected")
        self._connected.clear()
        self._generation += 1
        decoder.reset()

    def _write_loop(self):
        while True:
            generation, data = self._outbox.get()
            self._connected.wait()
            if generation != self._generation:
                continue
            view = memoryview(data)
            try:
                while view:
                    written = os.write(self._fd, view)
                    view = view[written:]
            except OSError as e:
                self._log("write to host failed: %s" % e)
