"""Containers: one function version's runtime process, its code, cgroup, uid and invocations.

A container runs one invocation at a time (as a Lambda sandbox does). Its runtime process stays
up between invocations; a container whose process died (timeout kill, out of memory, crash) is
started again, cold, by its next invocation.
"""

import json
import os
import queue
import threading
import time

import cgroups
import spares
import unzip

BASE = "/run/arclight/containers"
UPLOADS = "/run/arclight/uploads"
EXEC = "/opt/arclight/bin/container-exec"
FIRST_UID = 20000
LOG_TAIL_BYTES = 4096
LOG_KEEP_BYTES = 64 * 1024
LOG_ROTATE_BYTES = 1024 * 1024
DEFAULT_PIDS_MAX = 1024
MAX_RESPONSE_BYTES = 6 * 1024 * 1024

RUNTIMES = {
    "python3.11": ["/usr/bin/python3", "-u", "/var/runtime/python/bootstrap.py"],
    "nodejs18.x": ["/usr/bin/node", "/var/runtime/node/bootstrap.js"],
    "provided.al2023": None,
    "provided": None,
}
EXECUTION_ENV = {"python3.11": "AWS_Lambda_python3.11", "nodejs18.x": "AWS_Lambda_nodejs18.x"}
RESERVED_ENV = {
    "_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_EXECUTION_ENV",
}


class AgentError(Exception):
    """A request the agent refuses; `kind` becomes the error type sent to the host."""

    def __init__(self, kind, message, **details):
        super().__init__(message)
        self.kind = kind
        self.details = details


class FunctionError(AgentError):
    """The function's own code could not start (its runtime exited or timed out during init, a
    module failed to import, the handler is missing, the runtime posted init/error): the caller
    gets a function error, not a platform error. `payload` is the runtime's own error JSON when it
    sent one; without it the host builds Lambda's from the type and the message, adding the
    request id the agent does not know at container start."""

    def __init__(self, kind, message, payload=None, log_tail=""):
        details = {"functionError": True, "logTail": log_tail}
        if payload:
            details["payload"] = payload
        super().__init__(kind, message, **details)
        self.payload = payload

    def body(self, request_id):
        """Lambda's error JSON for an invocation this failure ended."""
        if self.payload:
            return self.payload
        return json.dumps({"errorMessage": "RequestId: %s Error: %s" % (request_id, self),
                           "errorType": self.kind})


def runtime_error(text, fallback_type):
    """(errorType, errorMessage, JSON body) of an error a runtime posted; a body that is not
    Lambda's error JSON is wrapped in it, so the caller always gets JSON."""
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict) and ("errorType" in body or "errorMessage" in body):
        error_type = body.get("errorType") or fallback_type
        return error_type, str(body.get("errorMessage", "")), text
    return fallback_type, text, json.dumps({"errorMessage": text, "errorType": fallback_type})


def now_ms():
    return time.monotonic() * 1000.0


def preload_start_path():
    """Imports the modules a container start uses and the agent does not import at its own
    start (kept out of that, since every boot would pay them): under TCG, importing zipfile and
    what it pulls in took about 300 ms inside the first start of a VM."""
    import base64  # noqa: F401
    import shutil  # noqa: F401
    import subprocess  # noqa: F401
    import zipfile  # noqa: F401


class Invocation:
    def __init__(self, request_id, payload, deadline_epoch_ms, timeout_ms, function_arn, trace_id,
                 client_context=None):
        self.request_id = request_id
        # Decoded JSON text, as Lambda-Runtime-Client-Context carries it (the caller's
        # X-Amz-Client-Context is base64).
        self.client_context = client_context
        self.payload = payload
        self.deadline_epoch_ms = deadline_epoch_ms
        self.timeout_ms = timeout_ms
        self.function_arn = function_arn
        self.trace_id = trace_id
        self.instance = None
        self.queued_at = now_ms()
        self.delivered_at = None
        self.log_offset = 0
        self.outcome = None
        self.done = threading.Event()

    def complete(self, outcome):
        """First completion wins (a response racing the timeout, or a crash)."""
        if self.done.is_set():
            return False
        self.outcome = outcome
        self.done.set()
        return True


class Instance:
    """One run of the container's runtime process."""

    def __init__(self, number):
        self.number = number
        self.process = None
        self.queue = queue.Queue()
        self.ready = threading.Event()
        self.exited = threading.Event()
        self.init_error = None
        self.exit_reason = None
        self.oom_before = 0
        self.started_at = now_ms()
        self.ready_at = None


