"""Lambda's Runtime API on 127.0.0.1:9001 inside the guest, shared by every container.

Every container runs as its own uid, so the server tells containers apart by the uid that owns
the client end of the TCP connection (from /proc/net/tcp): AWS_LAMBDA_RUNTIME_API can then be
exactly `127.0.0.1:9001`, as on Lambda, and a container cannot answer for another one.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from containers import MAX_RESPONSE_BYTES, now_ms

HOST, PORT = "127.0.0.1", 9001
PREFIX = "/2018-06-01/runtime/"


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
    def __init__(self, manager, log):
        self.manager = manager
        self.log = log
        api = self

        class Handler(RuntimeApiHandler):
            runtime_api = api

        self.server = ThreadingHTTPServer((HOST, PORT), Handler)
        self.server.daemon_threads = True

    def start(self):
        threading.Thread(target=self.server.serve_forever, name="runtime-api", daemon=True).start()


class RuntimeApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    runtime_api = None

    def setup(self):
        super().setup()
        self.container = None
        uid = socket_owner_uid(self.client_address[1])
        if uid is not None:
            self.container = self.runtime_api.manager.by_uid(uid)

    def log_message(self, fmt, *args):
        pass

    def _reply(self, status, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, error_type, message):
        self._reply(status, {"errorType": error_type, "errorMessage": message})

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_RESPONSE_BYTES:
            self.rfile.read(length)
            return None
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        if self.container is None:
            return self._error(403, "Forbidden", "connection does not belong to a container")
        if self.path != PREFIX + "invocation/next":
            return self._error(404, "NotFound", "no such path " + self.path)
        container = self.container
        instance = container.instance
        if instance is None:
            return self._error(500, "NotReady", "container has no runtime instance")
        if not instance.ready.is_set():
            instance.ready_at = now_ms()
            instance.ready.set()
        invocation = instance.queue.get()
        if invocation is None:
            self.close_connection = True
            return self._error(410, "Gone", "container is stopping")
        invocation.delivered_at = now_ms()
        headers = {
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_epoch_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.function_arn,
        }
        if invocation.trace_id:
            headers["Lambda-Runtime-Trace-Id"] = invocation.trace_id
        self._reply(200, invocation.payload.encode("utf-8"), headers)

    def do_POST(self):
        if self.container is None:
            return self._error(403, "Forbidden", "connection does not belong to a container")
        body = self._body()
        path = self.path
        container = self.container
        if path == PREFIX + "init/error":
            instance = container.instance
            if instance is not None:
                error_type = self.headers.get("Lambda-Runtime-Function-Error-Type") or "Runtime.InitError"
                instance.init_error = (error_type, (body or b"").decode("utf-8", "replace"))
            return self._reply(202, {"status": "OK"})
        if not path.startswith(PREFIX + "invocation/"):
            return self._error(404, "NotFound", "no such path " + path)
        request_id, _, action = path[len(PREFIX + "invocation/"):].partition("/")
        current = container.current
        if current is None or current.request_id != request_id:
            return self._error(400, "InvalidRequestID", "unknown request id " + request_id)
        if body is None:
            outcome = {"status": "error", "errorType": "Function.ResponseSizeTooLarge",
                       "errorMessage": "Response payload size exceeded maximum allowed payload size (%d bytes)."
                                       % MAX_RESPONSE_BYTES}
            container.finish(current, outcome)
            return self._error(413, "RequestEntityTooLarge", outcome["errorMessage"])
        text = body.decode("utf-8", "replace")
        if action == "response":
            container.finish(current, {"status": "success", "payload": text})
            return self._reply(202, {"status": "OK"})
        if action == "error":
            error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
            if not error_type:
                try:
                    error_type = json.loads(text).get("errorType")
                except (ValueError, AttributeError):
                    error_type = None
            container.finish(current, {"status": "error", "errorType": error_type or "Unhandled",
                                       "payload": text})
            return self._reply(202, {"status": "OK"})
        return self._error(404, "NotFound", "no such path " + path)
