//! `sesame-generate`: the files that follow from the operation registry,
//! written or checked by one command (`scripts/generate.sh [--check]`).
//!
//! Generated from each SPEC (and the workers): `functions/<id>/Cargo.toml`
//! and `functions/<id>/src/main.rs`, `events/<id>.json` (with
//! [`crate::samples::sample`]'s inputs), one nested stack per context,
//! `infra/stacks/<context>.yaml` (its functions, their log groups, alarms
//! and routes on the parent's HTTP API), the outbox sender's, and the
//! section of `infra/template.yaml` between [`BEGIN`] and [`END`] that
//! declares those stacks and the API's stage (everything outside the
//! markers is hand-written). Nothing here is edited by hand.

use crate::samples::{MANAGER_SESSION, OPERATOR_SESSION, sample, sample_param};
use sesame::operations::{
    Access, CipherCall, DirectoryCall, FileCall, MODULES, OperationSpec, Table, Trigger, WORKERS,
    WorkerSpec, registry,
};
// The outbox's log lines its metrics are read from (JSON, `fields` as
// `sesame::telemetry` writes them): each sender run's counts, and the age
// of the oldest message due when a sweep finds one.
use sesame::operations::outbox::{DUE_LOG, SWEEP_LOG};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const BEGIN: &str = "  # BEGIN generated stacks (scripts/generate.sh)\n";
pub const END: &str = "  # END generated stacks\n";
pub const TEMPLATE: &str = "infra/template.yaml";
/// The nested stacks' templates ([`stacks`]), generated whole.
pub const STACKS: &str = "infra/stacks";

/// One generated file: its path from the workspace root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub path: PathBuf,
    pub text: String,
}

fn crate_name(id: &str) -> String {
    format!("sesame-fn-{}", id.replace('_', "-"))
}

fn manifest(id: &str, description: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
description = "Lambda: {description}"
edition.workspace = true
version.workspace = true
license.workspace = true
publish.workspace = true

[[bin]]
name = "{id}"
path = "src/main.rs"
test = false

[dependencies]
sesame.workspace = true
tokio.workspace = true
"#,
        name = crate_name(id),
        description = description.replace('\\', "\\\\").replace('"', "\\\""),
    )
}

fn sentence(summary: &str) -> String {
    if summary.ends_with('.') {
        summary.to_string()
    } else {
        format!("{summary}.")
    }
}

fn operation_main(spec: &OperationSpec, module: &str) -> String {
    format!(
        r#"//! Lambda `{id}`: {summary}
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::{module}::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {{
    sesame::http::lambda::run::<{{ sesame::compose::ports(&SPEC) }}>(&SPEC).await
}}
"#,
        id = spec.id,
        summary = sentence(spec.summary),
    )
}

fn worker_main(worker: &WorkerSpec) -> String {
    format!(
        r#"//! Lambda `{id}`: {summary}
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::{constant};

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {{
    sesame::telemetry::init();
    const PORTS: sesame::compose::Ports = sesame::compose::worker_ports(&{constant});
    let context = sesame::compose::context_from_env_with::<PORTS>().await?;
    sesame::http::lambda::serve_worker(context, &{constant}).await
}}
"#,
        id = worker.id,
        summary = sentence(worker.summary),
        constant = worker.id.to_uppercase(),
    )
}

/// A JSON string literal.
fn json(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// The names of a path template's parameters, in order.
pub fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .collect()
}

/// `events/<id>.json`: an API Gateway HTTP API (payload v2) event for the
/// SPEC's route, with the sample's inputs and the session its access needs.
pub fn event(spec: &OperationSpec) -> String {
    let sample = sample(spec.id);
    let params: Vec<(&str, &str)> = path_params(spec.path)
        .into_iter()
        .map(|name| {
            let value = sample
                .params
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(|| sample_param(name), |(_, v)| *v);
            (name, value)
        })
        .collect();
    let mut raw_path = spec.path.to_string();
    for (name, value) in &params {
        raw_path = raw_path.replace(&format!("{{{name}}}"), value);
    }
    let raw_query = sample
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let route_key = format!("{} {}", spec.method, spec.path);
    let session = match spec.access {
        Access::Public => None,
        Access::Operator => Some(OPERATOR_SESSION),
        _ => Some(MANAGER_SESSION),
    };
    let mut headers = vec![("accept-language", "fr-CA,fr;q=0.9".to_string())];
    if sample.body.is_some() {
        headers.push(("content-type", "application/json".into()));
    }
    headers.push((
        "host",
        "api-id.execute-api.ca-central-1.amazonaws.com".into(),
    ));
    headers.push(("user-agent", "sam-local-sample".into()));
    if let Some(session) = session {
        headers.push(("authorization", format!("Bearer {session}")));
    }
    let object = |pairs: &[(&str, String)], indent: &str| -> String {
        let lines: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{indent}  {}: {}", json(k), json(v)))
            .collect();
        format!("{{\n{}\n{indent}}}", lines.join(",\n"))
    };
    let mut out = String::new();
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"version\": \"2.0\",");
    let _ = writeln!(out, "  \"routeKey\": {},", json(&route_key));
    let _ = writeln!(out, "  \"rawPath\": {},", json(&raw_path));
    let _ = writeln!(out, "  \"rawQueryString\": {},", json(&raw_query));
    let _ = writeln!(out, "  \"headers\": {},", object(&headers, "  "));
    let _ = writeln!(
        out,
        r#"  "requestContext": {{
    "accountId": "123456789012",
    "apiId": "api-id",
    "domainName": "api-id.execute-api.ca-central-1.amazonaws.com",
    "domainPrefix": "api-id",
    "http": {{
      "method": {method},
      "path": {path},
      "protocol": "HTTP/1.1",
      "sourceIp": "192.0.2.10",
      "userAgent": "sam-local-sample"
    }},
    "requestId": "sample-request-id",
    "routeKey": {route_key},
    "stage": "$default",
    "time": "22/Nov/2026:10:00:00 +0000",
    "timeEpoch": 1795341600000
  }},"#,
        method = json(spec.method),
        path = json(&raw_path),
        route_key = json(&route_key),
    );
    let mut tail = vec!["  \"isBase64Encoded\": false".to_string()];
    if !sample.query.is_empty() {
        let pairs: Vec<(&str, String)> = sample
            .query
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        tail.push(format!(
            "  \"queryStringParameters\": {}",
            object(&pairs, "  ")
        ));
    }
    if !params.is_empty() {
        let pairs: Vec<(&str, String)> = params.iter().map(|(k, v)| (*k, v.to_string())).collect();
        tail.push(format!("  \"pathParameters\": {}", object(&pairs, "  ")));
    }
    if let Some(body) = sample.body {
        tail.push(format!("  \"body\": {}", json(body)));
    }
    let _ = writeln!(out, "{}", tail.join(",\n"));
    out.push_str("}\n");
    out
}

