"""The SAM template as CloudFormation will see it: transformed offline (the
SAM translator, as `sam deploy` does), each stack well under CloudFormation's
limits (500 resources, 1 MB) so that the hardening still to come fits.

Run by scripts/test.sh: `.venv/bin/python -m unittest discover -s tests/infra`.
"""

import json
import os
import pathlib
import unittest

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
# CloudFormation's limits are 500 resources and 1 MB per stack; the bar
# leaves room for aliases, log groups and alarms per function.
MAX_RESOURCES = 400
MAX_BYTES = 1_000_000


class NoManagedPolicies:
    """Every policy is inline: nothing to look up in IAM."""

    def load(self):
        return {}


def transformed(path):
    template = yaml_parse(path.read_text())
    # As `sam package` leaves it: every function's code uploaded to S3.
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://sesame-artifacts/function.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", "ca-central-1")
    return transform(template, {}, NoManagedPolicies())


class TemplateTest(unittest.TestCase):
    def test_each_stack_transforms_and_stays_well_under_the_limits(self):
        for path in sorted((ROOT / "infra").glob("*.yaml")):
            with self.subTest(stack=path.name):
                stack = transformed(path)
                count = len(stack["Resources"])
                size = len(json.dumps(stack))
                print(f"  {path.name}: {count} resources, {size:,} bytes once transformed")
                self.assertLessEqual(count, MAX_RESOURCES)
                self.assertLess(size, MAX_BYTES)

    def test_every_function_gets_its_own_role_and_no_managed_policy(self):
        stack = transformed(ROOT / "infra" / "template.yaml")
        functions = [k for k, v in stack["Resources"].items() if v["Type"] == "AWS::Lambda::Function"]
        roles = [k for k, v in stack["Resources"].items() if v["Type"] == "AWS::IAM::Role"]
        self.assertGreater(len(functions), 70)
        self.assertGreaterEqual(len(roles), len(functions))
        for name in roles:
            managed = stack["Resources"][name]["Properties"].get("ManagedPolicyArns", [])
            # Only what SAM adds: the basic execution role (logs) to each,
            # the stream's to the outbox sender.
            for arn in managed:
                allowed = ("AWSLambdaBasicExecutionRole", "AWSLambdaDynamoDBExecutionRole")
                self.assertTrue(any(a in json.dumps(arn) for a in allowed), f"{name}: {arn}")


if __name__ == "__main__":
    unittest.main()
