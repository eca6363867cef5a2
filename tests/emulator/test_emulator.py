"""The local emulator (scripts/emulator.py) against the promises it makes.

- A TransactWriteItems is all-or-nothing: a failing condition in the 3rd of
  4 writes, or an invalid 4th, leaves the table exactly as before.
- Its cost does not grow with use: on a table of 2,000 items, the last 100
  of 400 three-put transactions take no longer than 1.5x the first 100, and
  under 25 ms each; the emulator's memory grows by less than 200 MB.
- Memory stays bounded: the sent emails and the stream keep their last N.
- SIGTERM stops it within 2 s, even with requests queued on its lock.
- Cognito's app clients are as configured: a flow the client does not list
  is refused (a password sent straight to InitiateAuth), the admin flow it
  lists works; tokens last the client's validity; TOTP codes are checked.

Run by scripts/test.sh: .venv/bin/python -m unittest discover tests/emulator
"""

import json
import os
import signal
import socket
import subprocess
import statistics
import sys
import threading
import time
import unittest
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = Path(__file__).resolve().parents[2]
TABLE = "emulator-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/emulator.py"), "127.0.0.1", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("the emulator did not start")

    def client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(retries={"max_attempts": 1}),
        )

    def busy(self) -> dict:
        with urllib.request.urlopen(f"{self.url}/sesame/busy", timeout=5) as reply:
            return json.load(reply)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def create_table(dynamo):
    dynamo.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": n, "AttributeType": "S"} for n in ("PK", "SK", "GSI1PK", "GSI1SK")
        ],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "GSI1",
                "KeySchema": [
                    {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                    {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )


def item(pk: str, sk: str, **extra) -> dict:
    out = {"PK": {"S": pk}, "SK": {"S": sk}, "GSI1PK": {"S": "ALL"}, "GSI1SK": {"S": pk + sk}}
    for name, value in extra.items():
        out[name] = {"N": str(value)} if isinstance(value, int) else {"S": value}
    return out


def whole_table(dynamo) -> list:
    """Every item (a test table is small enough to scan), sorted."""
    items = dynamo.scan(TableName=TABLE)["Items"]
    return sorted(items, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def by_index(dynamo) -> list:
    reply = dynamo.query(
        TableName=TABLE,
        IndexName="GSI1",
        KeyConditionExpression="GSI1PK = :p",
        ExpressionAttributeValues={":p": {"S": "ALL"}},
    )
    return reply["Items"]


class TransactionsAreAllOrNothing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()
        cls.dynamo = cls.emulator.client("dynamodb")
        create_table(cls.dynamo)

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def setUp(self):
        for existing in whole_table(self.dynamo):
            self.dynamo.delete_item(
                TableName=TABLE, Key={"PK": existing["PK"], "SK": existing["SK"]}
            )
        self.dynamo.put_item(TableName=TABLE, Item=item("ORG#1", "A", version=1, name="Avant"))
        self.dynamo.put_item(TableName=TABLE, Item=item("ORG#1", "B", version=1))
        self.dynamo.put_item(TableName=TABLE, Item=item("ORG#1", "C", version=7))
        self.before = whole_table(self.dynamo)
        self.before_index = by_index(self.dynamo)

    def four_writes(self, third: dict, fourth: dict) -> list:
        return [
            {"Put": {"TableName": TABLE, "Item": item("ORG#1", "NEW", version=1)}},
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "A"}},
                    "UpdateExpression": "SET version = :v, #n = :n",
                    "ExpressionAttributeNames": {"#n": "name"},
                    "ExpressionAttributeValues": {":v": {"N": "2"}, ":n": {"S": "Après"}},
                }
            },
            third,
            fourth,
        ]

    def assert_unchanged(self):
        self.assertEqual(whole_table(self.dynamo), self.before)
        self.assertEqual(by_index(self.dynamo), self.before_index)

    def test_a_failing_condition_in_the_third_of_four_writes_leaves_the_table_as_it_was(self):
        third = {
            "ConditionCheck": {
                "TableName": TABLE,
                "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "C"}},
                "ConditionExpression": "version = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            }
        }
        fourth = {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "B"}}}}
        with self.assertRaises(ClientError) as failed:
            self.dynamo.transact_write_items(TransactItems=self.four_writes(third, fourth))
        self.assertEqual(failed.exception.response["Error"]["Code"], "TransactionCanceledException")
        reasons = [r["Code"] for r in failed.exception.response["CancellationReasons"]]
        self.assertEqual(reasons, ["None", "None", "ConditionalCheckFailed", "None"])
        self.assert_unchanged()

    def test_an_invalid_write_after_three_applied_ones_leaves_the_table_as_it_was(self):
        third = {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "B"}}}}
        # The same item twice in one transaction is refused as a whole.
        fourth = {"Put": {"TableName": TABLE, "Item": item("ORG#1", "NEW", version=9)}}
        with self.assertRaises(ClientError) as failed:
            self.dynamo.transact_write_items(TransactItems=self.four_writes(third, fourth))
        self.assertEqual(failed.exception.response["Error"]["Code"], "ValidationException")
        self.assert_unchanged()

    def test_a_transaction_that_succeeds_applies_every_write(self):
        third = {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "B"}}}}
        fourth = {
            "ConditionCheck": {
                "TableName": TABLE,
                "Key": {"PK": {"S": "ORG#1"}, "SK": {"S": "C"}},
                "ConditionExpression": "version = :v",
                "ExpressionAttributeValues": {":v": {"N": "7"}},
            }
        }
        self.dynamo.transact_write_items(TransactItems=self.four_writes(third, fourth))
        after = {i["SK"]["S"]: i for i in whole_table(self.dynamo)}
        self.assertEqual(sorted(after), ["A", "C", "NEW"])
        self.assertEqual(after["A"]["name"]["S"], "Après")
        self.assertEqual(after["A"]["version"]["N"], "2")