/// One IAM statement of a function's policy.
fn statement(out: &mut String, sid: &str, actions: &[&str], resource: &str) {
    let _ = write!(
        out,
        "            - Sid: {sid}\n              Effect: Allow\n              Action: [{}]\n              Resource: {resource}\n",
        actions.join(", ")
    );
}

// In a nested stack the parent's resources are parameters, named after
// them ([`PARAMETERS`]): `Table` is the table's name, `TableArn` its ARN.
const TABLE: &str = "!Ref TableArn";
const TABLE_AND_INDEXES: &str =
    r#"[!Ref TableArn, !Sub "${TableArn}/index/GSI1", !Sub "${TableArn}/index/GSI2"]"#;
const READ: &[&str] = &[
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
];
const WRITE: &[&str] = &[
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
];
/// The sender's identity: the address itself, or its domain, whichever
/// SES verified (no other identity of the account).
/// Texts go to phone numbers, which have no ARN: SNS authorises
/// `Publish` to a number on `*` only.
const SEND_TEXTS: &str = r#""*""#;
const SEND_EMAIL: &str = r#"[!Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderEmail}", !Sub ["arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Domain}", {Domain: !Select [1, !Split ["@", !Ref SenderEmail]]}]]"#;

/// The bank-details KMS key (a parameter of the nested stack).
const BANK_DETAILS_KEY: &str = "!Ref BankDetailsKeyArn";

/// The variables of a function beyond the stacks' globals: the
/// bank-details key's ARN, only to the functions that use it.
fn environment(spec: &OperationSpec) -> String {
    if spec.uses.cipher.is_empty() {
        return String::new();
    }
    format!(
        "      Environment:\n        Variables:\n          SESAME_BANK_DETAILS_KEY: {BANK_DETAILS_KEY}\n"
    )
}

/// The IAM actions of one directory call.
pub fn cognito_actions(call: DirectoryCall) -> &'static [&'static str] {
    match call {
        DirectoryCall::EnsureIdentity => {
            &["cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser"]
        }
        DirectoryCall::SetPassword => &["cognito-idp:AdminSetUserPassword"],
        // The admin flow: the one password flow the app client allows.
        DirectoryCall::SignIn => &["cognito-idp:AdminInitiateAuth"],
        DirectoryCall::Enable => &["cognito-idp:AdminEnableUser"],
        DirectoryCall::Disable => &["cognito-idp:AdminDisableUser"],
        DirectoryCall::SignOutEverywhere => &["cognito-idp:AdminUserGlobalSignOut"],
        DirectoryCall::DeleteIdentity => &["cognito-idp:AdminDeleteUser"],
        DirectoryCall::ChangeEmail => &["cognito-idp:AdminUpdateUserAttributes"],
        // The app client's own calls, or the caller's access token's.
        DirectoryCall::Refresh | DirectoryCall::Revoke | DirectoryCall::EnrolTotp => &[],
        DirectoryCall::AnswerChallenge => &["cognito-idp:AdminRespondToAuthChallenge"],
        DirectoryCall::SetFactor => &["cognito-idp:AdminSetUserMFAPreference"],
        DirectoryCall::EnrolSms => &["cognito-idp:AdminUpdateUserAttributes"],
    }
}

