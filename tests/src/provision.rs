//! Creates the table, user pool, app client, SES sender, files bucket and
//! bank-details KMS key in the emulator from the properties
//! `infra/template.yaml` declares for them.

use crate::emulator::REGION;
use crate::template::{Template, TemplateError};
use aws_sdk_cognitoidentityprovider::types::{
    AdminCreateUserConfigType, ExplicitAuthFlowsType, PasswordPolicyType,
    PreventUserExistenceErrorTypes, SoftwareTokenMfaConfigType, TimeUnitsType,
    TokenValidityUnitsType, UserPoolMfaType, UserPoolPolicyType, UsernameAttributeType,
    UsernameConfigurationType,
};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType,
};
use serde_yaml_ng::Value;
use sesame::config::AwsSettings;

/// The sender address used locally.
pub const LOCAL_SENDER: &str = "no-reply@sesame.local";

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("template property {0} is missing or malformed")]
    Property(String),
    #[error("emulator refused {0}: {1}")]
    Aws(&'static str, String),
}

fn s<'a>(v: &'a Value, key: &str) -> Result<&'a str, ProvisionError> {
    v.get(key)
        .and_then(|x| x.as_str())
        .ok_or_else(|| ProvisionError::Property(key.into()))
}

fn seq<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>, ProvisionError> {
    v.get(key)
        .and_then(|x| x.as_sequence())
        .ok_or_else(|| ProvisionError::Property(key.into()))
}

fn build<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, ProvisionError> {
    r.map_err(|e| ProvisionError::Property(e.to_string()))
}

fn key_schema(v: &Value) -> Result<Vec<KeySchemaElement>, ProvisionError> {
    seq(v, "KeySchema")?
        .iter()
        .map(|k| {
            build(
                KeySchemaElement::builder()
                    .attribute_name(s(k, "AttributeName")?)
                    .key_type(KeyType::from(s(k, "KeyType")?))
                    .build(),
            )
        })
        .collect()
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(|x| x.as_bool())
}

fn number(v: &Value, key: &str) -> Option<i32> {
    v.get(key).and_then(|x| x.as_i64()).map(|n| n as i32)
}

/// Creates the table as the template's `Table` declares it.
pub async fn create_table(
    client: &aws_sdk_dynamodb::Client,
    template: &Template,
    name: &str,
) -> Result<(), ProvisionError> {
    let props = template.properties("Table")?;
    let mut request = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::from(s(props, "BillingMode")?))
        .set_key_schema(Some(key_schema(props)?));
    for def in seq(props, "AttributeDefinitions")? {
        request = request.attribute_definitions(build(
            AttributeDefinition::builder()
                .attribute_name(s(def, "AttributeName")?)
                .attribute_type(ScalarAttributeType::from(s(def, "AttributeType")?))
                .build(),
        )?);
    }
    for gsi in seq(props, "GlobalSecondaryIndexes")? {
        let projection = gsi
            .get("Projection")
            .ok_or_else(|| ProvisionError::Property("Projection".into()))?;
        request = request.global_secondary_indexes(build(
            GlobalSecondaryIndex::builder()
                .index_name(s(gsi, "IndexName")?)
                .set_key_schema(Some(key_schema(gsi)?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(s(projection, "ProjectionType")?))
                        .build(),
                )
                .build(),
        )?);
    }
    request
        .send()
        .await
        .map_err(|e| ProvisionError::Aws("CreateTable", format!("{e:?}")))?;
    Ok(())
}

/// `SESAME_LOCAL_TOKEN_SECONDS`: the access and ID tokens' lifetime in
/// the local stack, in place of the template's (Cognito's own minimum is 5
/// minutes; the emulator takes any).
pub fn local_token_seconds() -> Option<i32> {
    std::env::var("SESAME_LOCAL_TOKEN_SECONDS")
        .ok()
        .and_then(|v| v.trim().parse::<i32>().ok())
        .filter(|s| *s > 0)
}

