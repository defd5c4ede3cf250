package dev.arclight.worker.api;

/** The function code the worker API's VM tests run inside the guest. */
final class GuestFunctions {

    private GuestFunctions() {}

    /**
     * One Python module that does whatever the event's {@code op} asks, so that one warm container
     * serves most tests (each new runtime process costs seconds under TCG).
     */
    static final String PYTHON = """
            import os, signal, socket, time

            def handler(event, context):
                op = event.get("op", "echo")
                if op == "version":
                    return {"procVersion": open("/proc/version").read().strip(),
                            "requestId": context.aws_request_id, "uid": os.getuid()}
                if op == "raise":
                    print("about to fail")
                    raise ValueError("boom: " + str(event.get("why")))
                if op == "sleep":
                    print("sleeping", event["seconds"], flush=True)
                    time.sleep(event["seconds"])
                    return "woke up"
                if op == "allocate":
                    chunks = []
                    for i in range(event["mib"]):
                        chunks.append(b"x" * (1024 * 1024))  # written, so really resident
                    return len(chunks)
                if op == "fork":
                    return fork_until_refused()
                if op == "connect":
                    return connect_all(event["targets"])
                if op == "meminfo":
                    fields = dict(line.split(":", 1) for line in open("/proc/meminfo"))
                    return {k: int(fields[k].split()[0]) for k in ("MemTotal", "MemAvailable")}
                if op == "fill":
                    return read_everything_under("/usr")
                if op == "marshal":
                    return object()
                if op == "clientContext":
                    cc = context.client_context
                    if cc is None:
                        return None
                    return {"custom": cc.custom, "env": cc.env,
                            "installationId": cc.client.installation_id if cc.client else None}
                return event

            def fork_until_refused():
                children, error = [], None
                try:
                    while True:
                        pid = os.fork()
                        if pid == 0:
                            time.sleep(30)
                            os._exit(0)
                        children.append(pid)
                except OSError as e:
                    error = e.strerror
                for pid in children:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                return {"forked": len(children), "error": error}

            def connect_all(targets):
                results = {"interfaces": sorted(os.listdir("/sys/class/net"))}
                for host, port in targets:
                    key = "%s:%d" % (host, port)
                    try:
                        socket.create_connection((host, port), timeout=1).close()
                        results[key] = "connected"
                    except OSError as e:
                        results[key] = "failed: %s" % e
                return results

            def read_everything_under(top):
                total = 0
                for root, _, names in os.walk(top):
                    for name in names:
                        try:
                            with open(os.path.join(root, name), "rb") as f:
                                while True:
                                    chunk = f.read(1 << 20)
                                    if not chunk:
                                        break
                                    total += len(chunk)
                        except OSError:
                            pass
                return total
            """;

    /** Imports a module that is not there. */
    static final String PYTHON_IMPORT_ERROR = """
            import json
            import nope

            def handler(event, context):
                return event
            """;

    /** Requires a module that is not there. */
    static final String NODE_MISSING_MODULE = """
            const nope = require('nope');
            exports.handler = async (event) => event;
            """;

    /** Returns what JSON.stringify cannot encode: a BigInt, or an object that contains itself. */
    static final String NODE_UNSERIALISABLE = """
            exports.handler = async (event) => {
              if (event.bigint) return { n: 10n };
              const loop = {};
              loop.self = loop;
              return loop;
            };
            """;

    /** A custom runtime that echoes events and exits with status 1 on one with {@code "exit"}. */
    static final String EXITING_BOOTSTRAP = """
            #!/bin/sh
            API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            HEADERS=/tmp/headers
            while true; do
              EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
              REQUEST_ID=
              while IFS=': ' read -r NAME VALUE; do
                case "$NAME" in
                  [Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d) REQUEST_ID=${VALUE%?} ;;
                esac
              done < "$HEADERS"
              case "$EVENT" in
                *'"exit"'*) echo "bootstrap: exiting on purpose" >&2; exit 1 ;;
              esac
              curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d "$EVENT" > /dev/null
            done
            """;

    /** A custom runtime that fails before it asks for any event. */
    static final String BOOTSTRAP_EXITING_AT_INIT = """
            #!/bin/sh
            echo "bootstrap: cannot start" >&2
            exit 1
            """;

    static final String NODE = """
            const fs = require('fs');
            exports.handler = async (event, context) => ({
              node: process.version,
              sum: event.a + event.b,
              requestId: context.awsRequestId,
              procVersion: fs.readFileSync('/proc/version', 'utf8').trim(),
            });
            """;

    /**
     * A custom runtime as Lambda's tutorial writes it, a shell loop on the Runtime API, that echoes
     * the event with the kernel it runs on. An event with {@code "sleep"} sleeps past any short
     * timeout; one with {@code "forkbomb"} starts the classic bash fork bomb first.
     */
    static final String SHELL_BOOTSTRAP = """
            #!/bin/sh
            # Only builtins besides curl: every process start costs a lot under TCG.
            set -eu
            API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            read -r KERNEL < /proc/sys/kernel/osrelease
            HEADERS=/tmp/headers
            while true; do
              EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
              REQUEST_ID=
              while IFS=': ' read -r NAME VALUE; do
                case "$NAME" in
                  [Ll]ambda-[Rr]untime-[Aa]ws-[Rr]equest-[Ii]d) REQUEST_ID=${VALUE%?} ;;
                esac
              done < "$HEADERS"
              case "$EVENT" in
                *'"sleep"'*) sleep 30 ;;
                *'"forkbomb"'*) bash -c ':(){ :|:& };:' || true; sleep 30 ;;
              esac
              curl -sS -X POST "$API/invocation/$REQUEST_ID/response" \\
                -d "{\\"kernel\\":\\"$KERNEL\\",\\"event\\":$EVENT}" > /dev/null
            done
            """;
}