class QueriesFindWhatAScanFinds(unittest.TestCase):
    """Queries are answered from the partition or the index key's items:
    after random puts, updates that move items between index keys, deletes
    and failed transactions, each answers what a scan of the table does."""

    def test_random_writes_then_every_query_matches_the_scan(self):
        import random

        emulator = Emulator()
        try:
            dynamo = emulator.client("dynamodb")
            create_table(dynamo)
            rng = random.Random(20261201)
            groups = ["G0", "G1", "G2", "G3"]
            pks = [f"P{n}" for n in range(6)]

            def key(pk, sk):
                return {"PK": {"S": pk}, "SK": {"S": sk}}

            def check():
                scanned = whole_table(dynamo)
                for pk in pks:
                    got = dynamo.query(
                        TableName=TABLE,
                        KeyConditionExpression="PK = :p",
                        ExpressionAttributeValues={":p": {"S": pk}},
                    )["Items"]
                    want = [i for i in scanned if i["PK"]["S"] == pk]
                    self.assertEqual(got, sorted(want, key=lambda i: i["SK"]["S"]))
                    for condition, values, keep in [
                        ("begins_with(SK, :a)", {":a": "S1"}, lambda k: k.startswith("S1")),
                        ("SK BETWEEN :a AND :b", {":a": "S2", ":b": "S5"}, lambda k: "S2" <= k <= "S5"),
                        ("SK = :a", {":a": "S3"}, lambda k: k == "S3"),
                        ("SK < :a", {":a": "S3"}, lambda k: k < "S3"),
                        ("SK <= :a", {":a": "S3"}, lambda k: k <= "S3"),
                        ("SK > :a", {":a": "S4"}, lambda k: k > "S4"),
                        ("SK >= :a", {":a": "S4"}, lambda k: k >= "S4"),
                    ]:
                        values = {":p": {"S": pk}, **{n: {"S": v} for n, v in values.items()}}
                        expected = [i for i in sorted(want, key=lambda i: i["SK"]["S"]) if keep(i["SK"]["S"])]
                        for forward in (True, False):
                            pages, start = [], None
                            while True:
                                extra = {"ExclusiveStartKey": start} if start else {}
                                page = dynamo.query(
                                    TableName=TABLE,
                                    KeyConditionExpression=f"PK = :p AND {condition}",
                                    ExpressionAttributeValues=values,
                                    ScanIndexForward=forward,
                                    Limit=2,
                                    **extra,
                                )
                                pages += page["Items"]
                                start = page.get("LastEvaluatedKey")
                                if not start:
                                    break
                            self.assertEqual(
                                pages, expected if forward else expected[::-1], (condition, forward)
                            )
                for group in groups:
                    got = dynamo.query(
                        TableName=TABLE,
                        IndexName="GSI1",
                        KeyConditionExpression="GSI1PK = :g",
                        ExpressionAttributeValues={":g": {"S": group}},
                    )["Items"]
                    want = [i for i in scanned if i.get("GSI1PK", {}).get("S") == group]
                    as_keys = lambda items: sorted((i["PK"]["S"], i["SK"]["S"]) for i in items)
                    self.assertEqual(as_keys(got), as_keys(want), group)
                    sort_keys = [i["GSI1SK"]["S"] for i in got]
                    self.assertEqual(sort_keys, sorted(sort_keys))

            for step in range(400):
                pk, sk = rng.choice(pks), f"S{rng.randrange(8)}"
                roll = rng.random()
                if roll < 0.35:
                    record = {"PK": {"S": pk}, "SK": {"S": sk}, "n": {"N": str(step)}}
                    if rng.random() < 0.8:
                        record["GSI1PK"] = {"S": rng.choice(groups)}
                        record["GSI1SK"] = {"S": f"{rng.randrange(100):03}"}
                    dynamo.put_item(TableName=TABLE, Item=record)
                elif roll < 0.6:
                    dynamo.update_item(
                        TableName=TABLE,
                        Key=key(pk, sk),
                        UpdateExpression="SET GSI1PK = :g, GSI1SK = :s",
                        ExpressionAttributeValues={
                            ":g": {"S": rng.choice(groups)},
                            ":s": {"S": f"{rng.randrange(100):03}"},
                        },
                    )
                elif roll < 0.75:
                    dynamo.delete_item(TableName=TABLE, Key=key(pk, sk))
                elif roll < 0.85:
                    dynamo.update_item(
                        TableName=TABLE, Key=key(pk, sk), UpdateExpression="REMOVE GSI1PK"
                    )
                else:
                    # Moves an item to another index key, then fails.
                    try:
                        dynamo.transact_write_items(
                            TransactItems=[
                                {
                                    "Update": {
                                        "TableName": TABLE,
                                        "Key": key(pk, sk),
                                        "UpdateExpression": "SET GSI1PK = :g, GSI1SK = :s",
                                        "ExpressionAttributeValues": {
                                            ":g": {"S": rng.choice(groups)},
                                            ":s": {"S": "050"},
                                        },
                                    }
                                },
                                {
                                    "ConditionCheck": {
                                        "TableName": TABLE,
                                        "Key": key("NOPE", "NOPE"),
                                        "ConditionExpression": "attribute_exists(PK)",
                                    }
                                },
                            ]
                        )
                        self.fail("the transaction should have failed")
                    except ClientError:
                        pass
                if step % 25 == 0:
                    check()
            check()
        finally:
            emulator.stop()


