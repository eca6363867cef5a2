//! The logs never carry a password, a token, a secret answer, a full IBAN
//! or a full email: a flow runs with every log line captured, then the capture is
//! searched for each secret.

use crate::common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(move || writer.clone())
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        capture
    })
}

#[tokio::test]
async fn logs_hold_no_password_token_answer_or_full_email() {
    let logs = capture();
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("secret."));
    let (id, link) = invite(&run, &manager, &email).await;
    let token = token_of(&link);
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token, "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200);
    let user = sign_in(&base, &email, PASSWORD).await;
    let wrong = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": "Mauvais-Passe-99"})),
    )
    .await;
    assert_eq!(wrong.status, 401);
    let key = call(
        "PUT",
        &format!("{base}/orgs/{}/security-key", run.demo.org_id),
        Some(&manager),
        Some(json!({"question": "Q ?", "answer": "Réponse-Très-Secrète"})),
    )
    .await;
    assert_eq!(key.status, 200);
    call("GET", &format!("{base}/me"), Some(&user), None).await;
    assert!(!emails_to(&email).await.is_empty());
    // Bank details set by the person and read in full by the manager.
    let o = format!("{base}/orgs/{}", run.demo.org_id);
    let set = call(
        "PUT",
        &format!("{o}/me/bank-details"),
        Some(&user),
        Some(json!({"iban": "DE89 3704 0044 0532 0130 00"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    let full = call(
        "GET",
        &format!("{o}/users/{id}/bank-details"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(
        full.json()["full"]["iban"],
        "DE89370400440532013000",
        "{}",
        full.body
    );

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(text.contains("request done"), "nothing was captured");
    assert!(text.contains(&id), "ids are logged, so the capture is real");
    for (what, secret) in [
        ("password", PASSWORD),
        ("manager password", run.demo.manager_password.as_str()),
        ("wrong password", "Mauvais-Passe-99"),
        ("link token", token.as_str()),
        ("access token", manager.as_str()),
        ("user token", user.as_str()),
        ("security answer", "Réponse-Très-Secrète"),
        ("full email", email.as_str()),
        ("manager email", run.demo.manager_email.as_str()),
        ("full IBAN", "DE89370400440532013000"),
        ("IBAN's account digits", "0532 0130"),
        ("IBAN's account digits", "05320130"),
    ] {
        assert!(!text.contains(secret), "the logs hold the {what}");
    }
    println!("logs: {} bytes checked for 12 secrets", text.len());
}
