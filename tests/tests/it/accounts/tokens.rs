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

/// moto's own Cognito signing key (the private half of the key set the
/// emulator serves), read from the installed package at test time and
/// turned into PKCS#1 DER by the venv's `cryptography` (the JWK holds only
/// `n`, `e`, `d`; the primes are recovered there). Returns (kid, key).
fn moto_signing_key() -> (String, jsonwebtoken::EncodingKey) {
    const SCRIPT: &str = r#"
import base64, glob, gzip, json, sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
path = sorted(glob.glob(sys.argv[1] + "/lib/python3*/site-packages/moto/cognitoidp/resources/jwks-private.json*"))[0]
raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
jwk = json.loads(raw)
num = lambda s: int.from_bytes(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), "big")
n, e, d = num(jwk["n"]), num(jwk["e"]), num(jwk["d"])
p, q = rsa.rsa_recover_prime_factors(n, e, d)
key = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
    rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, n)).private_key()
der = key.private_bytes(serialization.Encoding.DER,
    serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
print(jwk["kid"], base64.b64encode(der).decode())
"#;
    let venv = sesame_tests::template::root().join(".venv");
    let out = std::process::Command::new(venv.join("bin/python"))
        .arg("-c")
        .arg(SCRIPT)
        .arg(&venv)
        .output()
        .expect("the venv's python runs (scripts/setup.sh)");
    assert!(
        out.status.success(),
        "reading moto's key: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (kid, der) = text.trim().split_once(' ').expect("kid and key");
    let der = base64::engine::general_purpose::STANDARD
        .decode(der)
        .unwrap();
    (
        kid.to_string(),
        jsonwebtoken::EncodingKey::from_rsa_der(&der),
    )
}

fn with(claims: &Value, name: &str, value: Option<Value>) -> Value {
    let mut claims = claims.clone();
    match value {
        Some(v) => claims[name] = v,
        None => {
            claims.as_object_mut().unwrap().remove(name);
        }
    }
    claims
}

#[tokio::test]
async fn validly_signed_wrong_claims_link_tokens_and_stale_users_are_refused() {
    use crate::common::activated;
    use crate::common::{invite, token_of};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let me = format!("{base}/me");
    let users = format!("{base}/orgs/{org}/users");
    let replacements = format!("{base}/orgs/{org}/replacements");

    // Forging with moto's own key: the real claims, re-signed, are accepted.
    let (kid, key) = moto_signing_key();
    assert_eq!(part(&manager, 0)["kid"], kid.as_str(), "moto signs with it");
    let payload = part(&manager, 1);
    let forge = |claims: &Value| {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(kid.clone());
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    };
    let genuine = forge(&payload);
    assert_ne!(genuine, manager, "a fresh signature, not the original");
    assert_eq!(call("GET", &me, Some(&genuine), None).await.status, 200);
    assert_eq!(call("GET", &users, Some(&genuine), None).await.status, 200);

    // One claim at a time.
    let now = jiff::Timestamp::now().as_second();
    let issuer = payload["iss"].as_str().unwrap();
    let mut attacks: Vec<(String, String, u16)> = [
        (
            "wrong iss (another user pool)",
            with(&payload, "iss", Some(json!(format!("{}-attacker", issuer)))),
        ),
        (
            "wrong iss (http)",
            with(
                &payload,
                "iss",
                Some(json!(issuer.replacen("https://", "http://", 1))),
            ),
        ),
        ("no iss", with(&payload, "iss", None)),
        (
            "wrong client_id",
            with(&payload, "client_id", Some(json!("another-app-client"))),
        ),
        ("no client_id", with(&payload, "client_id", None)),
        (
            "expired",
            with(
                &with(&payload, "exp", Some(json!(now - 600))),
                "iat",
                Some(json!(now - 4200)),
            ),
        ),
        ("no exp", with(&payload, "exp", None)),
        (
            "nbf in the future",
            with(&payload, "nbf", Some(json!(now + 600))),
        ),
        (
            "token_use id",
            with(&payload, "token_use", Some(json!("id"))),
        ),
        (
            "unknown sub",
            with(
                &payload,
                "sub",
                Some(json!("00000000-0000-4000-8000-000000000000")),
            ),
        ),
    ]
    .into_iter()
    .map(|(name, claims)| (name.to_string(), forge(&claims), 401))
    .collect();

    // Real link tokens from the outbox as bearer tokens.
    let invited = format!("{}@exemple.ca", unique("lien."));
    let (_, link) = invite(&run, &manager, &invited).await;
    attacks.push(("invitation token".into(), token_of(&link), 401));
    let (_, cora) = activated(&run, &manager, "client", "Cora").await;
    let cora_email = call("GET", &me, Some(&cora), None).await.json()["email"]
        .as_str()
        .unwrap()
        .to_string();
    let asked = call(
        "POST",
        &format!("{base}/password-resets"),
        None,
        Some(json!({"email": cora_email})),
    )
    .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let reset = emails_once(&cora_email, |m| {
        m.links().iter().any(|l| l.contains("/reset#token="))
    })
    .await
    .into_iter()
    .flat_map(|m| m.links())
    .find(|l| l.contains("/reset#token="))
    .expect("reset link");
    attacks.push(("reset token".into(), token_of(&reset), 401));

    // A disabled member: her still-valid token is refused on the next request.
    let (dina_id, dina) = activated(&run, &manager, "client", "Dina").await;
    assert_eq!(
        call("GET", &replacements, Some(&dina), None).await.status,
        200
    );
    let disabled = call(
        "POST",
        &format!("{users}/{dina_id}/disable"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    attacks.push(("disabled member".into(), dina, 403));

    // A deleted member: her account and identity are gone.
    let (dora_id, dora) = activated(&run, &manager, "client", "Dora").await;
    assert_eq!(
        call("GET", &replacements, Some(&dora), None).await.status,
        200
    );
    let deleted = call(
        "DELETE",
        &format!("{users}/{dora_id}"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    attacks.push(("deleted member".into(), dora, 401));

    // A member of another organisation on this organisation's routes.
    let other = sesame_tests::seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0003",
        "Organisation d'à côté",
        &[("019a0000-0000-7000-8000-0000000f00e3", "Là-bas")],
        "019a0000-0000-7000-8000-0000000f00a3",
        "gestion@acote.exemple.ca",
    )
    .await
    .expect("second organisation");
    let outsider = sign_in(&base, &other.manager_email, &other.manager_password).await;
    attacks.push(("another organisation's manager".into(), outsider, 404));

    let before = snapshot(&run).await;
    let mut requests = 0;
    for (name, token, want) in &attacks {
        let slug = match want {
            401 => "unauthenticated",
            403 => "membership-disabled",
            _ => "not-found",
        };
        let tries = [
            ("GET", replacements.clone(), None),
            (
                "POST",
                replacements.clone(),
                Some(crate::common::request_form()),
            ),
            (
                "POST",
                users.clone(),
                Some(employee(
                    &format!("{}@exemple.ca", unique("intrus.")),
                    sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0,
                )),
            ),
            (
                "PATCH",
                format!("{base}/orgs/{org}/settings"),
                Some(json!({"auto_invite": true})),
            ),
        ];
        for (method, url, body) in tries {
            let reply = call(method, &url, Some(token), body).await;
            assert_eq!(reply.status, *want, "{name} {method} {url}: {}", reply.body);
            assert_problem(&reply, *want, slug);
            requests += 1;
        }
        if *want == 401 {
            let reply = call("GET", &me, Some(token), None).await;
            assert_problem(&reply, 401, "unauthenticated");
            requests += 1;
        }
    }
    assert_eq!(
        snapshot(&run).await,
        before,
        "a refused token changed the table"
    );
    println!(
        "token attacks (validly signed / real tokens): {} tried in {requests} requests, all refused (401/403/404), table unchanged",
        attacks.len()
    );
}