class ReadsAnswerAsMotosSerializerWould(unittest.TestCase):
    """The plainly written read answers equal moto's own, byte for byte
    once parsed, for items of every attribute type."""

    def test_every_read_answers_the_same_json_with_and_without_the_shortcut(self):
        answers = []
        for env in ({}, {"SESAME_EMULATOR_PLAIN": "1"}):
            emulator = Emulator(env)
            try:
                dynamo = emulator.client("dynamodb")
                create_table(dynamo)
                every_type = {
                    **item("ORG#1", "ALL", version=3, name="Élodie \"é\" ✓"),
                    "b": {"B": b"\x00\x01binary"},
                    "ok": {"BOOL": True},
                    "nothing": {"NULL": True},
                    "list": {"L": [{"S": "a"}, {"N": "-1.50"}, {"M": {"k": {"S": "v"}}}]},
                    "map": {"M": {"nested": {"L": []}, "n": {"N": "0"}}},
                    "ss": {"SS": ["x", "y"]},
                    "ns": {"NS": ["1", "2.5"]},
                }
                dynamo.put_item(TableName=TABLE, Item=every_type)
                dynamo.put_item(TableName=TABLE, Item=item("ORG#1", "B", version=1))
                key = {"PK": {"S": "ORG#1"}, "SK": {"S": "ALL"}}
                calls = [
                    ("GetItem", {"TableName": TABLE, "Key": key}),
                    ("GetItem", {"TableName": TABLE, "Key": {"PK": {"S": "x"}, "SK": {"S": "y"}}}),
                    ("Query", {"TableName": TABLE, "KeyConditionExpression": "PK = :p",
                               "ExpressionAttributeValues": {":p": {"S": "ORG#1"}}, "Limit": 1,
                               "ReturnConsumedCapacity": "TOTAL"}),
                    ("Query", {"TableName": TABLE, "KeyConditionExpression": "PK = :p",
                               "ExpressionAttributeValues": {":p": {"S": "none"}}}),
                    ("Query", {"TableName": TABLE, "IndexName": "GSI1", "KeyConditionExpression": "GSI1PK = :p",
                               "ExpressionAttributeValues": {":p": {"S": "ALL"}}, "Select": "COUNT"}),
                    ("BatchGetItem", {"RequestItems": {TABLE: {"Keys": [key, {"PK": {"S": "x"}, "SK": {"S": "y"}}]}}}),
                    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": TABLE, "Key": key}}]}),
                    ("Scan", {"TableName": TABLE}),
                ]
                replies = []
                for action, body in calls:
                    request = urllib.request.Request(
                        emulator.url,
                        data=json.dumps(body).encode(),
                        headers={
                            "X-Amz-Target": f"DynamoDB_20120810.{action}",
                            "Content-Type": "application/x-amz-json-1.0",
                            "Authorization": "AWS4-HMAC-SHA256 Credential=local/20261201/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x",
                        },
                    )
                    with urllib.request.urlopen(request) as reply:
                        replies.append((action, reply.status, reply.headers["Content-Type"], json.load(reply)))
                # Through the SDK too: the binary attribute comes back as bytes.
                got = dynamo.get_item(TableName=TABLE, Key=key)["Item"]
                self.assertEqual(got["b"]["B"], b"\x00\x01binary")
                answers.append(replies)
            finally:
                emulator.stop()
        self.assertEqual(answers[0], answers[1])