/// The statements of an operation's policy: the table as its method (or
/// its `uses.table`) says, then Cognito, S3 and SES as its `uses` says.
fn policy(spec: &OperationSpec) -> String {
    let uses = spec.uses;
    let mut out = String::new();
    match uses.table {
        Table::Untouched => {}
        Table::ReadsAndUpdates => {
            statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES);
            statement(&mut out, "UpdateTable", &["dynamodb:UpdateItem"], TABLE);
        }
        Table::Reads => statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES),
        Table::ReadsAndWrites => {
            statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES);
            statement(&mut out, "WriteTable", WRITE, TABLE);
        }
        Table::ByMethod => {
            statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES);
            if spec.method != "GET" {
                statement(&mut out, "WriteTable", WRITE, TABLE);
            }
        }
    }
    let mut cognito: Vec<&str> = Vec::new();
    for call in uses.directory {
        for action in cognito_actions(*call) {
            if !cognito.contains(action) {
                cognito.push(action);
            }
        }
    }
    if !cognito.is_empty() {
        statement(&mut out, "ManageIdentities", &cognito, "!Ref UserPoolArn");
    }
    let objects = r#"!Sub "${FilesBucketArn}/*""#;
    if uses.files.contains(&FileCall::Upload) {
        statement(&mut out, "UploadFiles", &["s3:PutObject"], objects);
    }
    if uses.files.contains(&FileCall::Download) {
        statement(&mut out, "DownloadFiles", &["s3:GetObject"], objects);
        statement(
            &mut out,
            "MissingFilesAre404",
            &["s3:ListBucket"],
            "!Ref FilesBucketArn",
        );
    }
    if uses.mailer {
        statement(&mut out, "SendEmail", &["ses:SendEmail"], SEND_EMAIL);
    }
    if uses.texter {
        statement(&mut out, "SendTexts", &["sns:Publish"], SEND_TEXTS);
    }
    // The bank-details key, by its ARN: sealing asks for a data key,
    // opening decrypts one (no other key, no other KMS action).
    if uses.cipher.contains(&CipherCall::Seal) {
        statement(
            &mut out,
            "SealBankDetails",
            &["kms:GenerateDataKey"],
            BANK_DETAILS_KEY,
        );
    }
    if uses.cipher.contains(&CipherCall::Open) {
        statement(
            &mut out,
            "OpenBankDetails",
            &["kms:Decrypt"],
            BANK_DETAILS_KEY,
        );
    }
    if out.is_empty() {
        return out;
    }
    format!("      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n{out}")
}

/// The alias every function publishes on each change of its code or
/// configuration (`AutoPublishAlias`); the API's integrations, the stream
/// and the schedule invoke it, and CodeDeploy shifts it to a new version
/// gradually (`DeploymentConfig`), back at once if the function's
/// `<Function>Errors` alarm fires.
pub const ALIAS: &str = "live";

/// The timeout every function has unless it says (the stacks' globals).
const DEFAULT_TIMEOUT_SECONDS: u32 = 10;

/// The `<Function>Duration` alarm fires past this share of the timeout.
pub const DURATION_ALARM_PERCENT: u32 = 80;

/// A function's head: its binary, built once for every function by
/// `scripts/package.sh` into `.lambda/<id>/` (with the architecture given),
/// which `sam build` only copies (the `makefile` method: the Makefile
/// package.sh puts beside the binary); its cache keys on the binary alone.
/// Its logs go, as JSON, to its own log group; a new version takes traffic
/// as `DeploymentConfig` says, rolled back by its errors alarm
/// ([`observability`]).
fn function_head(name: &str, id: &str, description: &str, timeout: Option<u32>) -> String {
    let mut out = format!(
        "  {name}:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: makefile\n    Properties:\n      CodeUri: ../../.lambda/{id}\n      Description: {description}\n"
    );
    if let Some(seconds) = timeout {
        let _ = writeln!(out, "      Timeout: {seconds}");
    }
    let _ = write!(
        out,
        "      LoggingConfig:\n        LogFormat: JSON\n        LogGroup: !Ref {name}Logs\n      DeploymentPreference:\n        Type: !Ref DeploymentConfig\n        Alarms: [!Ref {name}Errors]\n"
    );
    out
}

/// One alarm on one of a function's Lambda metrics, to the alarm topic.
#[allow(clippy::too_many_arguments)]
fn lambda_alarm(
    out: &mut String,
    name: &str,
    suffix: &str,
    description: &str,
    metric: &str,
    statistic: &str,
    period: u32,
    threshold: u32,
    comparison: &str,
) {
    let _ = write!(
        out,
        "  {name}{suffix}:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      AlarmDescription: {description}\n      Namespace: AWS/Lambda\n      MetricName: {metric}\n      Dimensions:\n        - Name: FunctionName\n          Value: !Ref {name}\n      Statistic: {statistic}\n      Period: {period}\n      EvaluationPeriods: 1\n      Threshold: {threshold}\n      ComparisonOperator: {comparison}\n      TreatMissingData: notBreaching\n      AlarmActions: [!Ref AlarmTopic]\n      OKActions: [!Ref AlarmTopic]\n"
    );
}

/// What watches a function: its log group, kept `LogRetentionDays`
/// (Lambda's own never expire), and three alarms: `Errors` (an invocation
/// failed: a crash, a timeout, out of memory; a refusal is an answer, not
/// an error; it also rolls back a deployment in progress), `Throttles`
/// and `Duration` (an invocation past [`DURATION_ALARM_PERCENT`] of the
/// timeout).
fn observability(name: &str, id: &str, timeout: u32) -> String {
    let mut out = format!(
        "  {name}Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref LogRetentionDays\n"
    );
    lambda_alarm(
        &mut out,
        name,
        "Errors",
        &format!(
            "{id} failed an invocation (crash, timeout or out of memory); rolls back a deployment in progress"
        ),
        "Errors",
        "Sum",
        60,
        1,
        "GreaterThanOrEqualToThreshold",
    );
    lambda_alarm(
        &mut out,
        name,
        "Throttles",
        &format!("{id} was throttled (the account's or its concurrency limit)"),
        "Throttles",
        "Sum",
        300,
        1,
        "GreaterThanOrEqualToThreshold",
    );
    lambda_alarm(
        &mut out,
        name,
        "Duration",
        &format!("{id} ran past {DURATION_ALARM_PERCENT}% of its {timeout} s timeout"),
        "Duration",
        "Maximum",
        300,
        timeout * 10 * DURATION_ALARM_PERCENT,
        "GreaterThanThreshold",
    );
    out
}

