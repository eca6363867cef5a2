//! The template, the operation registry, the function crates, the sample
//! events, the OpenAPI document and the provisioned resources agree.

use crate::common::*;
use sesame::domain::accounts::password;
use sesame::operations::{Access, registry};
use sesame_tests::server::bind_routes;
use sesame_tests::template::{Template, root};
use std::collections::BTreeSet;

#[test]
fn every_template_route_has_its_operation_and_back() {
    let template = Template::load().unwrap();
    let bound = bind_routes(&template).expect("routes bind");
    assert_eq!(bound.len(), registry().len());
    for b in &bound {
        assert_eq!(b.route.method, b.spec.method, "{}", b.spec.id);
        assert_eq!(b.route.path, b.spec.path, "{}", b.spec.id);
        assert_eq!(b.route.binary, b.spec.id, "{}", b.spec.id);
        assert_eq!(
            b.route.public,
            b.spec.access == Access::Public,
            "{}: the JWT authorizer must cover exactly the non-public routes",
            b.spec.id
        );
    }
}

/// The crates, events and template functions are generated from the
/// registry (tests/tests/it/generated.rs checks them against it); what is
/// left to check here is that what is generated says what the SPEC says.
#[test]
fn every_operation_has_its_function_crate_and_sample_event() {
    let dirs: BTreeSet<String> = std::fs::read_dir(root().join("functions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let ids: BTreeSet<String> = registry()
        .iter()
        .map(|s| s.id)
        .chain(sesame::operations::WORKERS.iter().map(|w| w.id))
        .map(str::to_string)
        .collect();
    assert_eq!(dirs, ids, "functions/ and the registry differ");
    for spec in registry() {
        let module = spec.module().expect("registered");
        let main = sesame_tests::generate::files()
            .into_iter()
            .find(|f| f.path.ends_with(format!("{}/src/main.rs", spec.id)))
            .unwrap_or_else(|| panic!("no main.rs generated for {}", spec.id));
        assert!(
            main.text
                .contains(&format!("use sesame::operations::{module}::SPEC;")),
            "functions/{}/src/main.rs must serve its own operation",
            spec.id
        );
        assert!(
            main.text.lines().count() <= 15,
            "functions/{}/src/main.rs holds logic",
            spec.id
        );
        let event: serde_json::Value =
            serde_json::from_str(&sesame_tests::generate::event(spec)).unwrap();
        assert_eq!(event["routeKey"], format!("{} {}", spec.method, spec.path));
        assert_eq!(event["requestContext"]["http"]["method"], spec.method);
        assert_eq!(
            event["headers"].get("authorization").is_none(),
            spec.access == Access::Public,
            "{}: a session exactly when the route needs one",
            spec.id
        );
        for name in sesame_tests::generate::path_params(spec.path) {
            assert!(
                event["pathParameters"][name].is_string(),
                "{}: sample {name}",
                spec.id
            );
        }
    }
    // The registry's modules are the SPECs' own.
    for (spec, (_, module)) in registry().iter().zip(sesame::operations::MODULES) {
        assert_eq!(spec.id, *module, "registry line {module}");
    }
}

/// What a function is built with and what its policy grants follow from
/// the same `uses`: a function given Cognito, S3, SES or KMS rights is
/// built with that port, and one built with it is granted it; only those
/// with the bank-details key are told its id.
#[test]
fn policies_follow_the_declared_ports() {
    use sesame::compose::{CIPHER, DIRECTORY, FILES, MAILER, ports};
    let template = Template::load().unwrap();
    for spec in registry() {
        let resource = template.resource(&spec.function_name()).unwrap();
        let policies = serde_yaml_ng::to_string(&resource["Properties"]["Policies"]).unwrap();
        let ports = ports(spec);
        let cognito_rights = policies.contains("cognito-idp:");
        // Some calls are the app client's own or the caller's access
        // token's (refresh, revoke, enrolling an authenticator): no IAM.
        let needs_rights = spec
            .uses
            .directory
            .iter()
            .any(|c| !sesame_tests::generate::cognito_actions(*c).is_empty());
        assert_eq!(cognito_rights, needs_rights, "{}", spec.id);
        assert_eq!(
            ports & DIRECTORY != 0,
            !spec.uses.directory.is_empty(),
            "{}",
            spec.id
        );
        assert_eq!(policies.contains("s3:"), ports & FILES != 0, "{}", spec.id);
        assert_eq!(
            policies.contains("ses:"),
            ports & MAILER != 0,
            "{}",
            spec.id
        );
        let kms = policies.contains("kms:");
        assert_eq!(kms, ports & CIPHER != 0, "{}", spec.id);
        let seals = spec
            .uses
            .cipher
            .contains(&sesame::operations::CipherCall::Seal);
        let opens = spec
            .uses
            .cipher
            .contains(&sesame::operations::CipherCall::Open);
        assert_eq!(
            policies.contains("kms:GenerateDataKey"),
            seals,
            "{}",
            spec.id
        );
        assert_eq!(policies.contains("kms:Decrypt"), opens, "{}", spec.id);
        if kms {
            assert!(
                policies.contains("BankDetailsKeyArn") && !policies.contains('*'),
                "{}: the bank-details key only, by its ARN: {policies}",
                spec.id
            );
        }
        let environment = serde_yaml_ng::to_string(&resource["Properties"]["Environment"]).unwrap();
        assert_eq!(
            environment.contains("SESAME_BANK_DETAILS_KEY"),
            kms,
            "{}",
            spec.id
        );
        let writes =
            policies.contains("dynamodb:PutItem") || policies.contains("dynamodb:UpdateItem");
        if spec.method == "GET" && writes {
            assert_eq!(
                spec.uses.table,
                sesame::operations::Table::ReadsAndWrites,
                "{}: a GET that writes says so",
                spec.id
            );
        }
    }
}

#[test]
fn the_openapi_document_describes_exactly_the_routes() {
    let doc = serde_json::to_value(sesame::http::openapi::document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            described.insert((method.to_uppercase(), path.clone()));
            let id = op["operationId"].as_str().unwrap();
            let spec = registry().iter().find(|s| s.id == id).unwrap();
            assert_eq!(
                spec.access == Access::Public,
                op.get("security").is_none(),
                "{id}"
            );
        }
    }
    let template: BTreeSet<(String, String)> = Template::load()
        .unwrap()
        .routes()
        .unwrap()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(described, template);
    // Every referenced schema exists.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for reference in text.split("#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
}

#[test]
fn the_password_policy_is_the_templates() {
    let template = Template::load().unwrap();
    let policy = &template.properties("UserPool").unwrap()["Policies"]["PasswordPolicy"];
    assert_eq!(
        policy["MinimumLength"].as_u64(),
        Some(password::MIN_LENGTH as u64)
    );
    assert_eq!(
        policy["RequireUppercase"].as_bool(),
        Some(password::REQUIRE_UPPERCASE)
    );
    assert_eq!(
        policy["RequireLowercase"].as_bool(),
        Some(password::REQUIRE_LOWERCASE)
    );
    assert_eq!(
        policy["RequireNumbers"].as_bool(),
        Some(password::REQUIRE_NUMBERS)
    );
    assert_eq!(
        policy["RequireSymbols"].as_bool(),
        Some(password::REQUIRE_SYMBOLS)
    );
}

#[test]
fn the_template_follows_the_deployment_rules() {
    let template = Template::load().unwrap();
    let doc = &template.doc;
    // The functions are in the nested stacks, one per context and the
    // outbox's; each stack's functions share its globals.
    assert_eq!(template.stacks.len(), 6);
    for (name, stack) in &template.stacks {
        let globals = &stack["Globals"]["Function"];
        assert_eq!(
            globals["Runtime"].as_str(),
            Some("provided.al2023"),
            "{name}"
        );
        assert_eq!(globals["AutoPublishAlias"].as_str(), Some("live"), "{name}");
        assert_eq!(globals["Tracing"].as_str(), Some("Active"), "{name}");
    }
    assert_eq!(
        doc["Parameters"]["Architecture"]["Default"].as_str(),
        Some("arm64")
    );
    assert_eq!(
        doc["Parameters"]["DeploymentConfig"]["Default"].as_str(),
        Some("CodeDeployDefault.LambdaCanary10Percent5Minutes")
    );
    let client = template.properties("UserPoolClient").unwrap();
    assert_eq!(
        client["PreventUserExistenceErrors"].as_str(),
        Some("ENABLED")
    );
    // No client sends a password to Cognito itself: only the sign-in
    // function, through the admin flow, behind the attempt counter.
    let flows: Vec<&str> = client["ExplicitAuthFlows"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert_eq!(
        flows,
        ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    );
    let pool = template.properties("UserPool").unwrap();
    assert_eq!(pool["UsernameAttributes"][0].as_str(), Some("email"));
    // A second factor per person: optional for the pool, the authenticator
    // app enabled.
    assert_eq!(pool["MfaConfiguration"].as_str(), Some("OPTIONAL"));
    assert_eq!(pool["EnabledMfas"][0].as_str(), Some("SOFTWARE_TOKEN_MFA"));
    // Data protection: neither the table nor the pool can be deleted by
    // mistake; the files keep their previous versions.
    assert_eq!(pool["DeletionProtection"].as_str(), Some("ACTIVE"));
    let table = template.properties("Table").unwrap();
    assert_eq!(table["DeletionProtectionEnabled"].as_bool(), Some(true));
    let bucket = template.properties("FilesBucket").unwrap();
    assert_eq!(
        bucket["VersioningConfiguration"]["Status"].as_str(),
        Some("Enabled")
    );
    // The sender identity is created only when asked: one verified
    // beforehand (as the README says) would collide.
    assert_eq!(
        doc["Resources"]["SenderIdentity"]["Condition"].as_str(),
        Some("CreatesSenderIdentity")
    );
    assert_eq!(
        doc["Parameters"]["CreateSenderIdentity"]["Default"].as_str(),
        Some("false")
    );
    let functions = template.of_type("AWS::Serverless::Function").unwrap();
    assert_eq!(
        functions.len(),
        registry().len() + sesame::operations::WORKERS.len(),
        "one per operation, and the workers (the outbox sender, the email events' recorder)"
    );
    for id in functions {
        let resource = template.resource(&id).unwrap();
        assert_eq!(
            resource["Metadata"]["BuildMethod"].as_str(),
            Some("makefile"),
            "{id}"
        );
        let policies = serde_yaml_ng::to_string(&resource["Properties"]["Policies"]).unwrap();
        assert!(!policies.contains("dynamodb:Scan"), "{id} may scan");
        assert!(
            !policies.contains("dynamodb:*"),
            "{id} is not least-privilege"
        );
        for wildcard in ["index/*", "identity/*"] {
            assert!(!policies.contains(wildcard), "{id}: {wildcard}");
        }
        // JSON logs into its own group, which expires (Lambda's default
        // group never does).
        let logging = &resource["Properties"]["LoggingConfig"];
        assert_eq!(logging["LogFormat"].as_str(), Some("JSON"), "{id}");
        let group = serde_yaml_ng::to_string(&logging["LogGroup"]).unwrap();
        let group = group.trim().trim_start_matches("!Ref").trim();
        assert_eq!(group, format!("{id}Logs"), "{id}");
        assert_eq!(
            template.properties(group).unwrap()["RetentionInDays"],
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>("!Ref LogRetentionDays").unwrap(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn provisioned_resources_match_the_template() {
    let run = local().await;
    let template = Template::load().unwrap();
    let config = sesame::adapters::aws::sdk_config(&run.stack.settings).await;
    let table = aws_sdk_dynamodb::Client::new(&config)
        .describe_table()
        .table_name(&run.stack.settings.table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    let declared = template.properties("Table").unwrap();
    let keys: Vec<(String, String)> = table
        .key_schema()
        .iter()
        .map(|k| {
            (
                k.attribute_name().to_string(),
                k.key_type().as_str().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = declared["KeySchema"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["AttributeName"].as_str().unwrap().into(),
                k["KeyType"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(keys, want);
    let indexes: Vec<String> = table
        .global_secondary_indexes()
        .iter()
        .filter_map(|g| g.index_name().map(str::to_string))
        .collect();
    let declared_indexes: Vec<String> = declared["GlobalSecondaryIndexes"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|g| g["IndexName"].as_str().unwrap().to_string())
        .collect();
    let mut indexes = indexes;
    indexes.sort();
    assert_eq!(indexes, declared_indexes);

    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&config);
    let pool = cognito
        .describe_user_pool()
        .user_pool_id(&run.stack.settings.user_pool_id)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    let policy = pool.policies().unwrap().password_policy().unwrap();
    assert_eq!(policy.minimum_length(), Some(password::MIN_LENGTH as i32));
    assert_eq!(policy.require_symbols(), password::REQUIRE_SYMBOLS);
    assert_eq!(
        pool.username_attributes().first().map(|a| a.as_str()),
        Some("email")
    );
    let client = cognito
        .describe_user_pool_client()
        .user_pool_id(&run.stack.settings.user_pool_id)
        .client_id(&run.stack.settings.client_id)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let flows: Vec<&str> = client
        .explicit_auth_flows()
        .iter()
        .map(|f| f.as_str())
        .collect();
    // Passwords go through the sign-in function's admin flow alone.
    assert!(
        flows.contains(&"ALLOW_ADMIN_USER_PASSWORD_AUTH"),
        "{flows:?}"
    );
    assert!(!flows.contains(&"ALLOW_USER_PASSWORD_AUTH"), "{flows:?}");

    // The runner serves the document it generates.
    let served = sesame_tests::client::get(&format!("{}/openapi.json", run.base_url))
        .await
        .unwrap();
    assert_eq!(
        served.json(),
        serde_json::to_value(sesame::http::openapi::document()).unwrap()
    );
}

/// Every permission of the catalogue means something: at least one
/// operation opens to it (alone, or as one of those it accepts), so a
/// permission given is never a box ticked for nothing — generated over the
/// catalogue, so a new permission must gate something to pass.
#[test]
fn every_permission_of_the_catalogue_gates_at_least_one_operation() {
    use sesame::domain::people::permission::Permission;
    for permission in Permission::ALL {
        let gated: Vec<&str> = registry()
            .iter()
            .filter(|spec| match spec.access {
                Access::Member(p) => p == permission,
                Access::MemberAny(ps) => ps.contains(&permission),
                _ => false,
            })
            .map(|spec| spec.id)
            .collect();
        assert!(
            !gated.is_empty(),
            "{permission:?} ({}) opens no operation",
            permission.label(true)
        );
    }
}
