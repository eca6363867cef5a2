//! `sesame-generate`: the files that follow from the operation registry,
//! written or checked by one command (`scripts/generate.sh [--check]`).
//!
//! Generated from each SPEC (and the workers): `functions/<id>/Cargo.toml`
//! and `functions/<id>/src/main.rs`, `events/<id>.json` (with
//! [`crate::samples::sample`]'s inputs), and the function section of
//! `infra/template.yaml` between [`BEGIN`] and [`END`] (everything outside
//! the markers is hand-written). Nothing here is edited by hand.

use crate::samples::{MANAGER_SESSION, OPERATOR_SESSION, sample, sample_param};
use sesame::operations::{
    Access, DirectoryCall, FileCall, OperationSpec, Table, WORKERS, WorkerSpec, registry,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const BEGIN: &str = "  # BEGIN generated functions (scripts/generate.sh)\n";
pub const END: &str = "  # END generated functions\n";
pub const TEMPLATE: &str = "infra/template.yaml";

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
    let context =
        sesame::compose::context_from_env_with::<{{ sesame::compose::worker_ports(&{constant}) }}>()
            .await?;
    sesame::http::lambda::serve_outbox(context).await
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

const TABLE: &str = "!GetAtt Table.Arn";
const TABLE_AND_INDEXES: &str =
    r#"[!GetAtt Table.Arn, !Sub "${Table.Arn}/index/GSI1", !Sub "${Table.Arn}/index/GSI2"]"#;
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
const SEND_EMAIL: &str = r#"[!Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderEmail}", !Sub ["arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Domain}", {Domain: !Select [1, !Split ["@", !Ref SenderEmail]]}]]"#;

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
        DirectoryCall::AnswerTotp => &["cognito-idp:AdminRespondToAuthChallenge"],
        DirectoryCall::SetTotp => &["cognito-idp:AdminSetUserMFAPreference"],
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
        statement(
            &mut out,
            "ManageIdentities",
            &cognito,
            "!GetAtt UserPool.Arn",
        );
    }
    let objects = r#"!Sub "${FilesBucket.Arn}/*""#;
    if uses.files.contains(&FileCall::Upload) {
        statement(&mut out, "UploadFiles", &["s3:PutObject"], objects);
    }
    if uses.files.contains(&FileCall::Download) {
        statement(&mut out, "DownloadFiles", &["s3:GetObject"], objects);
        statement(
            &mut out,
            "MissingFilesAre404",
            &["s3:ListBucket"],
            "!GetAtt FilesBucket.Arn",
        );
    }
    if uses.mailer {
        statement(&mut out, "SendEmail", &["ses:SendEmail"], SEND_EMAIL);
    }
    if out.is_empty() {
        return out;
    }
    format!("      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n{out}")
}

/// A function's head: its binary, built once for every function by
/// `scripts/package.sh` into `.lambda/<id>/` (with the architecture given),
/// which `sam build` only copies (the `makefile` method: the Makefile
/// package.sh puts beside the binary); its cache keys on the binary alone.
/// Its logs go, as JSON, to its own log group ([`log_group`]).
fn function_head(name: &str, id: &str) -> String {
    format!(
        "  {name}:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: makefile\n    Properties:\n      CodeUri: ../.lambda/{id}\n      LoggingConfig:\n        LogFormat: JSON\n        LogGroup: !Ref {name}Logs\n"
    )
}

/// A function's log group: kept `LogRetentionDays` (Lambda's own never
/// expire).
fn log_group(name: &str) -> String {
    format!(
        "  {name}Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref LogRetentionDays\n"
    )
}

fn operation_function(spec: &OperationSpec) -> String {
    let mut out = function_head(&spec.function_name(), spec.id);
    let _ = writeln!(out, "      Description: Sésame operation {}", spec.id);
    out.push_str(&policy(spec));
    let _ = write!(
        out,
        "      Events:\n        Api:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref HttpApi\n            Method: {}\n            Path: {}\n",
        spec.method, spec.path
    );
    if spec.access == Access::Public {
        out.push_str("            Auth:\n              Authorizer: NONE\n");
    }
    out
}

/// The outbox sender: the stream of new outbox messages and a minute
/// schedule; it reads due messages (GSI1), marks them, and sends.
fn outbox_function(worker: &WorkerSpec) -> String {
    assert!(worker.uses.mailer, "the outbox sender sends email");
    let mut out = function_head("SendOutboxFunction", worker.id);
    out.push_str("      Description: Sésame outbox sender - delivers queued emails on each new outbox message and retries every minute\n      Timeout: 60\n      Policies:\n        - Version: \"2012-10-17\"\n          Statement:\n");
    statement(
        &mut out,
        "ReadOutbox",
        &["dynamodb:Query"],
        r#"!Sub "${Table.Arn}/index/GSI1""#,
    );
    statement(&mut out, "WriteOutbox", &["dynamodb:PutItem"], TABLE);
    statement(&mut out, "SendEmail", &["ses:SendEmail"], SEND_EMAIL);
    out.push_str(
        r#"      Events:
        NewMessage:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
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
    out
}

/// The template's function section, markers included: one function per
/// operation in registry order, then the workers.
pub fn template_section() -> String {
    let mut out = String::from(BEGIN);
    out.push_str("  # One function per operation of the registry (shared/src/operations/),\n  # then the workers: generated from their SPECs, never edited by hand.\n");
    for spec in registry() {
        out.push_str(&operation_function(spec));
        out.push_str(&log_group(&spec.function_name()));
    }
    for worker in WORKERS {
        assert_eq!(worker.id, "send_outbox", "a new kind of worker");
        out.push_str(&outbox_function(worker));
        out.push_str(&log_group("SendOutboxFunction"));
    }
    out.push_str(END);
    out
}

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

/// Every generated file but the template, from the registry.
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
            manifest(
                worker.id,
                "the outbox sender (DynamoDB stream and minute schedule)",
            ),
        ));
        out.push(file(format!("{dir}/src/main.rs"), worker_main(worker)));
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
            Ok(_) => stale.push(format!("{TEMPLATE} (its generated functions) is stale")),
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
        done.push(format!("wrote {TEMPLATE} (generated functions)"));
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
