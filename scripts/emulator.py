"""The local AWS emulator: moto server, one request at a time, in bounded memory.

A thin layer over moto (pinned in scripts/requirements.txt), which it
patches in seven places so that the local stack holds up under use and
behaves as AWS where Sésame relies on it:

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

4. Queries cost what they find. moto walks every item of the table for
   every Query; here a query on the table looks at its partition, and one
   on an index at the items written with that index key (_GsiCandidates).

5. Reads are written plainly: moto's generic serializer visits every
   attribute of every item it returns; a read's result is already
   DynamoDB's JSON and is written with json.dumps.

6. Stops at once. SIGTERM and SIGINT end the process immediately (the state
   is in memory only): werkzeug would otherwise join every request thread
   still queued on the lock before exiting.

7. Cognito's app clients as configured. moto accepts every auth flow on
   every client; Cognito refuses a flow the client's ExplicitAuthFlows does
   not list (InvalidParameterException "... flow not enabled for this
   client"), which is what keeps a direct InitiateAuth with a password from
   going around Sesame's attempt counter. And moto's access and ID tokens
   always last an hour; here they last what the client's AccessTokenValidity
   / IdTokenValidity and TokenValidityUnits say (Cognito's defaults: an
   hour), so the sessions' refresh can be seen locally with short tokens.
   RevokeToken, which moto lacks, revokes the refresh token it is given.
   TOTP codes are checked for real (MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP,
   set unless given): moto's fixed secret, the current 30-second step only.

8. Text messages as Cognito sends them. moto asks for an SMS code
   (SMS_MFA) but sends none and takes any code, and lacks the phone's
   verification (GetUserAttributeVerificationCode, VerifyUserAttribute).
   Here each SMS challenge and each verification gets a random six-digit
   code, "sent" to the identity's phone_number (kept, the last
   SENT_TEXTS_KEPT, for GET /sesame/sent-texts), and only that code is
   accepted (CodeMismatchException otherwise; the challenge stays open for
   another try, as Cognito's does within its lifetime).

Routes of its own:
- GET /sesame/sent-emails: the emails SES accepted, oldest first (fields of
  moto's SES `Message`: id, source, destinations, subject, body).
- GET /sesame/sent-texts: the text messages Cognito would have sent, oldest
  first ({to, message, code}), then those published to a phone number
  through SNS (the offers' texts; code empty).
- GET /sesame/busy: how long moto has spent serving requests so far
  (seconds, and how many; by_api: the same per API action), and the
  process's resident memory (rss_bytes),
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
SENT_TEXTS_KEPT = 1000
SENT_TEXTS: list = []
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
        if PARTITIONS is not None:
            PARTITIONS.forget(table, hash_key)
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


class _GsiCandidates:
    """For each table, which items may hold each value of each index key.

    moto answers every Query by walking every item of the table (a base
    table query too), so a query's cost grew with the table. Here a query
    on the base table looks at its partition only, and a query on an index
    at the items that were ever written with that index key value: entries
    are added on every put and update and never removed eagerly; a query
    drops the ones that no longer match (moto still checks every key
    condition on what it is given, so a stale entry cannot leak).
    """

    def __init__(self):
        self.by_table = {}

    def add(self, table, item) -> None:
        if item is None or not table.global_indexes and not table.indexes:
            return
        keys = self.by_table.setdefault(id(table), {})
        pk = (item.hash_key, item.range_key)
        for name in self.index_hash_attrs(table):
            value = item.attrs.get(name)
            if value is not None:
                keys.setdefault((name, value), {})[pk] = None

    @staticmethod
    def index_hash_attrs(table):
        for index in table.all_indexes():
            for key in index.schema:
                if key["KeyType"] == "HASH":
                    yield key["AttributeName"]

    def items(self, table, name, value):
        entries = self.by_table.get(id(table), {}).get((name, value), {})
        found, stale = [], []
        for pk in entries:
            item = table.get_item(*pk) if table.range_key_attr else table.get_item(pk[0])
            current = item.attrs.get(name) if item is not None else None
            if current is not None and current == value:
                found.append(item)
            else:
                stale.append(pk)
        for pk in stale:
            del entries[pk]
        return found


class _SortedPartitions:
    """Each partition's string range keys, kept sorted, so that a query's
    key condition (begins_with, between, =, <, <=, >, >=) finds its slice
    by bisection instead of moto sorting and testing the whole partition.
    The slice is what moto is then given; it still applies the condition.
    """

    def __init__(self):
        self.by_partition = {}  # (id(table), hash) -> (strings, range keys)

    def _sorted(self, table, hash_key, partition):
        cached = self.by_partition.get((id(table), hash_key))
        if cached is not None and len(cached[0]) == len(partition):
            return cached
        keys = sorted(partition)
        if any(not isinstance(k.cast_value, str) for k in keys):
            return None
        cached = ([k.cast_value for k in keys], keys)
        self.by_partition[(id(table), hash_key)] = cached
        return cached

    def added(self, table, hash_key, range_key) -> None:
        import bisect

        cached = self.by_partition.get((id(table), hash_key))
        if cached is None or range_key is None:
            return
        if not isinstance(range_key.cast_value, str):
            self.forget(table, hash_key)
            return
        strings, keys = cached
        at = bisect.bisect_left(strings, range_key.cast_value)
        if at < len(strings) and strings[at] == range_key.cast_value:
            return
        strings.insert(at, range_key.cast_value)
        keys.insert(at, range_key)

    def forget(self, table, hash_key) -> None:
        self.by_partition.pop((id(table), hash_key), None)

    def slice(self, table, hash_key, partition, comparison, values):
        """The items of the partition the key condition can match, or None."""
        import bisect

        if not comparison or not values or any(not isinstance(v.cast_value, str) for v in values):
            return None
        cached = self._sorted(table, hash_key, partition)
        if cached is None:
            return None
        strings, keys = cached
        first = values[0].cast_value
        c = comparison.upper()
        if c == "BEGINS_WITH":
            lo = hi = bisect.bisect_left(strings, first)
            while hi < len(strings) and strings[hi].startswith(first):
                hi += 1
        elif c == "BETWEEN" and len(values) == 2:
            lo = bisect.bisect_left(strings, first)
            hi = bisect.bisect_right(strings, values[1].cast_value)
        elif c in ("EQ", "="):
            lo, hi = bisect.bisect_left(strings, first), bisect.bisect_right(strings, first)
        elif c in ("LT", "<"):
            lo, hi = 0, bisect.bisect_left(strings, first)
        elif c in ("LE", "<="):
            lo, hi = 0, bisect.bisect_right(strings, first)
        elif c in ("GT", ">"):
            lo, hi = bisect.bisect_right(strings, first), len(strings)
        elif c in ("GE", ">="):
            lo, hi = bisect.bisect_left(strings, first), len(strings)
        else:
            return None
        return [partition[k] for k in keys[lo:hi] if k in partition]


def cheap_queries() -> None:
    """Query looks at the partition's slice, or at the index key's items, not the table."""
    import inspect

    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    global PARTITIONS
    candidates = _GsiCandidates()
    PARTITIONS = partitions = _SortedPartitions()
    put_item, delete_item, query = Table.put_item, Table.delete_item, Table.query
    update_item = DynamoDBBackend.update_item
    signature = inspect.signature(query)

    def indexed_put_item(self, *args, **kwargs):
        item = put_item(self, *args, **kwargs)
        candidates.add(self, item)
        partitions.added(self, item.hash_key, item.range_key)
        return item

    def indexed_delete_item(self, hash_key, range_key=None):
        item = delete_item(self, hash_key, range_key)
        partitions.forget(self, hash_key)
        return item

    def indexed_update_item(self, table_name, *args, **kwargs):
        item = update_item(self, table_name, *args, **kwargs)
        candidates.add(self.get_table(table_name), item)
        return item

    def narrowed_query(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs).arguments
        index_name = bound.get("index_name")
        if index_name:
            conditions = bound.get("hash_key_conditions") or []
            if not conditions:
                return query(self, *args, **kwargs)
            name, value = conditions[0]
            items = candidates.items(self, name, value)
        else:
            hash_key = bound.get("hash_key")
            partition = self.items.get(hash_key)
            if partition is None:
                items = []
            elif self.range_key_attr:
                items = partitions.slice(
                    self,
                    hash_key,
                    partition,
                    bound.get("range_comparison"),
                    bound.get("range_objs") or [],
                )
                if items is None:
                    items = list(partition.values())
            else:
                items = [partition]
        self.all_items = lambda: items
        try:
            return query(self, *args, **kwargs)
        finally:
            del self.all_items

    Table.put_item = indexed_put_item  # type: ignore[method-assign]
    Table.delete_item = indexed_delete_item  # type: ignore[method-assign]
    Table.query = narrowed_query  # type: ignore[method-assign]
    DynamoDBBackend.update_item = indexed_update_item  # type: ignore[method-assign]


PARTITIONS = None


FAST_READS = {"Query", "GetItem", "BatchGetItem", "TransactGetItems", "Scan"}


def plain_read_answers() -> None:
    """DynamoDB's read answers written with json.dumps.

    moto writes every answer through a generic, shape-driven serializer that
    visits each attribute of each item: most of the emulator's time once a
    query returns a few hundred items. A read's result is already the JSON
    that DynamoDB sends (attribute values as {"S": ...}), so it is written
    as it is, with the headers the serializer gives an empty answer of that
    operation; anything json.dumps cannot write goes the usual way.
    (SESAME_EMULATOR_PLAIN=1 turns this off, to compare.)
    """
    if os.environ.get("SESAME_EMULATOR_PLAIN") == "1":
        return
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoResult

    execute = DynamoResult.execute_result

    def execute_result(self, context):
        if context.operation_model.name in FAST_READS:
            try:
                body = json.dumps(self.result, separators=(",", ":"))
            except (TypeError, ValueError):
                return execute(self, context)
            status, headers, _ = ActionResult({}).execute_result(context)
            return status, headers, body
        return execute(self, context)

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


# The flows each auth flow needs the client to allow (Cognito's rules).
FLOW_NEEDS = {
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH",
}

# Seconds per TokenValidityUnits value.
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def configured_clients() -> None:
    from moto.cognitoidp.exceptions import InvalidParameterException
    from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

    def allowed(client, auth_flow) -> None:
        flows = client.extended_config.get("ExplicitAuthFlows")
        need = FLOW_NEEDS.get(auth_flow)
        # A client created without ExplicitAuthFlows allows Cognito's
        # defaults (SRP and refresh); this project always lists them.
        if flows is not None and need is not None and need not in flows:
            raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")

    initiate_auth = CognitoIdpBackend.initiate_auth
    admin_initiate_auth = CognitoIdpBackend.admin_initiate_auth

    def checked_initiate_auth(self, client_id, auth_flow, auth_parameters):
        for pool in self.user_pools.values():
            if client_id in pool.clients:
                allowed(pool.clients[client_id], auth_flow)
        return initiate_auth(self, client_id, auth_flow, auth_parameters)

    def checked_admin_initiate_auth(self, user_pool_id, client_id, auth_flow, auth_parameters):
        pool = self.user_pools.get(user_pool_id)
        if pool is not None and client_id in pool.clients:
            allowed(pool.clients[client_id], auth_flow)
        return admin_initiate_auth(self, user_pool_id, client_id, auth_flow, auth_parameters)

    CognitoIdpBackend.initiate_auth = checked_initiate_auth  # type: ignore[method-assign]
    CognitoIdpBackend.admin_initiate_auth = checked_admin_initiate_auth  # type: ignore[method-assign]

    create_jwt = CognitoIdpUserPool.create_jwt

    def lasting_jwt(self, client_id, username, token_use, expires_in=60 * 60, extra_data=None):
        client = self.clients.get(client_id)
        if client is not None and token_use in ("access", "id"):
            config = client.extended_config
            name = "AccessToken" if token_use == "access" else "IdToken"
            validity = config.get(f"{name}Validity")
            if validity:
                unit = (config.get("TokenValidityUnits") or {}).get(name, "hours")
                expires_in = int(validity) * UNIT_SECONDS.get(unit, 3600)
        return create_jwt(self, client_id, username, token_use, expires_in, extra_data)

    CognitoIdpUserPool.create_jwt = lasting_jwt  # type: ignore[method-assign]

    # RevokeToken (signing one browser out), which moto lacks: the refresh
    # token is revoked as a global sign-out revokes it; an unknown one is
    # no error (Cognito's answer too).
    from moto.cognitoidp.models import RegionAgnosticBackend
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import ActionResult

    def revoke_token(self):
        token = self._get_param("Token")
        client_id = self._get_param("ClientId")
        backend = RegionAgnosticBackend(self.current_account, self.region)
        for pool in backend._find_backend_for_clientid(client_id).user_pools.values():
            if client_id in pool.clients and pool.refresh_tokens.get(token):
                pool.refresh_tokens[token] = None
        return ActionResult({})

    CognitoIdpResponse.revoke_token = revoke_token  # type: ignore[attr-defined]


def texted_codes() -> None:
    import random as _random

    from moto.cognitoidp.exceptions import CodeMismatchException
    from moto.cognitoidp.models import CognitoIdpBackend, RegionAgnosticBackend
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import ActionResult

    pending: dict = {}  # challenge session or (pool id, username, attribute) -> code
    rng = _random.SystemRandom()

    def text(user, purpose: str) -> str:
        code = f"{rng.randrange(1_000_000):06d}"
        phone = user.attribute_lookup.get("phone_number", "")
        SENT_TEXTS.append({"to": phone, "message": f"Sésame : {purpose} {code}", "code": code})
        del SENT_TEXTS[:-SENT_TEXTS_KEPT]
        return code

    def masked(user) -> str:
        phone = user.attribute_lookup.get("phone_number", "")
        return "+" + "*" * max(len(phone) - 5, 0) + phone[-4:]

    admin_initiate_auth = CognitoIdpBackend.admin_initiate_auth

    def texting_admin_initiate_auth(self, user_pool_id, client_id, auth_flow, auth_parameters):
        out = admin_initiate_auth(self, user_pool_id, client_id, auth_flow, auth_parameters)
        if out.get("ChallengeName") == "SMS_MFA":
            user = self.admin_get_user(user_pool_id, auth_parameters.get("USERNAME"))
            pending[out["Session"]] = text(user, "votre code de connexion est")
            out["ChallengeParameters"] = {
                "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                "CODE_DELIVERY_DESTINATION": masked(user),
            }
        return out

    CognitoIdpBackend.admin_initiate_auth = texting_admin_initiate_auth  # type: ignore[method-assign]

    respond = CognitoIdpBackend.respond_to_auth_challenge

    def checked_respond(self, session, client_id, challenge_name, challenge_responses):
        if challenge_name == "SMS_MFA":
            want = pending.get(session)
            if want is None or challenge_responses.get("SMS_MFA_CODE") != want:
                raise CodeMismatchException("Invalid code or auth state for the user.")
            out = respond(self, session, client_id, challenge_name, challenge_responses)
            pending.pop(session, None)
            return out
        return respond(self, session, client_id, challenge_name, challenge_responses)

    CognitoIdpBackend.respond_to_auth_challenge = checked_respond  # type: ignore[method-assign]

    def pool_of(backend, access_token):
        for pool in backend.user_pools.values():
            if access_token in pool.access_tokens:
                return pool
        return None

    def get_user_attribute_verification_code(self):
        token = self._get_param("AccessToken")
        name = self._get_param("AttributeName")
        agnostic = RegionAgnosticBackend(self.current_account, self.region)
        user = agnostic.get_user(token)
        pool = pool_of(agnostic._find_backend_by_access_token(token), token)
        pending[(pool.id, user.username, name)] = text(user, "votre code de vérification est")
        return ActionResult(
            {
                "CodeDeliveryDetails": {
                    "Destination": masked(user),
                    "DeliveryMedium": "SMS",
                    "AttributeName": name,
                }
            }
        )

    def verify_user_attribute(self):
        token = self._get_param("AccessToken")
        name = self._get_param("AttributeName")
        code = self._get_param("Code")
        agnostic = RegionAgnosticBackend(self.current_account, self.region)
        user = agnostic.get_user(token)
        pool = pool_of(agnostic._find_backend_by_access_token(token), token)
        key = (pool.id, user.username, name)
        if pending.get(key) is None or pending[key] != code:
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        del pending[key]
        user.update_attributes([{"Name": f"{name}_verified", "Value": "true"}])
        return ActionResult({})

    CognitoIdpResponse.get_user_attribute_verification_code = get_user_attribute_verification_code  # type: ignore[attr-defined]
    CognitoIdpResponse.verify_user_attribute = verify_user_attribute  # type: ignore[attr-defined]


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


def sns_backends():
    from moto.sns.models import sns_backends as backends

    for regions in list(backends.values()):
        yield from list(regions.values())


def sent_texts() -> bytes:
    """The texts Cognito would have sent, then those SNS took for a phone
    number (the last SENT_TEXTS_KEPT of each), each oldest first."""
    out = list(SENT_TEXTS)
    for backend in sns_backends():
        while len(backend.sms_messages) > SENT_TEXTS_KEPT:
            oldest, _ = backend.sms_messages.popitem(last=False)
            backend.sms_message_objects.pop(oldest, None)
        out.extend(
            {"to": phone, "message": message, "code": ""}
            for phone, message in backend.sms_messages.values()
        )
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
    cheap_queries()
    plain_read_answers()
    configured_clients()
    texted_codes()
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    moto = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    busy = [0.0, 0]  # seconds inside moto, requests served
    by_api = {}  # X-Amz-Target (or path) -> [seconds, requests]

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
        if path == "/sesame/sent-texts":
            with lock:
                return reply(start_response, sent_texts())
        if path == "/sesame/busy":
            with lock:
                body = {
                    "seconds": busy[0],
                    "requests": busy[1],
                    "rss_bytes": rss_bytes(),
                    "by_api": {k: {"seconds": v[0], "requests": v[1]} for k, v in by_api.items()},
                }
            return reply(start_response, json.dumps(body).encode())
        with lock:
            # Consume the whole answer inside the lock.
            started = time.perf_counter()
            answer = list(moto(environ, start_response))
            bound_sent_emails()
            spent = time.perf_counter() - started
            busy[0] += spent
            busy[1] += 1
            api = environ.get("HTTP_X_AMZ_TARGET") or environ.get("PATH_INFO", "")
            entry = by_api.setdefault(api.rsplit(".", 1)[-1] if "." in api else api, [0.0, 0])
            entry[0] += spent
            entry[1] += 1
            return answer

    return serialised


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    os.environ.setdefault("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
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
