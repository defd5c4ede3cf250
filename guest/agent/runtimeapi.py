"""Lambda's Runtime API on 127.0.0.1:9001 inside the guest, shared by every container.

Every container runs as its own uid, so the server tells containers apart by the uid that owns
the client end of the TCP connection (from /proc/net/tcp): AWS_LAMBDA_RUNTIME_API can then be
exactly `127.0.0.1:9001`, as on Lambda, and a container cannot answer for another one.
"""

import json
import socket
import threading

from containers import MAX_RESPONSE_BYTES, now_ms, runtime_error

HOST, PORT = "127.0.0.1", 9001
PREFIX = "/2018-06-01/runtime/"
REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           410: "Gone", 413: "Payload Too Large", 500: "Internal Server Error"}


class BadRequest(Exception):
    pass


def socket_owner_uid(client_port, server_port=PORT):
    """The uid of the loopback socket 127.0.0.1:client_port connected to server_port."""
    local = "0100007F:%04X" % client_port
    remote = "0100007F:%04X" % server_port
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[1] == local and fields[2] == remote:
                return int(fields[7])
    return None


class RuntimeApi:
    """A small HTTP/1.1 server (keep-alive, Content-Length or chunked request bodies): the
    standard library's http.server costs seconds of import time under emulation, at every boot."""

    def __init__(self, manager, log):
        self.manager = manager
        self.log = log
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((HOST, PORT))
        self.sock.listen(128)

    def start(self):
        threading.Thread(target=self._accept_loop, name="runtime-api", daemon=True).start()

    def _accept_loop(self):
        while True:
            conn, address = self.sock.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(conn, address), daemon=True).start()

    def _serve(self, conn, address):
        try:
            uid = socket_owner_uid(address[1])
            handler = RuntimeApiHandler(self.manager.by_uid(uid) if uid is not None else None)
            reader = conn.makefile("rb")
            while True:
                request_line = reader.readline(8192)
                if not request_line.strip():
                    return
                method, path = request_line.decode("latin-1").split()[:2]
                headers = read_headers(reader)
                body = read_body(reader, headers)
                status, payload, extra = handler.handle(method, path, headers, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
                head = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Unknown")),
                        "Content-Type: application/json", "Content-Length: %d" % len(data)]
                head += ["%s: %s" % item for item in extra.items()]
                conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
                if headers.get("connection", "").lower() == "close" or status == 410:
                    return
        except (OSError, ValueError, BadRequest):
            return
        finally:
            conn.close()


def read_headers(reader):
    headers = {}
    while True:
        line = reader.readline(65536)
        if line in (b"\r\n", b"\n"):
            return headers
        if not line:
            raise BadRequest("connection closed in headers")
        key, _, value = line.decode("latin-1").partition(":")
        headers[key.strip().lower()] = value.strip()


def read_body(reader, headers):
    """The request body, or None when it is larger than the Runtime API accepts."""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts, size = [], 0
        while True:
            length = int(reader.readline(1024).split(b";")[0].strip() or b"0", 16)
            if length == 0:
                read_headers(reader)  # trailers
                break
            chunk = reader.read(length)
            reader.readline(8)
            size += length
            if size <= MAX_RESPONSE_BYTES:
                parts.append(chunk)
        return b"".join(parts) if size <= MAX_RESPONSE_BYTES else None
    length = int(headers.get("content-length") or 0)
    body = reader.read(length) if length else b""
    return body if length <= MAX_RESPONSE_BYTES else None


class RuntimeApiHandler:
    """The Runtime API for one connection, which belongs to one container (or to none)."""

    def __init__(self, container):
        self.container = container

    @staticmethod
    def _error(status, error_type, message):
        return status, {"errorType": error_type, "errorMessage": message}, {}

    def handle(self, method, path, headers, body):
        if self.container is None:
            return self._error(403, "Forbidden", "connection does not belong to a container")
        if method == "GET" and path == PREFIX + "invocation/next":
            return self._next()
        if method == "POST":
            return self._post(path, headers, body)
        return self._error(404, "NotFound", "no such path " + path)

    def _next(self):
        instance = self.container.instance
        if instance is None:
            return self._error(500, "NotReady", "container has no runtime instance")
        if not instance.ready.is_set():
            instance.ready_at = now_ms()
            instance.ready.set()
        invocation = instance.queue.get()
        if invocation is None:
            return self._error(410, "Gone", "container is stopping")
        invocation.delivered_at = now_ms()
        extra = {
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_epoch_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.function_arn,
        }
        if invocation.trace_id:
            extra["Lambda-Runtime-Trace-Id"] = invocation.trace_id
        if invocation.client_context:
            extra["Lambda-Runtime-Client-Context"] = invocation.client_context
        return 200, invocation.payload.encode("utf-8"), extra

    def _post(self, path, headers, body):
        container = self.container
        if path == PREFIX + "init/error":
            instance = container.instance
            if instance is None or instance.ready.is_set():
                return self._error(403, "InvalidStateTransition", "init/error after the runtime asked for an event")
            header_type = headers.get("lambda-runtime-function-error-type")
            fallback = header_type if header_type and header_type != "Unhandled" else "Runtime.InitError"
            instance.init_error = runtime_error((body or b"").decode("utf-8", "replace"), fallback)
            return 202, {"status": "OK"}, {}
        if not path.startswith(PREFIX + "invocation/"):
            return self._error(404, "NotFound", "no such path " + path)
        request_id, _, action = path[len(PREFIX + "invocation/"):].partition("/")
        if action not in ("response", "error"):
            return self._error(404, "NotFound", "no such path " + path)
        current = container.current
        if current is None or current.request_id != request_id:
            return self._error(400, "InvalidRequestID", "unknown request id " + request_id)
        if body is None:
            message = ("Response payload size exceeded maximum allowed payload size (%d bytes)."
                       % MAX_RESPONSE_BYTES)
            container.finish(current, {"status": "error", "errorType": "Function.ResponseSizeTooLarge",
                                       "errorMessage": message})
            return self._error(413, "RequestEntityTooLarge", message)
        text = body.decode("utf-8", "replace")
        if action == "response":
            container.finish(current, {"status": "success", "payload": text})
            return 202, {"status": "OK"}, {}
        error_type = headers.get("lambda-runtime-function-error-type")
        if not error_type:
            try:
                error_type = json.loads(text).get("errorType")
            except (ValueError, AttributeError):
                error_type = None
        container.finish(current, {"status": "error", "errorType": error_type or "Unhandled", "payload": text})
        return 202, {"status": "OK"}, {}
