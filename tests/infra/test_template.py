"""The SAM templates as CloudFormation will see them: the parent
(infra/template.yaml) and each nested stack it declares (infra/stacks/*.yaml),
transformed offline (the SAM translator, as `sam deploy` does), each stack
well under CloudFormation's limits (500 resources, 1 MB); every function
published behind its alias, deployed gradually and watched by its alarms,
its route on the parent's API invoking the alias.

Run by scripts/test.sh: `.venv/bin/python -m unittest discover -s tests/infra`.
"""

import json
import logging
import os
import pathlib
import unittest

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

# The translator narrates its feature toggles and metrics at INFO.
logging.getLogger("samtranslator").setLevel(logging.ERROR)

ROOT = pathlib.Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
PARENT = INFRA / "template.yaml"
# CloudFormation's limits are 500 resources and 1 MB per stack; the bar
# leaves room to grow.
MAX_RESOURCES = 400
MAX_BYTES = 1_000_000
ALIAS = "live"


class NoManagedPolicies:
    """Every policy is inline: nothing to look up in IAM."""

    def load(self):
        return {}


def source(path):
    return yaml_parse(path.read_text())


def nested(parent=None):
    """The parent's nested stacks: {logical id: (path, its Parameters)}."""
    parent = parent or source(PARENT)
    out = {}
    for name, resource in parent["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Application":
            props = resource["Properties"]
            out[name] = (INFRA / props["Location"], props.get("Parameters", {}))
    return out


def transformed(path):
    template = source(path)
    # As `sam package` leaves it: every function's code and every nested
    # template uploaded to S3.
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://sesame-artifacts/function.zip"
        if resource["Type"] == "AWS::Serverless::Application":
            resource["Properties"]["Location"] = "https://sesame-artifacts.s3.amazonaws.com/nested.template"
    os.environ.setdefault("AWS_DEFAULT_REGION", "ca-central-1")
    return transform(template, {}, NoManagedPolicies())


def stacks():
    """Every template deployed: the parent, then each nested stack."""
    return [PARENT] + [path for path, _ in nested().values()]


def of_type(stack, kind):
    return {k: v for k, v in stack["Resources"].items() if v["Type"] == kind}


def refers(value, target):
    """Whether `value` (a property, intrinsics included) names `target`."""
    text = json.dumps(value)
    return f'"Ref": "{target}"' in text or f'["{target}", "Arn"]' in text


class TemplateTest(unittest.TestCase):
    def test_each_stack_transforms_and_stays_well_under_the_limits(self):
        files = stacks()
        self.assertEqual(
            sorted(files[1:]),
            sorted(INFRA.glob("stacks/*.yaml")),
            "every nested template is deployed, and only those",
        )
        for path in files:
            with self.subTest(stack=path.name):
                stack = transformed(path)
                count = len(stack["Resources"])
                size = len(json.dumps(stack))
                print(f"  {path.relative_to(INFRA)}: {count} resources, {size:,} bytes once transformed")
                self.assertLessEqual(count, MAX_RESOURCES)
                self.assertLess(size, MAX_BYTES)

    def test_the_parent_passes_each_nested_stack_exactly_its_parameters(self):
        parent = source(PARENT)
        for name, (path, passed) in nested(parent).items():
            with self.subTest(stack=name):
                declared = source(path).get("Parameters", {})
                self.assertEqual(sorted(passed), sorted(declared))
                for value in passed.values():
                    # Each names something of the parent's.
                    text = json.dumps(value)
                    self.assertTrue(
                        any(
                            f'"{target}"' in text or f'"{target}.' in text
                            for target in list(parent["Resources"]) + list(parent["Parameters"])
                        )
                        or "AWS::StackName" in text,
                        f"{name}: {text}",
                    )

    def test_every_function_gets_its_own_role_and_no_managed_policy(self):
        functions = roles = 0
        for path in stacks():
            stack = transformed(path)
            functions += len(of_type(stack, "AWS::Lambda::Function"))
            for name, role in of_type(stack, "AWS::IAM::Role").items():
                roles += 1
                # Only what SAM adds: the basic execution role (logs) to
                # each, X-Ray's (Tracing: Active), the stream's to the
                # outbox sender, CodeDeploy's to its service role.
                allowed = (
                    "AWSLambdaBasicExecutionRole",
                    "AWSXrayWriteOnlyAccess",
                    "AWSLambdaDynamoDBExecutionRole",
                    "AWSCodeDeployRoleForLambda",
                )
                for arn in role["Properties"].get("ManagedPolicyArns", []):
                    self.assertTrue(any(a in json.dumps(arn) for a in allowed), f"{name}: {arn}")
        self.assertGreater(functions, 70)
        self.assertGreaterEqual(roles, functions)

    def test_every_function_is_published_behind_its_alias_deployed_gradually_and_rolled_back_by_its_alarm(self):
        seen = 0
        for path in stacks()[1:]:
            stack = transformed(path)
            resources = stack["Resources"]
            aliases = of_type(stack, "AWS::Lambda::Alias")
            groups = of_type(stack, "AWS::CodeDeploy::DeploymentGroup")
            alarms = of_type(stack, "AWS::CloudWatch::Alarm")
            for name, function in of_type(stack, "AWS::Lambda::Function").items():
                seen += 1
                with self.subTest(function=name):
                    props = function["Properties"]
                    self.assertEqual(props["TracingConfig"], {"Mode": "Active"})
                    self.assertEqual(props["LoggingConfig"]["LogFormat"], "JSON")
                    group = props["LoggingConfig"]["LogGroup"]["Ref"]
                    self.assertEqual(resources[group]["Type"], "AWS::Logs::LogGroup")
                    self.assertIn("RetentionInDays", resources[group]["Properties"])
                    alias = f"{name}Alias{ALIAS}"
                    self.assertIn(alias, aliases)
                    self.assertTrue(refers(aliases[alias]["Properties"]["FunctionName"], name))
                    # CodeDeploy shifts the alias, as the parameter says.
                    update = aliases[alias]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
                    self.assertEqual(update["DeploymentGroupName"], {"Ref": f"{name}DeploymentGroup"})
                    group = groups[f"{name}DeploymentGroup"]["Properties"]
                    self.assertEqual(group["DeploymentConfigName"], {"Ref": "DeploymentConfig"})
                    self.assertIn("DEPLOYMENT_STOP_ON_ALARM", group["AutoRollbackConfiguration"]["Events"])
                    rollback = group["AlarmConfiguration"]["Alarms"]
                    self.assertEqual(rollback, [{"Name": {"Ref": f"{name}Errors"}}])
                    # Its alarms watch it and notify the topic.
                    for suffix, metric in [("Errors", "Errors"), ("Throttles", "Throttles"), ("Duration", "Duration")]:
                        alarm = alarms[f"{name}{suffix}"]["Properties"]
                        self.assertEqual((alarm["Namespace"], alarm["MetricName"]), ("AWS/Lambda", metric))
                        self.assertEqual(alarm["Dimensions"], [{"Name": "FunctionName", "Value": {"Ref": name}}])
                        self.assertEqual(alarm["AlarmActions"], [{"Ref": "AlarmTopic"}])
                    timeout = props.get("Timeout", 3)
                    duration = alarms[f"{name}Duration"]["Properties"]
                    self.assertLess(duration["Threshold"], timeout * 1000)
                    self.assertGreaterEqual(duration["Threshold"], timeout * 500)
            # Whatever invokes a function invokes its alias: the API, the
            # stream, the schedule.
            for name, integration in of_type(stack, "AWS::ApiGatewayV2::Integration").items():
                uri = integration["Properties"]["IntegrationUri"]
                self.assertIn(uri["Ref"], aliases, name)
            for name, permission in of_type(stack, "AWS::Lambda::Permission").items():
                target = permission["Properties"]["FunctionName"]
                self.assertIn(target.get("Ref"), aliases, f"{name}: {target}")
            for name, mapping in of_type(stack, "AWS::Lambda::EventSourceMapping").items():
                self.assertIn(mapping["Properties"]["FunctionName"]["Ref"], aliases, name)
            for name, rule in of_type(stack, "AWS::Events::Rule").items():
                for target in rule["Properties"]["Targets"]:
                    self.assertIn(target["Arn"]["Ref"], aliases, name)
        self.assertGreater(seen, 70)

    def test_every_route_invokes_its_own_integration_on_the_parents_api(self):
        routes = {}
        for path in stacks()[1:]:
            stack = transformed(path)
            integrations = of_type(stack, "AWS::ApiGatewayV2::Integration")
            for name, route in of_type(stack, "AWS::ApiGatewayV2::Route").items():
                props = route["Properties"]
                self.assertEqual(props["ApiId"], {"Ref": "HttpApi"})
                target = props["Target"]["Fn::Sub"]
                integration = target.removeprefix("integrations/${").removesuffix("}")
                self.assertIn(integration, integrations, name)
                if props["AuthorizationType"] == "JWT":
                    self.assertEqual(props["AuthorizerId"], {"Ref": "Authorizer"})
                else:
                    self.assertEqual(props["AuthorizationType"], "NONE")
                routes[props["RouteKey"]] = props["AuthorizationType"]
        self.assertGreater(len(routes), 70)
        # The stage throttles public routes that exist, after their stacks.
        parent = source(PARENT)
        stage = parent["Resources"]["HttpApiStage"]
        self.assertEqual(sorted(stage["DependsOn"]), sorted(nested(parent)))
        settings = stage["Properties"]["RouteSettings"]
        self.assertIn("POST /sessions", settings)
        for key in settings:
            self.assertEqual(routes.get(key), "NONE", f"{key} is a public route of a nested stack")
        self.assertIn("DestinationArn", stage["Properties"]["AccessLogSettings"])

    def test_the_outbox_is_watched(self):
        stack = transformed(INFRA / "stacks" / "outbox.yaml")
        alarms = of_type(stack, "AWS::CloudWatch::Alarm")
        filters = of_type(stack, "AWS::Logs::MetricFilter")
        metrics = {
            t["MetricName"]: f["Properties"]
            for f in filters.values()
            for t in f["Properties"]["MetricTransformations"]
        }
        for alarm, metric in [("OutboxFailedMessages", "OutboxFailedMessages"), ("OutboxOldestDue", "OutboxOldestDueSeconds")]:
            self.assertEqual(alarms[alarm]["Properties"]["MetricName"], metric)
            self.assertEqual(metrics[metric]["LogGroupName"], {"Ref": "SendOutboxFunctionLogs"})


    def test_ses_publishes_bounces_and_complaints_to_an_encrypted_topic(self):
        stack = transformed(PARENT)
        resources = stack["Resources"]
        destination = of_type(stack, "AWS::SES::ConfigurationSetEventDestination")
        self.assertEqual(len(destination), 1)
        (props,) = [d["Properties"] for d in destination.values()]
        self.assertEqual(props["ConfigurationSetName"], {"Ref": "EmailConfigurationSet"})
        event = props["EventDestination"]
        self.assertTrue({"bounce", "complaint"} <= set(event["MatchingEventTypes"]))
        topic = event["SnsDestination"]["TopicARN"]["Ref"]
        self.assertEqual(resources[topic]["Type"], "AWS::SNS::Topic")
        key = resources[topic]["Properties"]["KmsMasterKeyId"]["Ref"]
        self.assertEqual(resources[key]["Type"], "AWS::KMS::Key")
        self.assertIn("ses.amazonaws.com", json.dumps(resources[key]["Properties"]["KeyPolicy"]))
        policies = [p for p in of_type(stack, "AWS::SNS::TopicPolicy").values() if refers(p["Properties"]["Topics"], topic)]
        self.assertEqual(len(policies), 1)
        self.assertIn("ses.amazonaws.com", json.dumps(policies[0]))
        # A stack-created sender identity sends through the set.
        identity = resources["SenderIdentity"]["Properties"]
        self.assertEqual(identity["ConfigurationSetAttributes"]["ConfigurationSetName"], {"Ref": "EmailConfigurationSet"})


    def test_the_buckets_log_their_access_to_a_private_bucket_that_expires_them(self):
        resources = transformed(PARENT)["Resources"]
        for bucket in ("FilesBucket", "PortalBucket"):
            logging_ = resources[bucket]["Properties"]["LoggingConfiguration"]
            self.assertEqual(logging_["DestinationBucketName"], {"Ref": "AccessLogsBucket"}, bucket)
        logs = resources["AccessLogsBucket"]["Properties"]
        self.assertTrue(all(logs["PublicAccessBlockConfiguration"].values()))
        self.assertTrue(any("ExpirationInDays" in r for r in logs["LifecycleConfiguration"]["Rules"]))

    def test_the_bank_details_key_rotates_and_only_the_bank_details_functions_use_it(self):
        parent = transformed(PARENT)
        key = parent["Resources"]["BankDetailsKey"]
        self.assertEqual(key["Type"], "AWS::KMS::Key")
        self.assertTrue(key["Properties"]["EnableKeyRotation"])
        self.assertEqual(key["DeletionPolicy"], "Retain")
        self.assertIn(":root", json.dumps(key["Properties"]["KeyPolicy"]))
        users = {}
        for name, (path, passed) in nested(source(PARENT)).items():
            stack = transformed(path)
            for role_name, role in of_type(stack, "AWS::IAM::Role").items():
                for policy in role["Properties"].get("Policies", []):
                    for statement in policy["PolicyDocument"]["Statement"]:
                        actions = statement["Action"]
                        actions = actions if isinstance(actions, list) else [actions]
                        kms = [a for a in actions if a.startswith("kms:")]
                        if kms:
                            # The key by its ARN, nothing else.
                            self.assertEqual(statement["Resource"], {"Ref": "BankDetailsKeyArn"}, role_name)
                            users.setdefault(role_name, set()).update(kms)
            if "BankDetailsKeyArn" in passed:
                self.assertEqual(passed["BankDetailsKeyArn"], {"Fn::GetAtt": ["BankDetailsKey", "Arn"]})
            for fn_name, fn in of_type(stack, "AWS::Lambda::Function").items():
                variables = fn["Properties"].get("Environment", {}).get("Variables", {})
                if "SESAME_BANK_DETAILS_KEY" in variables:
                    self.assertEqual(variables["SESAME_BANK_DETAILS_KEY"], {"Ref": "BankDetailsKeyArn"})
                    users.setdefault(fn_name, set())
        self.assertEqual(
            users,
            {
                "SetBankDetailsFunctionRole": {"kms:GenerateDataKey"},
                "RevealBankDetailsFunctionRole": {"kms:Decrypt"},
                "SetBankDetailsFunction": set(),
                "RevealBankDetailsFunction": set(),
            },
        )


if __name__ == "__main__":
    unittest.main()