/// Creates the user pool and its app client as the template declares them;
/// returns (pool id, client id).
pub async fn create_user_pool(
    client: &aws_sdk_cognitoidentityprovider::Client,
    template: &Template,
    name: &str,
) -> Result<(String, String), ProvisionError> {
    let pool = template.properties("UserPool")?;
    let policy = pool
        .get("Policies")
        .and_then(|p| p.get("PasswordPolicy"))
        .ok_or_else(|| ProvisionError::Property("PasswordPolicy".into()))?;
    let mut request = client.create_user_pool().pool_name(name).policies(
        UserPoolPolicyType::builder()
            .password_policy(
                PasswordPolicyType::builder()
                    .set_minimum_length(number(policy, "MinimumLength"))
                    .set_require_uppercase(flag(policy, "RequireUppercase"))
                    .set_require_lowercase(flag(policy, "RequireLowercase"))
                    .set_require_numbers(flag(policy, "RequireNumbers"))
                    .set_require_symbols(flag(policy, "RequireSymbols"))
                    .set_temporary_password_validity_days(number(
                        policy,
                        "TemporaryPasswordValidityDays",
                    ))
                    .build(),
            )
            .build(),
    );
    for attr in seq(pool, "UsernameAttributes")? {
        let attr = attr
            .as_str()
            .ok_or_else(|| ProvisionError::Property("UsernameAttributes".into()))?;
        request = request.username_attributes(UsernameAttributeType::from(attr));
    }
    if let Some(config) = pool.get("UsernameConfiguration") {
        request = request.username_configuration(build(
            UsernameConfigurationType::builder()
                .set_case_sensitive(flag(config, "CaseSensitive"))
                .build(),
        )?);
    }
    if let Some(config) = pool.get("AdminCreateUserConfig") {
        request = request.admin_create_user_config(
            AdminCreateUserConfigType::builder()
                .set_allow_admin_create_user_only(flag(config, "AllowAdminCreateUserOnly"))
                .build(),
        );
    }
    if let Ok(mfa) = s(pool, "MfaConfiguration") {
        request = request.mfa_configuration(UserPoolMfaType::from(mfa));
    }
    let created = request
        .send()
        .await
        .map_err(|e| ProvisionError::Aws("CreateUserPool", format!("{e:?}")))?;
    let pool_id = created
        .user_pool
        .and_then(|p| p.id)
        .ok_or_else(|| ProvisionError::Aws("CreateUserPool", "no id".into()))?;
    // The second factors it enables (Cognito: EnabledMfas; the API sets
    // them with SetUserPoolMfaConfig).
    if let Ok(mfa) = s(pool, "MfaConfiguration") {
        let enabled: Vec<&str> = pool
            .get("EnabledMfas")
            .and_then(|v| v.as_sequence())
            .map(|v| v.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        client
            .set_user_pool_mfa_config()
            .user_pool_id(&pool_id)
            .mfa_configuration(UserPoolMfaType::from(mfa))
            .software_token_mfa_configuration(
                SoftwareTokenMfaConfigType::builder()
                    .enabled(enabled.contains(&"SOFTWARE_TOKEN_MFA"))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| ProvisionError::Aws("SetUserPoolMfaConfig", format!("{e:?}")))?;
    }

    let app = template.properties("UserPoolClient")?;
    let mut request = client
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name(s(app, "ClientName")?)
        .set_generate_secret(flag(app, "GenerateSecret"));
    for flow in seq(app, "ExplicitAuthFlows")? {
        let flow = flow
            .as_str()
            .ok_or_else(|| ProvisionError::Property("ExplicitAuthFlows".into()))?;
        request = request.explicit_auth_flows(ExplicitAuthFlowsType::from(flow));
    }
    if let Ok(prevent) = s(app, "PreventUserExistenceErrors") {
        request =
            request.prevent_user_existence_errors(PreventUserExistenceErrorTypes::from(prevent));
    }
    request = request
        .set_enable_token_revocation(flag(app, "EnableTokenRevocation"))
        .set_access_token_validity(number(app, "AccessTokenValidity"))
        .set_id_token_validity(number(app, "IdTokenValidity"))
        .set_refresh_token_validity(number(app, "RefreshTokenValidity"));
    let units = app.get("TokenValidityUnits");
    let unit = |name: &str| {
        units
            .and_then(|u| u.get(name))
            .and_then(|u| u.as_str())
            .map(TimeUnitsType::from)
    };
    let mut validity = TokenValidityUnitsType::builder()
        .set_access_token(unit("AccessToken"))
        .set_id_token(unit("IdToken"))
        .set_refresh_token(unit("RefreshToken"));
    // Locally, a shorter session (the browser test of the silent refresh):
    // access and ID tokens of that many seconds.
    if let Some(seconds) = local_token_seconds() {
        request = request
            .access_token_validity(seconds)
            .id_token_validity(seconds);
        validity = validity
            .access_token(TimeUnitsType::Seconds)
            .id_token(TimeUnitsType::Seconds);
    }
    request = request.token_validity_units(validity.build());
    let created = request
        .send()
        .await
        .map_err(|e| ProvisionError::Aws("CreateUserPoolClient", format!("{e:?}")))?;
    let client_id = created
        .user_pool_client
        .and_then(|c| c.client_id)
        .ok_or_else(|| ProvisionError::Aws("CreateUserPoolClient", "no id".into()))?;
    Ok((pool_id, client_id))
}

/// Creates the bank details' KMS key as the template's `BankDetailsKey`
/// declares it (a symmetric key, rotation as it says); returns its ARN,
/// what the functions that use it are given.
pub async fn create_bank_details_key(
    client: &aws_sdk_kms::Client,
    template: &Template,
    description: &str,
) -> Result<String, ProvisionError> {
    let props = template.properties("BankDetailsKey")?;
    let created = client
        .create_key()
        .description(description)
        .send()
        .await
        .map_err(|e| ProvisionError::Aws("CreateKey", format!("{e:?}")))?;
    let key = created
        .key_metadata
        .ok_or_else(|| ProvisionError::Aws("CreateKey", "no key".into()))?;
    if flag(props, "EnableKeyRotation") == Some(true) {
        client
            .enable_key_rotation()
            .key_id(key.key_id())
            .send()
            .await
            .map_err(|e| ProvisionError::Aws("EnableKeyRotation", format!("{e:?}")))?;
    }
    key.arn
        .ok_or_else(|| ProvisionError::Aws("CreateKey", "no ARN".into()))
}

/// Everything the local stack is made of.
#[derive(Debug, Clone)]
pub struct LocalStack {
    pub settings: AwsSettings,
}

/// Provisions a fresh, uniquely named stack in the emulator at `endpoint`.
pub async fn provision(endpoint: &str, suffix: &str) -> Result<LocalStack, ProvisionError> {
    let template = Template::load()?;
    // The template declares the sender as a parameter: locally it is this one.
    if !template
        .of_type("AWS::SES::EmailIdentity")?
        .iter()
        .any(|id| id == "SenderIdentity")
    {
        return Err(ProvisionError::Property("SenderIdentity".into()));
    }
    let mut settings = AwsSettings {
        endpoint: Some(endpoint.to_string()),
        region: REGION.into(),
        table: format!("sesame-{suffix}"),
        user_pool_id: String::new(),
        client_id: String::new(),
        sender: LOCAL_SENDER.into(),
        configuration_set: None,
        bucket: format!("sesame-{}-files", suffix.to_lowercase()),
        issuer: String::new(),
        jwks_url: String::new(),
        bank_details_key: None,
    };
    let config = sesame::adapters::aws::sdk_config(&settings).await;
    create_table(
        &aws_sdk_dynamodb::Client::new(&config),
        &template,
        &settings.table,
    )
    .await?;
    let (pool_id, client_id) = create_user_pool(
        &aws_sdk_cognitoidentityprovider::Client::new(&config),
        &template,
        &format!("sesame-{suffix}-users"),
    )
    .await?;
    aws_sdk_sesv2::Client::new(&config)
        .create_email_identity()
        .email_identity(LOCAL_SENDER)
        .send()
        .await
        .map_err(|e| ProvisionError::Aws("CreateEmailIdentity", format!("{e:?}")))?;
    // The files bucket, as the template declares it.
    if !template
        .of_type("AWS::S3::Bucket")?
        .iter()
        .any(|id| id == "FilesBucket")
    {
        return Err(ProvisionError::Property("FilesBucket".into()));
    }
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    )
    .create_bucket()
    .bucket(&settings.bucket)
    .send()
    .await
    .map_err(|e| ProvisionError::Aws("CreateBucket", format!("{e:?}")))?;
    settings.bank_details_key = Some(
        create_bank_details_key(
            &aws_sdk_kms::Client::new(&config),
            &template,
            &format!("sesame-{suffix}: bank details"),
        )
        .await?,
    );
    // moto signs tokens with the real Cognito issuer but serves the keys itself.
    settings.issuer = format!("https://cognito-idp.{REGION}.amazonaws.com/{pool_id}");
    settings.jwks_url = format!("{endpoint}/{pool_id}/.well-known/jwks.json");
    settings.user_pool_id = pool_id;
    settings.client_id = client_id;
    Ok(LocalStack { settings })
}