class CostAndMemoryDoNotGrowWithUse(unittest.TestCase):
    def test_transactions_on_a_2000_item_table_stay_fast_and_memory_flat(self):
        emulator = Emulator()

        def fill(dynamo, start, end):
            for at in range(start, end, 25):
                dynamo.batch_write_item(
                    RequestItems={
                        TABLE: [
                            {"PutRequest": {"Item": item(f"ORG#{n % 20}", f"USER#{n:05}", v=1)}}
                            for n in range(at, at + 25)
                        ]
                    }
                )

        def transactions(dynamo, start, count):
            timings = []
            for n in range(start, start + count):
                puts = [
                    {
                        "Put": {
                            "TableName": TABLE,
                            "Item": item(f"TX#{n}", f"PART#{p}", v=n),
                            "ConditionExpression": "attribute_not_exists(PK)",
                        }
                    }
                    for p in range(3)
                ]
                started = time.perf_counter()
                dynamo.transact_write_items(TransactItems=puts)
                timings.append(time.perf_counter() - started)
            return timings

        try:
            dynamo = emulator.client("dynamodb")
            create_table(dynamo)
            fill(dynamo, 0, 2000)
            # 20 unmeasured first (moto imports its transaction code lazily).
            transactions(dynamo, -20, 20)
            rss_before = emulator.busy()["rss_bytes"]
            early = transactions(dynamo, 0, 200)
            # Then the table five times larger: a cost that grows with the
            # table would show several times over, not within the noise.
            fill(dynamo, 2000, 10000)
            late = transactions(dynamo, 200, 200)
            rss_after = emulator.busy()["rss_bytes"]
        finally:
            emulator.stop()
        # Medians: a pause of the machine (these are noisy) moves a mean,
        # not the middle of 200 timings.
        first = statistics.median(early)
        last = statistics.median(late)
        growth = (rss_after - rss_before) / 2**20
        print(
            f"\n    400 transactions of 3 puts: median at 2,000 items {first * 1000:.1f} ms, "
            f"at 10,000 items {last * 1000:.1f} ms ({last / first:.2f}x); RSS +{growth:.1f} MB",
            file=sys.stderr,
        )
        self.assertLess(last, 2 * first)
        self.assertLess(last, 0.025)
        self.assertLess(growth, 200)


