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

/// A sign-in through Sésame: (access token, the refresh cookie's value).
async fn signed_in_with_cookie(base: &str, email: &str, password: &str) -> (String, String) {
    let reply = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(serde_json::json!({"email": email, "password": password})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = reply
        .header("set-cookie")
        .expect("a session cookie")
        .to_string();
    let value = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.strip_prefix("sesame_refresh="))
        .expect("the refresh cookie")
        .to_string();
    (
        reply.json()["access_token"].as_str().unwrap().to_string(),
        value,
    )
}

/// `POST /sessions/refresh` with the cookie (or none).
async fn refresh(base: &str, cookie: Option<&str>) -> Reply {
    let header = cookie.map(|c| format!("theme=dark; sesame_refresh={c}"));
    let mut headers = vec![];
    if let Some(header) = &header {
        headers.push(("cookie", header.as_str()));
    }
    sesame_tests::client::send("POST", &format!("{base}/sessions/refresh"), &headers, None)
        .await
        .expect("request sent")
}

/// The email of a session's account.
async fn email_of(base: &str, session: &str) -> String {
    let me = call("GET", &format!("{base}/me"), Some(session), None).await;
    me.json()["email"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_refresh_token_lives_in_a_strict_http_only_cookie_and_renews_the_session() {
    let run = local().await;
    let base = &run.base_url;
    let reply = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(serde_json::json!({"email": run.demo.manager_email, "password": run.demo.manager_password})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert!(body.get("refresh_token").is_none(), "{body}");
    let cookie = reply.header("set-cookie").expect("a session cookie");
    let attributes: Vec<&str> = cookie.split("; ").collect();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/sessions"] {
        assert!(attributes.contains(&attribute), "{attribute} in {cookie}");
    }
    let value = attributes[0].strip_prefix("sesame_refresh=").unwrap();
    assert!(
        !reply.body.contains(value),
        "the refresh token is in the body"
    );
    // The access token lasts what the app client says (the template's 15
    // minutes here).
    assert_eq!(body["expires_in"], 15 * 60);

    let renewed = refresh(base, Some(value)).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    let access = renewed.json()["access_token"].as_str().unwrap().to_string();
    assert_ne!(access, body["access_token"].as_str().unwrap());
    let me = call("GET", &format!("{base}/me"), Some(&access), None).await;
    assert_eq!(me.status, 200, "{}", me.body);

    // Without the cookie, or with a made-up one: the session has ended.
    for cookie in [None, Some("pas-un-jeton")] {
        let refused = refresh(base, cookie).await;
        assert_eq!(refused.status, 401, "{}", refused.body);
        assert!(refused.body.contains("session-ended"), "{}", refused.body);
    }
}

#[tokio::test]
async fn signing_out_revokes_this_browsers_refresh_token_only() {
    let run = local().await;
    let base = &run.base_url;
    let (_, here) =
        signed_in_with_cookie(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, there) =
        signed_in_with_cookie(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let cookie = format!("sesame_refresh={here}");
    let out = sesame_tests::client::send(
        "DELETE",
        &format!("{base}/sessions"),
        &[("cookie", &cookie)],
        None,
    )
    .await
    .unwrap();
    assert_eq!(out.status, 200, "{}", out.body);
    let cleared = out.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("sesame_refresh=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(refresh(base, Some(&here)).await.status, 401);
    assert_eq!(refresh(base, Some(&there)).await.status, 200);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_person() {
    let run = local().await;
    let base = &run.base_url;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, session) = activated(&run, &manager, "employee", "Zoé").await;
    let email = email_of(base, &session).await;
    let (access, laptop) = signed_in_with_cookie(base, &email, PASSWORD).await;
    let (_, phone) = signed_in_with_cookie(base, &email, PASSWORD).await;
    let out = call(
        "DELETE",
        &format!("{base}/sessions/all"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    for cookie in [&laptop, &phone] {
        let refused = refresh(base, Some(cookie)).await;
        assert_eq!(refused.status, 401, "{}", refused.body);
    }
    // Her password still opens a new session.
    let (_, again) = signed_in_with_cookie(base, &email, PASSWORD).await;
    assert_eq!(refresh(base, Some(&again)).await.status, 200);
    // The manager's sessions are untouched.
    let (_, managers) =
        signed_in_with_cookie(base, &run.demo.manager_email, &run.demo.manager_password).await;
    assert_eq!(refresh(base, Some(&managers)).await.status, 200);
}

#[tokio::test]
async fn a_manager_signs_a_member_out_everywhere_and_it_is_audited() {
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, session) = activated(&run, &manager, "employee", "Zoé").await;
    let email = email_of(base, &session).await;
    let (_, cookie) = signed_in_with_cookie(base, &email, PASSWORD).await;

    // An employee may not sign someone else out.
    let (_, other) = activated(&run, &manager, "employee", "Léa").await;
    let refused = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/sign-out"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refresh(base, Some(&cookie)).await.status, 200);

    let done = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/sign-out"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(refresh(base, Some(&cookie)).await.status, 401);
    let audit = call(
        "GET",
        &format!("{base}/orgs/{org}/audit?action=user.signed_out"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let events = audit.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        events.iter().any(|e| e.to_string().contains(&id)),
        "{}",
        audit.body
    );
}

#[tokio::test]
async fn disabling_the_last_active_membership_ends_the_persons_sessions() {
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, session) = activated(&run, &manager, "employee", "Zoé").await;
    let email = email_of(base, &session).await;
    let (_, cookie) = signed_in_with_cookie(base, &email, PASSWORD).await;
    let disabled = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/disable"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    assert_eq!(refresh(base, Some(&cookie)).await.status, 401);
}