/// An operation's route on the parent's HTTP API, to its function's alias:
/// an HttpApi event cannot name an API of another template (SAM: "This
/// cannot reference an AWS::Serverless::HttpApi resource defined in
/// another template"), so the integration, route and permission are
/// written out. Every route but the public ones needs the parent's JWT
/// authorizer.
fn route(spec: &OperationSpec) -> String {
    let name = spec.function_name();
    let mut out = format!(
        "  {name}Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref HttpApi\n      IntegrationType: AWS_PROXY\n      IntegrationUri: !Ref {name}.Alias\n      PayloadFormatVersion: \"2.0\"\n  {name}Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref HttpApi\n      RouteKey: {key}\n",
        key = json(&format!("{} {}", spec.method, spec.path)),
    );
    if spec.access == Access::Public {
        out.push_str("      AuthorizationType: NONE\n");
    } else {
        out.push_str("      AuthorizationType: JWT\n      AuthorizerId: !Ref Authorizer\n");
    }
    let mut arn_path = String::new();
    for segment in spec.path.split('/').skip(1) {
        arn_path.push('/');
        arn_path.push_str(if segment.starts_with('{') {
            "*"
        } else {
            segment
        });
    }
    let _ = write!(
        out,
        "      Target: !Sub \"integrations/${{{name}Integration}}\"\n  {name}Permission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref {name}.Alias\n      Principal: apigateway.amazonaws.com\n      SourceArn: !Sub \"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{HttpApi}}/*/{method}{arn_path}\"\n",
        method = spec.method,
    );
    out
}

fn operation_function(spec: &OperationSpec) -> String {
    let name = spec.function_name();
    let mut out = function_head(
        &name,
        spec.id,
        &format!("Sésame operation {}", spec.id),
        None,
    );
    out.push_str(&environment(spec));
    out.push_str(&policy(spec));
    out.push_str(&observability(&name, spec.id, DEFAULT_TIMEOUT_SECONDS));
    out.push_str(&route(spec));
    out
}

/// The outbox sender's timeout: a drain sends up to a few hundred emails.
const OUTBOX_TIMEOUT_SECONDS: u32 = 60;

/// The outbox sender: the stream of new outbox messages and a minute
/// schedule; it reads due messages (GSI1), marks them, and sends. Its
/// logs carry the outbox's own metrics ([`outbox_metrics`]).
fn outbox_function(worker: &WorkerSpec) -> String {
    assert!(worker.uses.mailer, "the outbox sender sends email");
    let name = "SendOutboxFunction";
    let mut out = function_head(
        name,
        worker.id,
        "Sésame outbox sender - delivers queued emails on each new outbox message and retries every minute",
        Some(OUTBOX_TIMEOUT_SECONDS),
    );
    out.push_str("      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n");
    // The due messages (GSI1) and what the intakes read (the account of
    // a reset, the organisation of an access request, the members told of
    // a change); each claim, outcome and intake's work is a transaction.
    statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES);
    statement(&mut out, "WriteTable", WRITE, TABLE);
    statement(&mut out, "SendEmail", &["ses:SendEmail"], SEND_EMAIL);
    assert!(worker.uses.texter, "the outbox sender sends texts");
    statement(&mut out, "SendTexts", &["sns:Publish"], SEND_TEXTS);
    out.push_str(
        r#"      Events:
        NewMessage:
          Type: DynamoDB
          Properties:
            Stream: !Ref TableStreamArn
            StartingPosition: LATEST
            BatchSize: 100
            MaximumBatchingWindowInSeconds: 1
            MaximumRetryAttempts: 10
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"Keys": {"PK": {"S": [{"prefix": "OUTBOX#"}]}}}}'
        Retries:
          Type: Schedule
          Properties:
            Schedule: rate(1 minute)
"#,
    );
    out.push_str(&observability(name, worker.id, OUTBOX_TIMEOUT_SECONDS));
    out.push_str(&outbox_metrics(name));
    out
}

/// The offer rounds' schedule: every minute it reads the rounds whose step
/// is due (GSI1), the request, the organisation and the workers (Queries
/// of its partition), and writes the wave or the alert in one transaction.
fn offer_waves_function(worker: &WorkerSpec) -> String {
    assert!(!worker.uses.mailer, "the offer waves queue their emails");
    let name = "RunOfferWavesFunction";
    let mut out = function_head(
        name,
        worker.id,
        "Sésame offer waves - sends the second wave of an offer nobody took and then alerts the dispatcher, every minute",
        Some(OUTBOX_TIMEOUT_SECONDS),
    );
    out.push_str("      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n");
    statement(&mut out, "ReadTable", READ, TABLE_AND_INDEXES);
    statement(&mut out, "WriteTable", WRITE, TABLE);
    out.push_str(
        r#"      Events:
        EveryMinute:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(1 minute)
            FlexibleTimeWindow:
              Mode: "OFF"
"#,
    );
    out.push_str(&observability(name, worker.id, OUTBOX_TIMEOUT_SECONDS));
    out
}

