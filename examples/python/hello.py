"""A Python function for Arclight: greets whoever the event names, and says where it ran."""

import platform


def handler(event, context):
    name = (event or {}).get("name", "world")
    print(f"greeting {name}")  # goes to the log tail (X-Amz-Log-Result with --log-type Tail)
    return {
        "greeting": f"Hello, {name}!",
        "runtime": f"python {platform.python_version()}",
        "kernel": platform.release(),
        "requestId": context.aws_request_id,
        "memoryLimitMiB": int(context.memory_limit_in_mb),
    }
