"""Arclight's Python runtime for Lambda functions: loads `module.function` from _HANDLER and
serves invocations from the Runtime API at AWS_LAMBDA_RUNTIME_API, one at a time, for as long as
the process lives."""

import importlib
import json
import os
import socket
import sys
import time


def await_handoff(ready_fd):
    """A pre-started runtime (guest/agent/spares.py): the interpreter and this module are loaded;
    say so, wait for the container that takes this process, become it (its environment, its uid,
    no groups), and only then go on to load the function's code. Still root until then, with
    no_new_privs set and no user code loaded."""
    os.write(ready_fd, b"ready\n")
    os.close(ready_fd)
    line = sys.stdin.buffer.readline()
    if not line:
        sys.exit(0)  # discarded before use
    spec = json.loads(line)
    os.environ.clear()
    os.environ.update(spec["env"])
    time.tzset()
    uid = int(spec["uid"])
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        sys.exit(125)
    os.chdir("/var/task")


if "ARCLIGHT_SPARE_FD" in os.environ:
    await_handoff(int(os.environ["ARCLIGHT_SPARE_FD"]))

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"


class RuntimeClient:
    """A minimal keep-alive HTTP/1.1 client. http.client imports the email package, which is slow
    to load under emulation, and the Runtime API needs only Content-Length bodies."""

    def __init__(self, address):
        host, _, port = address.partition(":")
        self.host, self.port = host, int(port or 80)
        self.sock = None
        self.file = None

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = self.file = None

    def request(self, method, path, body=b"", headers=None):
        for attempt in (1, 2):
            try:
                if self.sock is None:
                    self.sock = socket.create_connection((self.host, self.port))
                    self.file = self.sock.makefile("rb")
                lines = ["%s %s%s HTTP/1.1" % (method, BASE, path), "Host: " + API,
                         "Content-Length: %d" % len(body)]
                lines += ["%s: %s" % item for item in (headers or {}).items()]
                self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                status_line = self.file.readline()
                if not status_line:
                    raise ConnectionError("Runtime API closed the connection")
                status = int(status_line.split()[1])
                response_headers = {}
                while True:
                    line = self.file.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    key, _, value = line.decode("latin-1").partition(":")
                    response_headers[key.strip().lower()] = value.strip()
                length = int(response_headers.get("content-length", "0"))
                data = self.file.read(length) if length else b""
                if response_headers.get("connection", "").lower() == "close":
                    self.close()
                return status, response_headers, data
            except (OSError, ValueError, IndexError):
                self.close()
                if attempt == 2:
                    raise


class Client:
    """The calling app, from the client context (Lambda's `context.client_context.client`)."""

    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")

    def __init__(self, fields):
        for name in self.__slots__:
            setattr(self, name, fields.get(name))


class ClientContext:
    """X-Amz-Client-Context as Lambda's Python runtime hands it over: `client`, `custom`, `env`."""

    __slots__ = ("client", "custom", "env")

    def __init__(self, fields):
        client = fields.get("client")
        self.client = Client(client) if isinstance(client, dict) else None
        self.custom = fields.get("custom")
        self.env = fields.get("env")


def client_context(header):
    if not header:
        return None
    try:
        fields = json.loads(header)
    except ValueError:
        return None
    return ClientContext(fields) if isinstance(fields, dict) else None


class LambdaContext:
    def __init__(self, request_id, deadline_ms, function_arn, client_context_header=None):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = client_context(client_context_header)
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


class HandlerError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def error_body(error_type, message, stack=None, request_id=None):
    body = {"errorMessage": message, "errorType": error_type, "stackTrace": stack or []}
    if request_id:
        body["requestId"] = request_id
    return json.dumps(body).encode("utf-8")


def exception_body(exc, request_id=None):
    import traceback

    stack = traceback.format_list(traceback.extract_tb(exc.__traceback__))
    return error_body(type(exc).__name__, str(exc), stack, request_id)


def load_handler(spec):
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        raise HandlerError("Runtime.MalformedHandlerName",
                           "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % spec)
    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise HandlerError("Runtime.ImportModuleError",
                           "Unable to import module '%s': %s" % (module_name, e)) from e
    except SyntaxError as e:
        raise HandlerError("Runtime.UserCodeSyntaxError",
                           "Syntax error in module '%s': %s" % (module_name, e)) from e
    handler = getattr(module, function_name, None)
    if handler is None:
        raise HandlerError("Runtime.HandlerNotFound",
                           "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


def log_error(error_type, message, cause=None):
    """Lambda's `[ERROR] Type: message` line, then the traceback of what caused it: the log tail
    is where a user finds out which import failed, and from where."""
    import traceback

    text = "[ERROR] %s: %s\n" % (error_type, message)
    if cause is not None:
        text += "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
    sys.stdout.flush()
    sys.stderr.write(text)
    sys.stderr.flush()


def main():
    client = RuntimeClient(API)
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except HandlerError as e:
        log_error(e.error_type, e, e.__cause__)
        client.request("POST", "/init/error", error_body(e.error_type, str(e)),
                       {"Lambda-Runtime-Function-Error-Type": e.error_type})
        sys.exit(1)
    except Exception as e:  # the module raised while being imported
        log_error(type(e).__name__, e, e)
        client.request("POST", "/init/error", exception_body(e),
                       {"Lambda-Runtime-Function-Error-Type": type(e).__name__})
        sys.exit(1)

    while True:
        status, headers, body = client.request("GET", "/invocation/next")
        if status != 200:
            sys.stderr.write("runtime: /invocation/next answered %d, exiting\n" % status)
            sys.exit(1)
        request_id = headers["lambda-runtime-aws-request-id"]
        context = LambdaContext(request_id, int(headers.get("lambda-runtime-deadline-ms", "0")),
                                headers.get("lambda-runtime-invoked-function-arn"),
                                headers.get("lambda-runtime-client-context"))
        trace = headers.get("lambda-runtime-trace-id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            try:
                payload = json.dumps(result).encode("utf-8")
            except (TypeError, ValueError) as e:
                raise HandlerError("Runtime.MarshalError", "Unable to marshal response: %s" % e)
        except HandlerError as e:
            log_error(e.error_type, e)
            client.request("POST", "/invocation/%s/error" % request_id,
                           error_body(e.error_type, str(e), None, request_id),
                           {"Lambda-Runtime-Function-Error-Type": e.error_type})
            continue
        except Exception as e:
            sys.stdout.flush()
            sys.stderr.write("[ERROR] %s: %s\n" % (type(e).__name__, e))
            sys.stderr.flush()
            client.request("POST", "/invocation/%s/error" % request_id, exception_body(e, request_id),
                           {"Lambda-Runtime-Function-Error-Type": type(e).__name__,
                            "Content-Type": "application/json"})
            continue
        sys.stdout.flush()
        client.request("POST", "/invocation/%s/response" % request_id, payload,
                       {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