/// The email events' recorder: SES's events of the configuration set,
/// through its SNS topic; it reads the outbox message each names and
/// records the outcome on it (one conditional write).
fn email_events_function(worker: &WorkerSpec) -> String {
    let name = "RecordEmailEventsFunction";
    let mut out = function_head(
        name,
        worker.id,
        "Sésame email events - records the bounces, complaints and rejections SES reports on their outbox message",
        None,
    );
    out.push_str("      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n");
    statement(&mut out, "ReadOutbox", &["dynamodb:GetItem"], TABLE);
    statement(&mut out, "RecordOutcome", &["dynamodb:PutItem"], TABLE);
    // SNS invokes it asynchronously: an event still failing after
    // Lambda's two retries is kept 14 days in its dead-letter queue, and
    // alarmed.
    out.push_str(
        r#"      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt RecordEmailEventsDeadLetters.Arn
      Events:
        EmailEvent:
          Type: SNS
          Properties:
            Topic: !Ref EmailEvents
  RecordEmailEventsDeadLetters:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: true
      MessageRetentionPeriod: 1209600
  RecordEmailEventsDeadLettersAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: SES events that could not be recorded on their outbox message (kept in the dead-letter queue)
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions:
        - Name: QueueName
          Value: !GetAtt RecordEmailEventsDeadLetters.QueueName
      Statistic: Maximum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
      AlarmActions: [!Ref AlarmTopic]
      OKActions: [!Ref AlarmTopic]
"#,
    );
    out.push_str(&observability(name, worker.id, DEFAULT_TIMEOUT_SECONDS));
    out
}

/// The outbox alarms past this age of its oldest due message: the sender
/// runs every minute, so a message due for longer is stuck.
pub const OUTBOX_DUE_ALARM_SECONDS: u32 = 300;

/// The outbox's metrics, from its JSON logs (the code publishes no metric
/// of its own): the messages given up on (`OutboxFailedMessages`) and the
/// age of the oldest due message (`OutboxOldestDueSeconds`), each with its
/// alarm. Both need `LogLevel` info or debug (the lines are info).
fn outbox_metrics(name: &str) -> String {
    format!(
        r#"  OutboxFailedMessagesMetric:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref {name}Logs
      FilterPattern: '{{ $.fields.message = "{SWEEP_LOG}" }}'
      MetricTransformations:
        - MetricNamespace: !Ref MetricNamespace
          MetricName: OutboxFailedMessages
          MetricValue: $.fields.failed
          Unit: Count
  OutboxOldestDueMetric:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref {name}Logs
      FilterPattern: '{{ $.fields.message = "{DUE_LOG}" }}'
      MetricTransformations:
        - MetricNamespace: !Ref MetricNamespace
          MetricName: OutboxOldestDueSeconds
          MetricValue: $.fields.oldest_due_seconds
          Unit: Seconds
  OutboxFailedMessages:
    Type: AWS::CloudWatch::Alarm
    DependsOn: OutboxFailedMessagesMetric
    Properties:
      AlarmDescription: The outbox gave up on an email (rejected, or out of retries); its invitation or notice never arrived
      Namespace: !Ref MetricNamespace
      MetricName: OutboxFailedMessages
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      TreatMissingData: notBreaching
      AlarmActions: [!Ref AlarmTopic]
      OKActions: [!Ref AlarmTopic]
  OutboxOldestDue:
    Type: AWS::CloudWatch::Alarm
    DependsOn: OutboxOldestDueMetric
    Properties:
      AlarmDescription: An outbox message has been due for more than {OUTBOX_DUE_ALARM_SECONDS} s (the sender runs every minute; it is failing or stuck)
      Namespace: !Ref MetricNamespace
      MetricName: OutboxOldestDueSeconds
      Statistic: Maximum
      Period: 300
      EvaluationPeriods: 1
      Threshold: {OUTBOX_DUE_ALARM_SECONDS}
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
      AlarmActions: [!Ref AlarmTopic]
      OKActions: [!Ref AlarmTopic]
"#
    )
}

/// A parameter of the nested stacks: the parent's value for it, and how a
/// child declares it. A child declares (and its parent passes) only those
/// its resources mention.
#[derive(Debug)]
pub struct Parameter {
    pub name: &'static str,
    /// In the parent: what it passes.
    pub value: &'static str,
    /// In the child: the declaration's lines after the name.
    pub declaration: &'static str,
}

