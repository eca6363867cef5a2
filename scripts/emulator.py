"""The local AWS emulator: moto server, one request at a time, in bounded memory.

A thin layer over moto (pinned in scripts/requirements.txt), which it
patches in four places so that the local stack holds up under use:

1. One request at a time. moto's DynamoDB applies a TransactWriteItems step
   by step, so two transactions served on two threads at once could
   interleave: something DynamoDB itself never does. Serialising the
   requests gives the tests the isolation the real service guarantees,
   while connections are still accepted concurrently.

2. Transactions cost what they touch. moto backs a TransactWriteItems up by
   deep-copying the whole table once per item of the transaction (2,000
   items: 0.3-0.4 s per transaction, growing). Here the backup is the items
   the transaction names (and the stream's length), taken before it runs and
   put back, all of them, if any part fails: all-or-nothing as before, at
   O(items in the transaction).

3. No instance tracking. moto keeps every model object it ever made (for its
   dashboard), copies included: memory grows with every request. Models are
   no longer tracked; the two things this project reads are kept bounded:
   the sent emails (the last SENT_EMAILS_KEPT, from SES's own list) and the
   table stream (the last STREAM_RECORDS_KEPT records: nothing reads the
   stream locally, the runner sweeps the outbox itself).

4. Stops at once. SIGTERM and SIGINT end the process immediately (the state
   is in memory only): werkzeug would otherwise join every request thread
   still queued on the lock before exiting.

Routes of its own:
- GET /sesame/sent-emails: the emails SES accepted, oldest first (fields of
  moto's SES `Message`: id, source, destinations, subject, body).
- GET /sesame/busy: how long moto has spent serving requests so far
  (seconds, and how many), and the process's resident memory (rss_bytes),
  so the benchmark and the soak can tell a function's own time from the time
  it waited on the emulator, and watch the emulator's memory.

Usage: python scripts/emulator.py HOST PORT
"""

import copy
import json
import os
import signal
import sys
import threading
import time

SENT_EMAILS_KEPT = 5000
STREAM_RECORDS_KEPT = 1000


def untrack_models() -> None:
    """moto's BaseModel records every instance in a class-level list."""
    from moto.core import common_models

    def new(cls, *args, **kwargs):
        return object.__new__(cls)

    common_models.BaseModel.__new__ = new  # type: ignore[method-assign]


def bound_streams() -> None:
    """Keep the last STREAM_RECORDS_KEPT records of each table's stream."""
    from moto.dynamodb.models.table import StreamShard

    add = StreamShard.add

    def bounded_add(self, old, new):
        add(self, old, new)
        excess = len(self.items) - STREAM_RECORDS_KEPT
        if excess > 0:
            del self.items[:excess]
            self.starting_sequence_number += excess

    StreamShard.add = bounded_add  # type: ignore[method-assign]


class _NoTableCopy:
    """moto.dynamodb.models' `copy`, minus the whole-table backup.

    The module deep-copies a Table in one place only: the backup that
    transact_write_items takes of each table it writes to. Every other
    deepcopy (an item's old image in update_item) goes through unchanged.
    """

    def __init__(self, table_type):
        self._table = table_type

    def __getattr__(self, name):
        return getattr(copy, name)

    def deepcopy(self, value, memo=None):
        if isinstance(value, self._table):
            return value
        return copy.deepcopy(value, memo)


def _key_of(table, op_type, op):
    """The (hash, range) DynamoTypes an operation of a transaction names."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    attrs = op["Item"] if op_type == "Put" else op["Key"]
    hash_key = DynamoType(attrs[table.hash_key_attr])
    range_key = None
    if table.range_key_attr is not None:
        range_key = DynamoType(attrs[table.range_key_attr])
    return hash_key, range_key


def _snapshot(backend, transact_items):
    """The items a transaction may change, as they are, and each stream's length."""
    items, streams = [], {}
    for entry in transact_items:
        try:
            op_type, op = next(iter(entry.items()))
            table = backend.tables[op["TableName"]]
            hash_key, range_key = _key_of(table, op_type, op)
            current = table.get_item(hash_key, range_key)
        except Exception:
            # An operation whose key cannot be read fails before it writes.
            continue
        items.append((table, hash_key, range_key, copy.deepcopy(current)))
        if table.stream_shard is not None:
            streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
    return items, streams


def _restore(items, streams) -> None:
    # Newest first, so an item named twice ends as it was before the first.
    for table, hash_key, range_key, original in reversed(items):
        if range_key is None:
            if original is None:
                table.items.pop(hash_key, None)
            else:
                table.items[hash_key] = original
        else:
            partition = table.items[hash_key]
            if original is None:
                partition.pop(range_key, None)
                if not partition:
                    table.items.pop(hash_key, None)
            else:
                partition[range_key] = original
    for shard, length in streams.values():
        del shard.items[length:]


def cheap_transactions() -> None:
    """TransactWriteItems backed up item by item instead of table by table."""
    from moto.dynamodb import models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    models.copy = _NoTableCopy(Table)  # type: ignore[assignment]
    transact = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        items, streams = _snapshot(self, transact_items)
        try:
            transact(self, transact_items)
        except BaseException:
            _restore(items, streams)
            raise

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def ses_backends():
    from moto.ses.models import ses_backends as backends

    for regions in list(backends.values()):
        yield from list(regions.values())


def bound_sent_emails() -> None:
    for backend in ses_backends():
        excess = len(backend.sent_messages) - SENT_EMAILS_KEPT
        if excess > 0:
            del backend.sent_messages[:excess]


def sent_emails() -> bytes:
    """Every email SES accepted (the last SENT_EMAILS_KEPT), oldest first."""
    out = []
    for backend in ses_backends():
        for message in backend.sent_messages:
            fields = {}
            for attr, value in vars(message).items():
                if attr.startswith("_"):
                    continue
                try:
                    json.dumps(value)
                except (TypeError, ValueError):
                    continue
                fields[attr] = value
            out.append(fields)
    return json.dumps(out).encode()


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def stop_now(*_) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def app():
    """The WSGI application: moto's, patched and served one request at a time."""
    untrack_models()
    bound_streams()
    cheap_transactions()
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    moto = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    busy = [0.0, 0]  # seconds inside moto, requests served

    def reply(start_response, body: bytes):
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    def serialised(environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/sesame/sent-emails":
            with lock:
                return reply(start_response, sent_emails())
        if path == "/sesame/busy":
            with lock:
                body = {"seconds": busy[0], "requests": busy[1], "rss_bytes": rss_bytes()}
            return reply(start_response, json.dumps(body).encode())
        with lock:
            # Consume the whole answer inside the lock.
            started = time.perf_counter()
            answer = list(moto(environ, start_response))
            bound_sent_emails()
            busy[0] += time.perf_counter() - started
            busy[1] += 1
            return answer

    return serialised


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    signal.signal(signal.SIGTERM, stop_now)
    signal.signal(signal.SIGINT, stop_now)
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    run_simple(
        host,
        port,
        app(),
        threaded=True,
        use_reloader=False,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
