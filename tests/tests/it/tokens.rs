//! Token attacks on an authenticated route (RFC 8725): all refused with
//! 401, nothing changed.

use crate::common::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sesame::adapters::jwks::JwksVerifier;
use sesame::ports::{SessionVerifier, VerifyError};

fn part(token: &str, i: usize) -> Value {
    let raw = token.split('.').nth(i).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(raw).unwrap()).unwrap()
}

fn encode(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

#[tokio::test]
async fn forged_and_misused_tokens_are_refused() {
    let run = local().await;
    let base = run.base_url.clone();
    let reply = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": run.demo.manager_email, "password": run.demo.manager_password})),
    )
    .await;
    let tokens = reply.json();
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let me = format!("{base}/me");
    assert_eq!(call("GET", &me, Some(&access), None).await.status, 200);
    let header = part(&access, 0);
    let payload = part(&access, 1);
    let signature = access.split('.').nth(2).unwrap().to_string();

    let mut attacks: Vec<(&str, String)> = Vec::new();
    // alg: none, no signature.
    attacks.push((
        "alg none",
        format!(
            "{}.{}.",
            encode(&json!({"alg": "none", "typ": "JWT"})),
            encode(&payload)
        ),
    ));
    // HS256 signed with the public key as the HMAC secret.
    let jwks: Value = sesame_tests::client::get(&run.stack.settings.jwks_url)
        .await
        .unwrap()
        .json();
    let modulus = jwks["keys"][0]["n"].as_str().unwrap().to_string();
    let claims: Value = payload.clone();
    let hs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(modulus.as_bytes()),
    )
    .unwrap();
    attacks.push(("HS256 with the public key", hs));
    // A tampered payload under the original signature.
    let mut tampered = payload.clone();
    tampered["sub"] = json!("00000000-0000-0000-0000-000000000000");
    attacks.push((
        "tampered payload",
        format!("{}.{}.{signature}", encode(&header), encode(&tampered)),
    ));
    // An unknown key id.
    let mut other_kid = header.clone();
    other_kid["kid"] = json!("someone-else");
    attacks.push((
        "unknown kid",
        format!("{}.{}.{signature}", encode(&other_kid), encode(&payload)),
    ));
    // The ID token instead of the access token.
    attacks.push(("ID token", tokens["id_token"].as_str().unwrap().to_string()));
    // A link token (activation/reset shape) as a bearer token.
    attacks.push(("link token", "A".repeat(43)));
    attacks.push(("garbage", "not.a.token".into()));

    let before = snapshot(&run).await;
    for (name, token) in &attacks {
        let refused = call("GET", &me, Some(token), None).await;
        assert_eq!(refused.status, 401, "{name}: {}", refused.body);
        let write = call(
            "POST",
            &format!("{base}/orgs/{}/users", run.demo.org_id),
            Some(token),
            Some(employee(
                "x@exemple.ca",
                sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0,
            )),
        )
        .await;
        assert_eq!(write.status, 401, "{name}: {}", write.body);
    }
    assert_eq!(snapshot(&run).await, before);
    println!("token attacks: {} tried, all 401", attacks.len());
}

#[tokio::test]
async fn the_key_set_is_refetched_on_an_unknown_kid_at_most_once_a_minute() {
    // Nothing listens on port 9: a fetch attempt shows as `Unavailable`.
    let unreachable = "http://127.0.0.1:9/jwks.json";
    let fresh = JwksVerifier::new(unreachable, "iss", "client").unwrap();
    let token = format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#),
        URL_SAFE_NO_PAD.encode("{}")
    );
    assert!(
        matches!(fresh.verify(&token).await, Err(VerifyError::Unavailable(_))),
        "a cold verifier fetches"
    );
    let keys: jsonwebtoken::jwk::JwkSet = serde_json::from_value(json!({"keys": []})).unwrap();
    let warm = JwksVerifier::new(unreachable, "iss", "client")
        .unwrap()
        .with_keys(keys);
    assert_eq!(
        warm.verify(&token).await,
        Err(VerifyError::Invalid("unknown key id")),
        "no refetch within the minute"
    );
}