pub const PARAMETERS: &[Parameter] = &[
    Parameter {
        name: "Architecture",
        value: "!Ref Architecture",
        declaration: "Type: String\n    AllowedValues: [arm64, x86_64]",
    },
    Parameter {
        name: "LogLevel",
        value: "!Ref LogLevel",
        declaration: "Type: String\n    AllowedValues: [error, warn, info, debug]",
    },
    Parameter {
        name: "LogRetentionDays",
        value: "!Ref LogRetentionDays",
        declaration: "Type: Number",
    },
    Parameter {
        name: "DeploymentConfig",
        value: "!Ref DeploymentConfig",
        declaration: "Type: String\n    Description: The CodeDeploy configuration that shifts each function's alias to a new version.",
    },
    Parameter {
        name: "AlarmTopic",
        value: "!Ref AlarmTopic",
        declaration: "Type: String\n    Description: The SNS topic (ARN) every alarm notifies.",
    },
    Parameter {
        name: "MetricNamespace",
        value: "!Sub \"Sesame/${AWS::StackName}\"",
        declaration: "Type: String\n    Description: The CloudWatch namespace of the metrics read from the logs.",
    },
    Parameter {
        name: "Table",
        value: "!Ref Table",
        declaration: "Type: String\n    Description: The table's name.",
    },
    Parameter {
        name: "TableArn",
        value: "!GetAtt Table.Arn",
        declaration: "Type: String",
    },
    Parameter {
        name: "TableStreamArn",
        value: "!GetAtt Table.StreamArn",
        declaration: "Type: String",
    },
    Parameter {
        name: "UserPool",
        value: "!Ref UserPool",
        declaration: "Type: String\n    Description: The user pool's id.",
    },
    Parameter {
        name: "UserPoolArn",
        value: "!GetAtt UserPool.Arn",
        declaration: "Type: String",
    },
    Parameter {
        name: "UserPoolClient",
        value: "!Ref UserPoolClient",
        declaration: "Type: String\n    Description: The portal's app client id.",
    },
    Parameter {
        name: "SenderEmail",
        value: "!Ref SenderEmail",
        declaration: "Type: String",
    },
    Parameter {
        name: "PortalUrl",
        value: "!Ref PortalUrl",
        declaration: "Type: String",
    },
    Parameter {
        name: "FilesBucket",
        value: "!Ref FilesBucket",
        declaration: "Type: String\n    Description: The files bucket's name.",
    },
    Parameter {
        name: "FilesBucketArn",
        value: "!GetAtt FilesBucket.Arn",
        declaration: "Type: String",
    },
    Parameter {
        name: "BankDetailsKeyArn",
        value: "!GetAtt BankDetailsKey.Arn",
        declaration: "Type: String\n    Description: The bank details' KMS key (ARN).",
    },
    Parameter {
        name: "EmailConfigurationSet",
        value: "!Ref EmailConfigurationSet",
        declaration: "Type: String\n    Description: The SES configuration set every email is sent with.",
    },
    Parameter {
        name: "EmailEvents",
        value: "!Ref EmailEvents",
        declaration: "Type: String\n    Description: The SNS topic (ARN) of SES's events for the configuration set.",
    },
    Parameter {
        name: "ApiOriginSecret",
        value: "!Ref ApiOriginSecret",
        declaration: "Type: String\n    Description: The ARN of the secret CloudFront adds to every API request (X-Sesame-Origin).",
    },
    Parameter {
        name: "HttpApi",
        value: "!Ref HttpApi",
        declaration: "Type: String\n    Description: The parent's HTTP API (id) the routes attach to.",
    },
    Parameter {
        name: "Authorizer",
        value: "!Ref HttpApiAuthorizer",
        declaration: "Type: String\n    Description: The HTTP API's Cognito JWT authorizer (id).",
    },
];