class Container:
    def __init__(self, manager, spec, uid, spare=None):
        self.manager = manager
        self.id = spec["containerId"]
        self.runtime = spec["runtime"]
        self.handler = spec.get("handler") or ""
        self.memory_mib = int(spec.get("memoryMib", 128))
        self.timeout_ms = int(spec.get("timeoutMs", 3000))
        self.pids_max = int(spec.get("pidsMax", DEFAULT_PIDS_MAX))
        self.function_name = spec.get("functionName") or self.id
        self.function_version = str(spec.get("functionVersion", "$LATEST"))
        self.user_env = dict(spec.get("env") or {})
        self.uid = uid
        # A container that takes a pre-started runtime takes its directories and log too: the
        # waiting process already sees them at /var/task and /tmp and writes to that log.
        self.spare = spare
        self.pre_started = spare is not None
        self.adopted = False
        self.dir = spare.dir if spare is not None else os.path.join(BASE, self.id)
        self.task_dir = os.path.join(self.dir, "task")
        self.tmp_dir = os.path.join(self.dir, "tmp")
        self.log_path = os.path.join(self.dir, "log")
        self.cgroup = cgroups.Cgroup(self.id)
        self.lock = threading.Lock()
        self.instance = None
        self.instances = 0
        self.current = None
        self.invocations = 0
        self.last_invoke_ms = None
        self.stopped = False
        self.log_fd = None
        # Set when the first invocation has its answer (or the container stops): spares wait for it.
        self.first_call_done = threading.Event()

    # ---- lifecycle -----------------------------------------------------------------------
    def prepare(self, code_zip_path):
        if self.spare is None:
            os.makedirs(self.dir, mode=0o711)
            os.makedirs(self.task_dir, mode=0o750)
            os.makedirs(self.tmp_dir, mode=0o700)
        os.chown(self.task_dir, 0, self.uid)
        os.chown(self.tmp_dir, self.uid, self.uid)
        if code_zip_path:
            try:
                unzip.unpack(code_zip_path, self.task_dir)
            except unzip.ZipRefused as e:
                raise AgentError("InvalidZipFileException", "Could not unpack the function's zip: %s" % e)
        self.log_fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.cgroup.create(self.memory_mib * 1024 * 1024, self.pids_max)

    def command(self):
        cmd = RUNTIMES[self.runtime]
        if cmd is not None:
            return cmd
        for candidate in (os.path.join(self.task_dir, "bootstrap"), "/opt/bootstrap"):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return ["/var/task/bootstrap" if candidate.startswith(self.task_dir) else candidate]
        raise FunctionError("Runtime.InvalidEntrypoint",
                            "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]")

    def environment(self):
        env = dict(spares.PLATFORM_ENV)
        env.update({
            "AWS_REGION": "local",
            "AWS_DEFAULT_REGION": "local",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/" + self.function_name,
            "AWS_LAMBDA_LOG_STREAM_NAME": "arclight/" + self.id,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        })
        for key, value in self.user_env.items():
            if key not in RESERVED_ENV:
                env[str(key)] = str(value)
        env.update({
            "_HANDLER": self.handler,
            "LAMBDA_TASK_ROOT": "/var/task",
            "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
            "AWS_LAMBDA_FUNCTION_NAME": self.function_name,
            "AWS_LAMBDA_FUNCTION_VERSION": self.function_version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mib),
        })
        if self.runtime in EXECUTION_ENV:
            env["AWS_EXECUTION_ENV"] = EXECUTION_ENV[self.runtime]
        if self.runtime == "nodejs18.x":
            env.setdefault("NODE_PATH", spares.NODE_PATH)
        return env

    def spawn(self):
        """Starts a new runtime process (a cold start); caller holds the lock."""
        import subprocess  # here, not at the top: it slows the agent's start, and so every boot

        command = self.command()
        self.instances += 1
        instance = Instance(self.instances)
        self.instance = instance
        instance.process = subprocess.Popen(
            [EXEC, self.cgroup.procs_file(), self.task_dir, self.tmp_dir, str(self.uid)] + command,
            env=self.environment(), stdin=subprocess.DEVNULL, stdout=self.log_fd,
            stderr=self.log_fd, cwd="/", close_fds=True, start_new_session=True)
        threading.Thread(target=self._watch, args=(instance,), daemon=True,
                         name="watch-%s-%d" % (self.id, instance.number)).start()
        return instance

    def adopt(self, spare):
        """Makes the waiting pre-started runtime this container's first instance; caller holds
        the lock. Everything after the handoff counts against this container's cgroup."""
        self.instances += 1
        instance = Instance(self.instances)
        instance.process = spare.process
        self.instance = instance
        self.adopted = True
        spare.hand_over(self.cgroup.procs_file(), self.uid, self.environment())
        threading.Thread(target=self._watch, args=(instance,), daemon=True,
                         name="watch-%s-%d" % (self.id, instance.number)).start()
        return instance

    def wait_ready(self, instance, timeout_ms, log_offset=0):
        """Blocks until the runtime asks for its first event, fails to init, or exits; a failure
        is a FunctionError carrying what the runtime logged from log_offset on."""
        deadline = time.monotonic() + timeout_ms / 1000.0
        while not instance.ready.is_set() and not instance.exited.is_set():
            if instance.init_error is not None:
                break
            if time.monotonic() > deadline:
                self.cgroup.kill()
                instance.exited.wait(30)
                raise FunctionError("Runtime.InitTimeout",
                                    "Runtime did not become ready within %d ms" % timeout_ms,
                                    log_tail=self.log_tail(log_offset))
            instance.ready.wait(0.05)
        if instance.ready.is_set():
            return
        if instance.init_error is not None:
            error_type, message, body = instance.init_error
            # A runtime that reported its failure may linger (or exit): it is done either way, and
            # the next invocation must find it dead.
            self.cgroup.kill()
            instance.exited.wait(30)
            raise FunctionError(error_type, message, body, self.log_tail(log_offset))
        raise FunctionError("Runtime.ExitError", "Runtime exited with error: %s" % instance.exit_reason,
                            log_tail=self.log_tail(log_offset))

    def _watch(self, instance):
        code = instance.process.wait()
        oom = self.cgroup.oom_kills()
        # Whatever the runtime left behind goes with it.
        if not self.cgroup.kill_and_wait(30):
            self.manager.emit({"event": "container_leak", "containerId": self.id,
                               "pids": self.cgroup.stats()["pidsCurrent"]})
        if instance.exit_reason is None:
            if code < 0 and oom > instance.oom_before:
                instance.exit_reason = "signal: killed (out of memory: memory.max %d MiB)" % self.memory_mib
            elif code < 0:
                instance.exit_reason = "signal: %d" % -code
            else:
                instance.exit_reason = "exit status %d" % code
        instance.exited.set()
        instance.queue.put(None)
        current = self.current
        if current is not None and getattr(current, "instance", None) is instance:
            self.finish(current, {
                "status": "error",
                "errorType": "Runtime.ExitError",
                "errorMessage": "RequestId: %s Error: Runtime exited with error: %s"
                                % (current.request_id, instance.exit_reason),
            })
        self.manager.emit({"event": "container_exited", "containerId": self.id,
                           "instance": instance.number, "reason": instance.exit_reason,
                           "oomKills": oom})

    def stop(self):
        self.stopped = True
        self.first_call_done.set()
        if self.spare is not None and not self.adopted:
            self.spare.discard()  # still in its own cgroup
        self.cgroup.kill()
        instance = self.instance
        if instance is not None:
            instance.exited.wait(5)
        self.cgroup.remove()
        import shutil

        if self.log_fd is not None:
            os.close(self.log_fd)
            self.log_fd = None
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- invocations ---------------------------------------------------------------------
    def invoke(self, invocation, init_timeout_ms):
        with self.lock:
            if self.stopped:
                raise AgentError("ContainerStopped", "container %s is stopped" % self.id)
            if self.current is not None:
                raise AgentError("ContainerBusy", "container %s is running %s"
                                 % (self.id, self.current.request_id))
            self.current = invocation
        init_ms = None
        try:
            instance = self.instance
            if instance is None or instance.exited.is_set():
                started = now_ms()
                log_offset = self._log_size()
                try:
                    with self.lock:
                        instance = self.spawn()
                    self.wait_ready(instance, init_timeout_ms, log_offset)
                except FunctionError as e:
                    # Lambda answers a failed (re-)init as the invocation's function error, and
                    # the next invocation initialises again.
                    return self._init_failed(invocation, e, log_offset, now_ms() - started)
                init_ms = now_ms() - started
            instance.oom_before = self.cgroup.oom_kills()
            self.invocations += 1
            self.last_invoke_ms = int(time.time() * 1000)
            invocation.log_offset = self._log_size()
            self._log_line("START RequestId: %s Version: %s" % (invocation.request_id, self.function_version))
            invocation.instance = instance
            instance.queue.put(invocation)
            if not invocation.done.wait(invocation.timeout_ms / 1000.0):
                seconds = invocation.timeout_ms / 1000.0
                timed_out = {
                    "status": "error",
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": "RequestId: %s Error: Task timed out after %.2f seconds"
                                    % (invocation.request_id, seconds),
                }
                if self.finish(invocation, timed_out):
                    instance.exit_reason = "timeout"
                    self.cgroup.kill()
                    # The next invocation must find this instance dead, not hand it work.
                    instance.exited.wait(30)
                invocation.done.wait()
            outcome = dict(invocation.outcome)
            started = invocation.delivered_at or invocation.queued_at
            outcome["durationMs"] = round(now_ms() - started, 3)
            if init_ms is not None:
                outcome["initDurationMs"] = round(init_ms, 3)
            self._log_line("END RequestId: %s" % invocation.request_id)
            self._log_line("REPORT RequestId: %s\tDuration: %.2f ms\tMemory Size: %d MB\tMax Memory Used: %d MB"
                           % (invocation.request_id, outcome["durationMs"], self.memory_mib,
                              self.cgroup.stats()["memoryPeakBytes"] // (1024 * 1024)))
            outcome["logTail"] = self.log_tail(invocation.log_offset)
            self._rotate_log()
            return outcome
        finally:
            with self.lock:
                self.current = None
            self.first_call_done.set()

    def finish(self, invocation, outcome):
        return invocation.complete(outcome)

    def _init_failed(self, invocation, error, log_offset, init_ms):
        self.invocations += 1
        self.last_invoke_ms = int(time.time() * 1000)
        request_id = invocation.request_id
        self._log_line("START RequestId: %s Version: %s" % (request_id, self.function_version))
        self._log_line("END RequestId: %s" % request_id)
        self._log_line("REPORT RequestId: %s\tDuration: %.2f ms\tMemory Size: %d MB\tStatus: error\tError Type: %s"
                       % (request_id, init_ms, self.memory_mib, error.kind))
        return {"status": "error", "errorType": error.kind, "payload": error.body(request_id),
                "durationMs": round(init_ms, 3), "initDurationMs": round(init_ms, 3),
                "logTail": self.log_tail(log_offset)}

    # ---- logs ----------------------------------------------------------------------------
    def _log_size(self):
        return os.fstat(self.log_fd).st_size if self.log_fd is not None else 0

    def _log_line(self, text):
        if self.log_fd is not None:
            os.write(self.log_fd, (text + "\n").encode("utf-8"))

    def log_tail(self, offset):
        try:
            with open(self.log_path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                start = max(offset if offset <= size else 0, size - LOG_TAIL_BYTES)
                f.seek(start)
                return f.read(size - start).decode("utf-8", "replace")
        except OSError:
            return ""

    def _rotate_log(self):
        if self._log_size() <= LOG_ROTATE_BYTES:
            return
        with open(self.log_path, "rb") as f:
            f.seek(-LOG_KEEP_BYTES, os.SEEK_END)
            keep = f.read()
        os.ftruncate(self.log_fd, 0)
        os.write(self.log_fd, keep)

    def stats(self):
        instance = self.instance
        if self.stopped:
            state = "stopped"
        elif instance is None or instance.exited.is_set():
            state = "dead"
        elif self.current is not None:
            state = "busy"
        elif instance.ready.is_set():
            state = "idle"
        else:
            state = "starting"
        result = {"containerId": self.id, "runtime": self.runtime, "state": state,
                  "memoryMib": self.memory_mib, "invocations": self.invocations,
                  "lastInvokeEpochMs": self.last_invoke_ms, "uid": self.uid,
                  "instances": self.instances, "preStarted": self.pre_started}
        result.update(self.cgroup.stats())
        return result


class ContainerManager:
    def __init__(self, emit, log=None):
        self.emit = emit
        self._lock = threading.Lock()
        self._containers = {}
        self._by_uid = {}
        self._next_uid = FIRST_UID
        os.makedirs(BASE, exist_ok=True)
        os.makedirs(UPLOADS, exist_ok=True)
        cgroups.prepare()
        self.spares = spares.Spares(emit, log or (lambda text: None))

    def get(self, container_id):
        with self._lock:
            container = self._containers.get(container_id)
        if container is None:
            raise AgentError("ContainerNotFound", "no container %s" % container_id)
        return container

    def by_uid(self, uid):
        with self._lock:
            return self._by_uid.get(uid)

    def all(self):
        with self._lock:
            return list(self._containers.values())

    def upload_chunk(self, upload_id, data_b64, offset):
        path = self._upload_path(upload_id)
        import base64

        data = base64.b64decode(data_b64)
        with open(path, "ab") as f:
            if f.tell() != offset:
                raise AgentError("InvalidUpload", "upload %s is at %d, chunk is for %d"
                                 % (upload_id, f.tell(), offset))
            f.write(data)
            return f.tell()

    def _upload_path(self, upload_id):
        if not upload_id or "/" in upload_id or upload_id.startswith("."):
            raise AgentError("InvalidUpload", "bad upload id %r" % upload_id)
        return os.path.join(UPLOADS, upload_id)

    def start(self, spec, init_timeout_ms):
        began = now_ms()
        container_id = spec.get("containerId")
        runtime = spec.get("runtime")
        if not container_id or "/" in container_id or container_id.startswith("."):
            raise AgentError("InvalidParameterValueException", "bad containerId %r" % container_id)
        if runtime not in RUNTIMES:
            raise AgentError("InvalidParameterValueException",
                             "Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: %s"
                             % (runtime, sorted(RUNTIMES)))
        if RUNTIMES[runtime] is not None and "." not in (spec.get("handler") or ""):
            raise FunctionError("Runtime.MalformedHandlerName", "Bad handler %r: expected module.function"
                                % spec.get("handler"))
        import base64
        import zipfile

        imported = now_ms()
        code_path = None
        cleanup = None
        if spec.get("code"):
            code_path = os.path.join(UPLOADS, "inline-" + container_id)
            with open(code_path, "wb") as f:
                f.write(base64.b64decode(spec["code"]))
            cleanup = code_path
        elif spec.get("codeUploadId"):
            code_path = self._upload_path(spec["codeUploadId"])
            cleanup = code_path
        with self._lock:
            if container_id in self._containers:
                raise AgentError("ContainerExists", "container %s exists" % container_id)
        code_written = now_ms()
        spare = None
        if spares.can_take(runtime, spec.get("env")):
            # A spare still starting has a head start on a cold start; but if it hangs, the cold
            # start that follows must still fit the start's time budget.
            spare = self.spares.take(runtime, min(init_timeout_ms / 3000.0, spares.MAX_WAIT_S))
        taken = now_ms()
        with self._lock:
            if container_id in self._containers:
                if spare is not None:
                    spare.discard()
                raise AgentError("ContainerExists", "container %s exists" % container_id)
            uid = self._next_uid
            self._next_uid += 1
            container = Container(self, spec, uid, spare)
            self._containers[container_id] = container
            self._by_uid[uid] = container
        try:
            started = now_ms()
            try:
                container.prepare(code_path)
            except zipfile.BadZipFile as e:
                raise AgentError("InvalidZipFileException", "Could not unzip uploaded file: %s" % e)
            prepared = now_ms()
            with container.lock:
                instance = container.adopt(spare) if spare is not None else container.spawn()
            container.wait_ready(instance, init_timeout_ms)
            ready = now_ms()
            received = spec.get("_receivedMs", began)
            # Where the agent's part of a start went, besides unpack (prepare) and init: waiting
            # for its thread, decoding and writing the code, taking the spare; the rest of what
            # the host measures is the channel and the frames both ways.
            return {"containerId": container_id, "uid": uid, "pid": instance.process.pid,
                    "prepareMs": round(prepared - started, 3), "initMs": round(ready - prepared, 3),
                    "startMs": round(ready - started, 3), "preStarted": spare is not None,
                    "queuedMs": round(began - received, 3), "importMs": round(imported - began, 3),
                    "codeMs": round(code_written - imported, 3),
                    "takeMs": round(taken - code_written, 3), "inAgentMs": round(now_ms() - received, 3)}
        except Exception:
            self.remove(container_id)
            container.first_call_done.set()
            raise
        finally:
            # A VM that ran this runtime keeps a spare of it; started once this container's first
            # call has answered, so that the two do not share the guest's CPU.
            if runtime in spares.COMMANDS:
                self.spares.want_after([runtime], container.first_call_done)
            if cleanup:
                try:
                    os.unlink(cleanup)
                except OSError:
                    pass

    def remove(self, container_id):
        with self._lock:
            container = self._containers.pop(container_id, None)
            if container is not None:
                self._by_uid.pop(container.uid, None)
        if container is None:
            raise AgentError("ContainerNotFound", "no container %s" % container_id)
        container.stop()
        return {"containerId": container_id, "invocations": container.invocations}
