//! Every AWS call an operation made over the suite is one its function's
//! policy in the template allows (issue 22, item 6): the calls report
//! (`SESAME_CALLS_REPORT`, what the adapters actually sent for each
//! operation) against the `Policies` of the function that serves it, read
//! from the generated stacks. A call its policy lacks would be an
//! `AccessDenied` in AWS, where the emulator lets everything through.

use crate::budget::WITH_KEY;
use crate::template::Template;
use serde_yaml_ng::Value;
use sesame::adapters::calls::OperationCalls;
use sesame::operations::registry;
use std::collections::{BTreeMap, BTreeSet};

/// Cognito calls that IAM does not authorise: the caller's own access token
/// (or the app client, for a refresh or a revocation) is what Cognito
/// checks ("unauthenticated" APIs in Cognito's reference), so no policy
/// names them.
pub const TOKEN_CALLS: &[&str] = &[
    "InitiateAuth",
    "RevokeToken",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "GetUser",
];

/// What one SDK call (as the report names it: `Service.Operation`) needs
/// of a policy: any one of these actions (none for a token call); `None`
/// for a service this check does not know, which it reports.
pub fn needed(call: &str) -> Option<Vec<String>> {
    let (service, operation) = call.split_once('.')?;
    let one = |action: String| Some(vec![action]);
    match service {
        "DynamoDB" => match operation {
            // A transaction is authorised item by item (its Put, Update,
            // Delete or ConditionCheck): the report does not say which, so
            // one of them must be granted.
            "TransactWriteItems" => Some(
                ["PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"]
                    .iter()
                    .map(|a| format!("dynamodb:{a}"))
                    .collect(),
            ),
            "TransactGetItems" => one("dynamodb:GetItem".into()),
            other => one(format!("dynamodb:{other}")),
        },
        "Cognito Identity Provider" if TOKEN_CALLS.contains(&operation) => Some(Vec::new()),
        "Cognito Identity Provider" => one(format!("cognito-idp:{operation}")),
        // HeadObject is authorised as GetObject.
        "S3" if operation == "HeadObject" => one("s3:GetObject".into()),
        "S3" => one(format!("s3:{operation}")),
        "SESv2" | "SES" => one(format!("ses:{operation}")),
        "KMS" => one(format!("kms:{operation}")),
        "SNS" => one(format!("sns:{operation}")),
        _ => None,
    }
}

/// The actions a function's inline policies allow (every `Allow`
/// statement's `Action`, a string or a list).
pub fn allowed(template: &Template, function: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(resource) = template.resource(function) else {
        return out;
    };
    let Some(policies) = resource["Properties"]["Policies"].as_sequence() else {
        return out;
    };
    for policy in policies {
        let Some(statements) = policy["Statement"].as_sequence() else {
            continue;
        };
        for statement in statements {
            if statement["Effect"].as_str() != Some("Allow") {
                continue;
            }
            match &statement["Action"] {
                Value::String(action) => {
                    out.insert(action.clone());
                }
                Value::Sequence(actions) => {
                    out.extend(
                        actions
                            .iter()
                            .filter_map(|a| a.as_str().map(str::to_string)),
                    );
                }
                _ => {}
            }
        }
    }
    out
}

/// Each call of the report that the serving function's policy does not
/// allow, as `operation: call (needs …)`; an operation the registry does
/// not know is reported too.
pub fn unpermitted(calls: &BTreeMap<String, OperationCalls>, template: &Template) -> Vec<String> {
    let mut out = Vec::new();
    for (counted_as, c) in calls {
        let operation = counted_as.strip_suffix(WITH_KEY).unwrap_or(counted_as);
        let Some(spec) = registry().iter().find(|s| s.id == operation) else {
            out.push(format!("{counted_as}: no such operation in the registry"));
            continue;
        };
        let allowed = allowed(template, &spec.function_name());
        for call in c.total.calls.keys() {
            match needed(call) {
                None => out.push(format!(
                    "{counted_as}: {call} (a service this check does not know)"
                )),
                Some(any) if any.is_empty() || any.iter().any(|a| allowed.contains(a)) => {}
                Some(any) => out.push(format!(
                    "{counted_as}: {call} needs {} ({} allows {})",
                    any.join(" or "),
                    spec.function_name(),
                    allowed.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(operation: &str, names: &[&str]) -> BTreeMap<String, OperationCalls> {
        let mut c = OperationCalls::default();
        for name in names {
            c.total.calls.insert((*name).to_string(), 1);
        }
        BTreeMap::from([(operation.to_string(), c)])
    }

    #[test]
    fn each_sdk_call_needs_its_iam_action() {
        assert_eq!(
            needed("DynamoDB.GetItem"),
            Some(vec!["dynamodb:GetItem".into()])
        );
        assert_eq!(
            needed("Cognito Identity Provider.AdminCreateUser"),
            Some(vec!["cognito-idp:AdminCreateUser".into()])
        );
        assert_eq!(
            needed("Cognito Identity Provider.VerifyUserAttribute"),
            Some(vec![])
        );
        assert_eq!(needed("S3.HeadObject"), Some(vec!["s3:GetObject".into()]));
        assert_eq!(needed("SNS.Publish"), Some(vec!["sns:Publish".into()]));
        // A service this check does not know is reported, never allowed.
        assert_eq!(needed("SQS.SendMessage"), None);
    }

    #[test]
    fn a_call_the_policy_lacks_is_reported_and_an_allowed_one_is_not() {
        let template = Template::load().unwrap();
        // `me` reads the table; it may not create identities.
        let fine = report("me", &["DynamoDB.GetItem", "DynamoDB.Query"]);
        assert_eq!(unpermitted(&fine, &template), Vec::<String>::new());
        let denied = report("me", &["Cognito Identity Provider.AdminCreateUser"]);
        let found = unpermitted(&denied, &template);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("cognito-idp:AdminCreateUser"),
            "{found:?}"
        );
        let unknown = report("no_such_operation", &["DynamoDB.GetItem"]);
        assert_eq!(unpermitted(&unknown, &template).len(), 1);
    }
}