/// Whether template text mentions the parameter (`!Ref Name` or
/// `${Name}`), so the child declares it.
fn mentions(text: &str, name: &str) -> bool {
    if text.contains(&format!("${{{name}}}")) {
        return true;
    }
    let needle = format!("!Ref {name}");
    text.match_indices(&needle).any(|(at, _)| {
        !text[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
    })
}

/// What every function of a stack shares. The variables are what
/// `sesame::config` reads at a cold start.
const GLOBALS: &str = r#"Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Architectures: [!Ref Architecture]
    MemorySize: 128
    Timeout: 10
    # X-Ray traces of every invocation (API Gateway's HTTP APIs have no
    # X-Ray of their own: their access logs carry the request id).
    Tracing: Active
    AutoPublishAlias: live
    Environment:
      Variables:
        SESAME_TABLE: !Ref Table
        SESAME_USER_POOL_ID: !Ref UserPool
        SESAME_CLIENT_ID: !Ref UserPoolClient
        SESAME_SENDER: !Ref SenderEmail
        SESAME_PORTAL_URL: !Ref PortalUrl
        SESAME_BUCKET: !Ref FilesBucket
        # SES publishes each email's bounces and complaints (to
        # record_email_events) for this configuration set.
        SESAME_CONFIGURATION_SET: !Ref EmailConfigurationSet
        # What CloudFront adds to each request it forwards: a request
        # without it (to the execute-api address directly) is refused.
        SESAME_ORIGIN_SECRET: !Sub "{{resolve:secretsmanager:${ApiOriginSecret}:SecretString}}"
        RUST_LOG: !Ref LogLevel
"#;

/// A nested stack of the parent: one per context of the registry, and the
/// outbox sender's.
#[derive(Debug, Clone)]
pub struct Stack {
    /// The context's module (`employee_space`), or `outbox`.
    pub name: &'static str,
    /// Its logical id in the parent (`EmployeeSpaceStack`).
    pub logical_id: String,
    /// Its file from the workspace root.
    pub path: String,
    /// Its template.
    pub text: String,
    /// The parameters it declares (and the parent passes), in
    /// [`PARAMETERS`] order.
    pub parameters: Vec<&'static Parameter>,
}

fn camel(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn stack(name: &'static str, summary: &str, resources: &str) -> Stack {
    let body = format!("{GLOBALS}\nResources:\n{resources}");
    let parameters: Vec<&Parameter> = PARAMETERS
        .iter()
        .filter(|p| mentions(&body, p.name))
        .collect();
    let mut text = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nDescription: Sésame - {summary} (a nested stack of infra/template.yaml).\n\n# Generated from the operation registry by scripts/generate.sh: never\n# edited by hand. The parent passes every parameter.\n\nParameters:\n"
    );
    for p in &parameters {
        let _ = writeln!(text, "  {}:\n    {}", p.name, p.declaration);
    }
    text.push('\n');
    text.push_str(&body);
    Stack {
        name,
        logical_id: format!("{}Stack", camel(name)),
        path: format!("{STACKS}/{name}.yaml"),
        text,
        parameters,
    }
}

/// The nested stacks: each context's operations (contexts in name order,
/// operations in registry order), then the outbox sender.
pub fn stacks() -> Vec<Stack> {
    let mut contexts: Vec<&'static str> = MODULES.iter().map(|(c, _)| *c).collect();
    contexts.sort_unstable();
    contexts.dedup();
    let mut out = Vec::new();
    for context in contexts {
        let mut resources = String::new();
        let mut count = 0;
        for (spec, (c, _)) in registry().iter().zip(MODULES) {
            if *c == context {
                resources.push_str(&operation_function(spec));
                count += 1;
            }
        }
        out.push(stack(
            context,
            &format!(
                "the {count} functions of the {} context",
                context.replace('_', " ")
            ),
            &resources,
        ));
    }
    let mut resources = String::new();
    for worker in WORKERS {
        resources.push_str(&match worker.trigger {
            Trigger::OutboxDue => outbox_function(worker),
            Trigger::EmailEvents => email_events_function(worker),
            Trigger::OfferWavesDue => offer_waves_function(worker),
        });
    }
    out.push(stack(
        "outbox",
        "the outbox sender, the email events' recorder, the offer waves' schedule and the outbox's alarms",
        &resources,
    ));
    out
}

/// The parent's requests per second (and burst) on each public route that
/// changes something (sign-in, access requests, activation, sign-up, …;
/// each may send an email or call Cognito): per route, for all callers
/// together (per caller needs a WAF on CloudFront). The public reads
/// (the permission matrix) are not throttled.
pub const PUBLIC_ROUTE_RATE: u32 = 10;
pub const PUBLIC_ROUTE_BURST: u32 = 20;

/// The parent's generated section, markers included: one nested stack
/// per [`stacks`] with the parameters it declares, then the HTTP API's
/// stage, which comes after the stacks (its route settings name their
/// routes): the public routes throttled, access logs.
pub fn template_section() -> String {
    let mut out = String::from(BEGIN);
    out.push_str("  # One nested stack per context of the registry (infra/stacks/<context>.yaml,\n  # generated like this section: never edited by hand), then the outbox's;\n  # then the API's stage, once every route exists.\n");
    let stacks = stacks();
    for stack in &stacks {
        let location = stack
            .path
            .strip_prefix("infra/")
            .expect("the stacks are under infra/");
        let _ = write!(
            out,
            "  {}:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: {location}\n      Parameters:\n",
            stack.logical_id
        );
        for p in &stack.parameters {
            let _ = writeln!(out, "        {}: {}", p.name, p.value);
        }
    }
    let depends: Vec<&str> = stacks.iter().map(|s| s.logical_id.as_str()).collect();
    let _ = write!(
        out,
        "  HttpApiStage:\n    Type: AWS::ApiGatewayV2::Stage\n    DependsOn: [{}]\n    Properties:\n      ApiId: !Ref HttpApi\n      StageName: $default\n      AutoDeploy: true\n      AccessLogSettings:\n        DestinationArn: !GetAtt HttpApiAccessLogs.Arn\n        Format: {}\n      # The public routes that change something, per route for every caller\n      # together: {PUBLIC_ROUTE_RATE} requests a second, bursts of {PUBLIC_ROUTE_BURST}.\n      RouteSettings:\n",
        depends.join(", "),
        json(ACCESS_LOG_FORMAT),
    );
    for spec in registry() {
        if spec.access == Access::Public && spec.method != "GET" {
            let _ = write!(
                out,
                "        {}:\n          ThrottlingRateLimit: {PUBLIC_ROUTE_RATE}\n          ThrottlingBurstLimit: {PUBLIC_ROUTE_BURST}\n",
                json(&format!("{} {}", spec.method, spec.path))
            );
        }
    }
    out.push_str(END);
    out
}

/// One JSON line per request, without the caller's address or user agent
/// (no personal data in logs): the request id ties it to the function's
/// logs and its X-Ray trace.
pub const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","time":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","latencyMs":"$context.responseLatency","integrationLatencyMs":"$context.integrationLatency","integrationStatus":"$context.integrationStatus","integrationError":"$context.integrationErrorMessage","authorizerError":"$context.authorizer.error","responseLength":"$context.responseLength"}"#;

/// `template` with its generated section replaced.
pub fn with_section(template: &str) -> Result<String, String> {
    let begin = template
        .find(BEGIN)
        .ok_or_else(|| format!("{TEMPLATE} has no line {:?}", BEGIN.trim()))?;
    let end = template[begin..]
        .find(END)
        .map(|i| begin + i + END.len())
        .ok_or_else(|| format!("{TEMPLATE} has no line {:?}", END.trim()))?;
    Ok(format!(
        "{}{}{}",
        &template[..begin],
        template_section(),
        &template[end..]
    ))
}

