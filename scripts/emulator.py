"""The local AWS emulator: moto server, one request at a time.

moto's DynamoDB applies a TransactWriteItems step by step (and restores a
copy of the table on failure), so two transactions served on two threads at
once can interleave: something DynamoDB itself never does. Serialising the
requests gives the tests the isolation the real service guarantees, while
connections are still accepted concurrently.

It also answers GET /sesame/sent-emails: the emails SES accepted (the
`ses` `Message` models of /moto-api/data.json, which serialises every model
of every service and so grows slower with each test's tables), and
GET /sesame/busy: how long moto has spent serving requests so far (seconds,
and how many), so the benchmark can tell a function's own time from the
time it waited on the emulator.

Usage: python scripts/emulator.py HOST PORT
"""

import json
import os
import signal
import sys
import threading
import time

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple


def sent_emails() -> bytes:
    """Like /moto-api/data.json's ["ses"]["Message"], alone."""
    from moto.core.model_instances import model_data

    model = model_data.get("ses", {}).get("Message")
    out = []
    for instance in getattr(model, "instances_tracked", []) if model else []:
        fields = {}
        for attr in dir(instance):
            if attr.startswith("_"):
                continue
            try:
                value = getattr(instance, attr)
                json.dumps(value)
            except (TypeError, AttributeError, ValueError):
                continue
            fields[attr] = value
        out.append(fields)
    return json.dumps(out).encode()


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    busy = [0.0, 0]  # seconds inside moto, requests served

    def serialised(environ, start_response):
        if environ.get("PATH_INFO") == "/sesame/sent-emails":
            with lock:
                body = sent_emails()
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if environ.get("PATH_INFO") == "/sesame/busy":
            with lock:
                body = json.dumps({"seconds": busy[0], "requests": busy[1]}).encode()
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        with lock:
            # Consume the whole answer inside the lock.
            started = time.perf_counter()
            answer = list(app(environ, start_response))
            busy[0] += time.perf_counter() - started
            busy[1] += 1
            return answer

    run_simple(
        host,
        port,
        serialised,
        threaded=True,
        use_reloader=False,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
