//! Sessions: the sign-in that cannot be bypassed (the admin flow, behind
//! the attempt counter), the refresh cookie, signing out everywhere.

use crate::common::*;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use sesame_tests::template::Template;

/// A Cognito client on the run's emulator.
async fn cognito(run: &sesame_tests::stack::LocalRun) -> aws_sdk_cognitoidentityprovider::Client {
    let config = sesame::adapters::aws::sdk_config(&run.stack.settings).await;
    aws_sdk_cognitoidentityprovider::Client::new(&config)
}

#[tokio::test]
async fn a_password_sent_straight_to_cognito_is_refused_and_only_sign_in_may_check_one() {
    let run = local().await;
    let cognito = cognito(&run).await;
    // The app client's id is in every access token: anyone could try
    // passwords on it without the attempt counter. The client allows no
    // such flow.
    for flow in [AuthFlowType::UserPasswordAuth, AuthFlowType::UserSrpAuth] {
        let direct = cognito
            .initiate_auth()
            .client_id(&run.stack.settings.client_id)
            .auth_flow(flow.clone())
            .auth_parameters("USERNAME", &run.demo.manager_email)
            .auth_parameters("PASSWORD", &run.demo.manager_password)
            .auth_parameters("SRP_A", "ab")
            .send()
            .await;
        let error = direct.expect_err("a direct sign-in must fail");
        assert_eq!(
            error.code(),
            Some("InvalidParameterException"),
            "{flow:?}: {error:?}"
        );
    }
    // Through Sésame the same password admits.
    let signed_in = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    assert!(!signed_in.is_empty());

    // The admin flow is permitted to the sign-in function's role alone.
    let template = Template::load().unwrap();
    let mut permitted = Vec::new();
    for id in template.of_type("AWS::Serverless::Function").unwrap() {
        let policies = serde_yaml_ng::to_string(&template.properties(&id).unwrap()["Policies"])
            .unwrap_or_default();
        if policies.contains("cognito-idp:AdminInitiateAuth") {
            permitted.push(id);
        }
    }
    assert_eq!(permitted, ["SignInFunction"]);
}
