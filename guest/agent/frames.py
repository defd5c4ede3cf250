"""Length-prefixed JSON frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON."""

import json
import struct

HEADER = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024


class FrameError(Exception):
    pass


def encode(message):
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_FRAME:
        raise FrameError("frame of %d bytes exceeds %d" % (len(body), MAX_FRAME))
    return HEADER.pack(len(body)) + body


class Decoder:
    """Accumulates bytes from a stream and yields every complete message."""

    def __init__(self):
        self._buffer = bytearray()

    def reset(self):
        self._buffer.clear()

    def feed(self, data):
        self._buffer += data
        messages = []
        while len(self._buffer) >= HEADER.size:
            (length,) = HEADER.unpack_from(self._buffer)
            if length > MAX_FRAME:
                self._buffer.clear()
                raise FrameError("frame of %d bytes exceeds %d" % (length, MAX_FRAME))
            end = HEADER.size + length
            if len(self._buffer) < end:
                break
            body = bytes(self._buffer[HEADER.size:end])
            del self._buffer[:end]
            messages.append(json.loads(body.decode("utf-8")))
        return messages