class MemoryIsBounded(unittest.TestCase):
    def test_sent_emails_and_stream_records_keep_only_their_last(self):
        sys.path.insert(0, str(ROOT / "scripts"))
        import emulator as module

        emulator = Emulator()
        try:
            ses = emulator.client("sesv2")
            ses.create_email_identity(EmailIdentity="noreply@example.test")
            # Fewer than the bound: every one is kept, oldest first.
            for n in range(3):
                ses.send_email(
                    FromEmailAddress="noreply@example.test",
                    Destination={"ToAddresses": [f"p{n}@example.test"]},
                    Content={
                        "Simple": {
                            "Subject": {"Data": f"Sujet {n}"},
                            "Body": {"Html": {"Data": "<p>x</p>"}},
                        }
                    },
                )
            with urllib.request.urlopen(f"{emulator.url}/sesame/sent-emails") as reply:
                sent = json.load(reply)
            self.assertEqual([m["subject"] for m in sent], ["Sujet 0", "Sujet 1", "Sujet 2"])
            self.assertEqual(sent[0]["destinations"]["ToAddresses"], ["p0@example.test"])
        finally:
            emulator.stop()
        self.assertGreater(module.SENT_EMAILS_KEPT, 1000)

    def test_texts_published_to_a_phone_are_listed_and_a_bad_number_refused(self):
        emulator = Emulator()
        try:
            sns = emulator.client("sns")
            sns.publish(PhoneNumber="+15145550142", Message="Sésame : remplacement offert")
            with self.assertRaises(ClientError) as bad:
                sns.publish(PhoneNumber="514 555-0142", Message="x")
            self.assertEqual(bad.exception.response["Error"]["Code"], "InvalidParameter")
            with urllib.request.urlopen(f"{emulator.url}/sesame/sent-texts") as reply:
                texts = json.load(reply)
            self.assertEqual(
                texts, [{"to": "+15145550142", "message": "Sésame : remplacement offert", "code": ""}]
            )
        finally:
            emulator.stop()

    def test_the_bounds_trim_in_process(self):
        """The bounds themselves, in-process (sending 5,000 emails would be slow)."""
        sys.path.insert(0, str(ROOT / "scripts"))
        import emulator as module

        module.SENT_EMAILS_KEPT = 2
        module.STREAM_RECORDS_KEPT = 3
        application = module.app()
        from moto.dynamodb.models import dynamodb_backends
        from moto.ses.models import ses_backends

        ses = ses_backends["123456789012"]["us-east-1"]
        for n in range(5):
            ses.sent_messages.append(f"m{n}")
        module.bound_sent_emails()
        self.assertEqual(ses.sent_messages, ["m3", "m4"])

        backend = dynamodb_backends["123456789012"]["us-east-1"]
        backend.create_table(
            "bounded",
            schema=[{"AttributeName": "PK", "KeyType": "HASH"}],
            attr=[{"AttributeName": "PK", "AttributeType": "S"}],
            throughput=None,
            billing_mode="PAY_PER_REQUEST",
            indexes=None,
            global_indexes=None,
            streams={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
            sse_specification=None,
            tags=None,
            deletion_protection_enabled=False,
            warm_throughput=None,
        )
        for n in range(10):
            backend.put_item("bounded", {"PK": {"S": f"k{n}"}})
        shard = backend.get_table("bounded").stream_shard
        self.assertEqual(len(shard.items), 3)
        self.assertIsNotNone(application)


def totp_now(secret: str) -> str:
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class CognitoClientsAsConfigured(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()
        cls.cognito = cls.emulator.client("cognito-idp")
        pool = cls.cognito.create_user_pool(PoolName="p", UsernameAttributes=["email"])
        cls.pool = pool["UserPool"]["Id"]
        cls.client = cls.cognito.create_user_pool_client(
            UserPoolId=cls.pool,
            ClientName="c",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            AccessTokenValidity=20,
            TokenValidityUnits={"AccessToken": "seconds"},
        )["UserPoolClient"]["ClientId"]
        cls.cognito.admin_create_user(
            UserPoolId=cls.pool, Username="a@b.ca", MessageAction="SUPPRESS"
        )
        cls.cognito.admin_set_user_password(
            UserPoolId=cls.pool, Username="a@b.ca", Password="Bonjour-2026x", Permanent=True
        )

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def admin_sign_in(self):
        return self.cognito.admin_initiate_auth(
            UserPoolId=self.pool,
            ClientId=self.client,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "a@b.ca", "PASSWORD": "Bonjour-2026x"},
        )

    def test_a_flow_the_client_does_not_list_is_refused(self):
        with self.assertRaises(ClientError) as refused:
            self.cognito.initiate_auth(
                ClientId=self.client,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "a@b.ca", "PASSWORD": "Bonjour-2026x"},
            )
        self.assertEqual(refused.exception.response["Error"]["Code"], "InvalidParameterException")
        self.assertIn("not enabled", refused.exception.response["Error"]["Message"])

    def test_the_listed_flows_work_and_tokens_last_the_clients_validity(self):
        result = self.admin_sign_in()["AuthenticationResult"]
        self.assertEqual(result["ExpiresIn"], 20)
        refreshed = self.cognito.initiate_auth(
            ClientId=self.client,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]},
        )["AuthenticationResult"]
        self.assertEqual(refreshed["ExpiresIn"], 20)
        # Revoked, the refresh token no longer works.
        self.cognito.revoke_token(Token=result["RefreshToken"], ClientId=self.client)
        with self.assertRaises(ClientError) as revoked:
            self.cognito.initiate_auth(
                ClientId=self.client,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]},
            )
        self.assertEqual(revoked.exception.response["Error"]["Code"], "NotAuthorizedException")

    def test_totp_codes_are_checked(self):
        token = self.admin_sign_in()["AuthenticationResult"]["AccessToken"]
        secret = self.cognito.associate_software_token(AccessToken=token)["SecretCode"]
        with self.assertRaises(ClientError) as wrong:
            self.cognito.verify_software_token(AccessToken=token, UserCode="000000" if totp_now(secret) != "000000" else "111111")
        self.assertEqual(wrong.exception.response["Error"]["Code"], "CodeMismatchException")
        if int(time.time()) % 30 > 27:
            time.sleep(3)
        self.cognito.verify_software_token(AccessToken=token, UserCode=totp_now(secret))

    def texts(self) -> list:
        with urllib.request.urlopen(f"{self.emulator.url}/sesame/sent-texts", timeout=5) as reply:
            return json.load(reply)

    def test_sms_codes_are_sent_to_the_phone_and_checked(self):
        self.cognito.admin_create_user(
            UserPoolId=self.pool, Username="s@b.ca", MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "phone_number", "Value": "+15145550142"}],
        )
        self.cognito.admin_set_user_password(
            UserPoolId=self.pool, Username="s@b.ca", Password="Bonjour-2026x", Permanent=True
        )
        sign_in = lambda: self.cognito.admin_initiate_auth(  # noqa: E731
            UserPoolId=self.pool, ClientId=self.client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "s@b.ca", "PASSWORD": "Bonjour-2026x"},
        )
        token = sign_in()["AuthenticationResult"]["AccessToken"]
        # The phone's verification: a code texted to it, only that one verifies.
        self.cognito.get_user_attribute_verification_code(AccessToken=token, AttributeName="phone_number")
        sent = self.texts()[-1]
        self.assertEqual(sent["to"], "+15145550142")
        with self.assertRaises(ClientError) as wrong:
            self.cognito.verify_user_attribute(AccessToken=token, AttributeName="phone_number", Code="bad")
        self.assertEqual(wrong.exception.response["Error"]["Code"], "CodeMismatchException")
        self.cognito.verify_user_attribute(AccessToken=token, AttributeName="phone_number", Code=sent["code"])
        attrs = {a["Name"]: a["Value"] for a in self.cognito.get_user(AccessToken=token)["UserAttributes"]}
        self.assertEqual(attrs.get("phone_number_verified"), "true")
        # SMS as the factor: each sign-in texts a code; a wrong one is refused, the right one admits.
        self.cognito.admin_set_user_mfa_preference(
            UserPoolId=self.pool, Username="s@b.ca",
            SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
        challenge = sign_in()
        self.assertEqual(challenge["ChallengeName"], "SMS_MFA")
        self.assertTrue(challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"].endswith("0142"))
        code = self.texts()[-1]["code"]
        respond = lambda c: self.cognito.admin_respond_to_auth_challenge(  # noqa: E731
            UserPoolId=self.pool, ClientId=self.client, ChallengeName="SMS_MFA",
            Session=challenge["Session"], ChallengeResponses={"USERNAME": "s@b.ca", "SMS_MFA_CODE": c},
        )
        with self.assertRaises(ClientError) as wrong:
            respond("000000" if code != "000000" else "111111")
        self.assertEqual(wrong.exception.response["Error"]["Code"], "CodeMismatchException")
        self.assertIn("AccessToken", respond(code)["AuthenticationResult"])


class StopsOnSignal(unittest.TestCase):
    def test_sigterm_stops_it_within_two_seconds_while_requests_are_queued(self):
        emulator = Emulator()
        dynamo = emulator.client("dynamodb")
        create_table(dynamo)
        stop = threading.Event()

        def load():
            client = emulator.client("dynamodb")
            n = 0
            while not stop.is_set():
                try:
                    client.put_item(TableName=TABLE, Item=item(f"L#{n}", "X"))
                except Exception:
                    return
                n += 1

        workers = [threading.Thread(target=load, daemon=True) for _ in range(8)]
        for w in workers:
            w.start()
        time.sleep(1.0)
        started = time.perf_counter()
        os.kill(emulator.process.pid, signal.SIGTERM)
        try:
            emulator.process.wait(timeout=2)
            stopped_in = time.perf_counter() - started
        finally:
            stop.set()
            emulator.stop()
        print(f"\n    SIGTERM under load: stopped in {stopped_in:.2f} s", file=sys.stderr)
        self.assertLess(stopped_in, 2.0)


if __name__ == "__main__":
    unittest.main()