/// Every generated file but the parent template (whose section
/// [`with_section`] writes), from the registry: the nested stacks included.
pub fn files() -> Vec<Generated> {
    let mut out = Vec::new();
    let file = |path: String, text: String| Generated {
        path: PathBuf::from(path),
        text,
    };
    for spec in registry() {
        let module = spec
            .module()
            .unwrap_or_else(|| panic!("{} is not registered", spec.id));
        let dir = format!("functions/{}", spec.id);
        out.push(file(
            format!("{dir}/Cargo.toml"),
            manifest(spec.id, spec.summary),
        ));
        out.push(file(
            format!("{dir}/src/main.rs"),
            operation_main(spec, &module),
        ));
        out.push(file(format!("events/{}.json", spec.id), event(spec)));
    }
    for worker in WORKERS {
        let dir = format!("functions/{}", worker.id);
        out.push(file(
            format!("{dir}/Cargo.toml"),
            manifest(worker.id, worker.summary),
        ));
        out.push(file(format!("{dir}/src/main.rs"), worker_main(worker)));
    }
    for stack in stacks() {
        out.push(file(stack.path, stack.text));
    }
    out
}

/// The function ids: the registry's, then the workers'.
fn ids() -> BTreeSet<String> {
    registry()
        .iter()
        .map(|s| s.id)
        .chain(WORKERS.iter().map(|w| w.id))
        .map(str::to_string)
        .collect()
}

/// What differs between `root` and the registry: one line per stale,
/// missing or leftover file, naming it.
pub fn check(root: &Path) -> Vec<String> {
    let mut stale = Vec::new();
    for generated in files() {
        match std::fs::read_to_string(root.join(&generated.path)) {
            Ok(text) if text == generated.text => {}
            Ok(_) => stale.push(format!("{} is stale", generated.path.display())),
            Err(_) => stale.push(format!("{} is missing", generated.path.display())),
        }
    }
    match std::fs::read_to_string(root.join(TEMPLATE)) {
        Ok(text) => match with_section(&text) {
            Ok(want) if want == text => {}
            Ok(_) => stale.push(format!("{TEMPLATE} (its generated stacks) is stale")),
            Err(e) => stale.push(e),
        },
        Err(e) => stale.push(format!("{TEMPLATE}: {e}")),
    }
    let ids = ids();
    for name in listing(&root.join("functions")) {
        if !ids.contains(&name) {
            stale.push(format!("functions/{name} is no function of the registry"));
        }
    }
    for name in listing(&root.join("events")) {
        if let Some(id) = name.strip_suffix(".json")
            && !ids.contains(id)
        {
            stale.push(format!("events/{name} is no function of the registry"));
        }
    }
    let stacks: BTreeSet<String> = stacks().into_iter().map(|s| s.path).collect();
    for name in listing(&root.join(STACKS)) {
        if !stacks.contains(&format!("{STACKS}/{name}")) {
            stale.push(format!("{STACKS}/{name} is no stack of the registry"));
        }
    }
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    for id in &ids {
        if !lock.contains(&format!("name = \"{}\"\n", crate_name(id))) {
            stale.push(format!(
                "Cargo.lock lacks {}: run `cargo update --workspace` and commit Cargo.lock",
                crate_name(id)
            ));
        }
    }
    for line in lock.lines() {
        if let Some(name) = line
            .strip_prefix("name = \"sesame-fn-")
            .and_then(|rest| rest.strip_suffix('"'))
            && !ids.contains(&name.replace('-', "_"))
        {
            stale.push(format!(
                "Cargo.lock still lists sesame-fn-{name}: run `cargo update --workspace` and commit Cargo.lock"
            ));
        }
    }
    stale
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Writes every generated file under `root` that differs, removes the
/// function crates and events of operations no longer registered, and
/// says what it did (and what is left to do by hand: `Cargo.lock`).
pub fn write(root: &Path) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    for generated in files() {
        let path = root.join(&generated.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(&generated.text) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, &generated.text).map_err(|e| io(&path, e))?;
        done.push(format!("wrote {}", generated.path.display()));
    }
    let template = root.join(TEMPLATE);
    let text = std::fs::read_to_string(&template).map_err(|e| io(&template, e))?;
    let want = with_section(&text)?;
    if want != text {
        std::fs::write(&template, want).map_err(|e| io(&template, e))?;
        done.push(format!("wrote {TEMPLATE} (generated stacks)"));
    }
    let stacks: BTreeSet<String> = stacks().into_iter().map(|s| s.path).collect();
    for name in listing(&root.join(STACKS)) {
        if !stacks.contains(&format!("{STACKS}/{name}")) {
            let file = root.join(STACKS).join(&name);
            std::fs::remove_file(&file).map_err(|e| io(&file, e))?;
            done.push(format!("removed {STACKS}/{name}"));
        }
    }
    let ids = ids();
    for name in listing(&root.join("functions")) {
        if !ids.contains(&name) {
            let dir = root.join("functions").join(&name);
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
            done.push(format!("removed functions/{name}"));
        }
    }
    for name in listing(&root.join("events")) {
        if let Some(id) = name.strip_suffix(".json")
            && !ids.contains(id)
        {
            let file = root.join("events").join(&name);
            std::fs::remove_file(&file).map_err(|e| io(&file, e))?;
            done.push(format!("removed events/{name}"));
        }
    }
    // What is left: the lock file, which cargo (not this tool) keeps.
    done.extend(
        check(root)
            .into_iter()
            .filter(|line| line.starts_with("Cargo.lock")),
    );
    Ok(done)
}
