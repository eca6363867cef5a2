//! A small HTTP/1 client over loopback (tests, the emulator's own API).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::OnceLock;

/// A response: status, headers and body text.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn client() -> &'static Client<HttpConnector, Full<Bytes>> {
    static CLIENT: OnceLock<Client<HttpConnector, Full<Bytes>>> = OnceLock::new();
    CLIENT.get_or_init(|| Client::builder(TokioExecutor::new()).build(HttpConnector::new()))
}

/// Sends one request.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<Reply, String> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .map_err(|e| e.to_string())?;
    let response = client().request(request).await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

pub async fn get(url: &str) -> Result<Reply, String> {
    send("GET", url, &[], None).await
}

/// A local Sésame on the emulator for the journey tests, in the spirit of
/// zero-to-production's `TestApp`: one method per endpoint the journeys
/// use, each answering the [`Reply`] (status, headers, JSON body). Routes
/// come from the operations' own specs (`sesame::operations::registry`), so
/// a method cannot drift from the API. Dereferences to the [`LocalRun`]
/// (`app.base_url`, `app.demo`, `app.ctx`, `app.calls`).
pub struct TestApp {
    pub run: crate::stack::LocalRun,
    pub emulator_url: String,
}

impl std::ops::Deref for TestApp {
    type Target = crate::stack::LocalRun;
    fn deref(&self) -> &Self::Target {
        &self.run
    }
}

/// The path of an operation's route with its `{parameters}` filled in
/// order.
pub fn route_of(id: &str, params: &[&str]) -> (&'static str, String) {
    let spec = sesame::operations::registry()
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"));
    let mut path = String::new();
    let mut params = params.iter();
    for (i, part) in spec.path.split('{').enumerate() {
        if i == 0 {
            path.push_str(part);
            continue;
        }
        let (_, rest) = part.split_once('}').expect("closed parameter");
        path.push_str(
            params
                .next()
                .unwrap_or_else(|| panic!("{id}: too few parameters")),
        );
        path.push_str(rest);
    }
    assert!(params.next().is_none(), "{id}: too many parameters");
    (spec.method, path)
}

type Json = serde_json::Value;

impl TestApp {
    /// A fresh local Sésame on the emulator at `emulator_url`, its stack
    /// named after `suffix`.
    pub async fn start(emulator_url: &str, suffix: &str) -> TestApp {
        let bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let run = crate::stack::LocalRun::start(emulator_url, bind, suffix)
            .await
            .expect("local stack starts");
        TestApp {
            run,
            emulator_url: emulator_url.to_string(),
        }
    }

    /// The demo organisation's id.
    pub fn org(&self) -> &str {
        &self.run.demo.org_id
    }

    /// A JSON request to `path` (from the root), with the session if any.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        session: Option<&str>,
        body: Option<Json>,
    ) -> Reply {
        let auth = session.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        if let Some(auth) = &auth {
            headers.push(("authorization", auth));
        }
        send(
            method,
            &format!("{}{path}", self.run.base_url),
            &headers,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
        .expect("request sent")
    }

    /// Calls the operation `id` with its path parameters in order and a
    /// query string (`""` for none).
    pub async fn operation(
        &self,
        id: &str,
        session: Option<&str>,
        params: &[&str],
        query: &str,
        body: Option<Json>,
    ) -> Reply {
        let (method, mut path) = route_of(id, params);
        if !query.is_empty() {
            path = format!("{path}?{query}");
        }
        self.call(method, &path, session, body).await
    }

    // Accounts.

    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        let body = serde_json::json!({"email": email, "password": password});
        self.operation("sign_in", None, &[], "", Some(body)).await
    }

    /// Signs in and answers the session token (panics on any refusal).
    pub async fn signed_in(&self, email: &str, password: &str) -> String {
        let reply = self.sign_in(email, password).await;
        assert_eq!(reply.status, 200, "sign-in failed: {}", reply.body);
        reply.json()["access_token"]
            .as_str()
            .expect("access token")
            .to_string()
    }

    /// The demo manager's session.
    pub async fn manager(&self) -> String {
        let demo = &self.run.demo;
        self.signed_in(&demo.manager_email, &demo.manager_password)
            .await
    }

    /// Activates an account with the token of its link (confirm_account).
    pub async fn activate(&self, token: &str, password: &str) -> Reply {
        let body = serde_json::json!({"token": token, "password": password});
        self.operation("confirm_account", None, &[], "", Some(body))
            .await
    }

    pub async fn me(&self, session: &str) -> Reply {
        self.operation("me", Some(session), &[], "", None).await
    }

    pub async fn confirm_login_email(&self, token: &str) -> Reply {
        let body = serde_json::json!({"token": token});
        self.operation("confirm_login_email", None, &[], "", Some(body))
            .await
    }

    // People.

    pub async fn create_user(&self, session: &str, org: &str, form: Json) -> Reply {
        self.operation("create_user", Some(session), &[org], "", Some(form))
            .await
    }

    pub async fn send_activation(&self, session: &str, org: &str, user: &str) -> Reply {
        self.operation("send_activation", Some(session), &[org, user], "", None)
            .await
    }

    pub async fn get_user(&self, session: &str, org: &str, user: &str) -> Reply {
        self.operation("get_user", Some(session), &[org, user], "", None)
            .await
    }

    pub async fn list_users(&self, session: &str, org: &str, query: &str) -> Reply {
        self.operation("list_users", Some(session), &[org], query, None)
            .await
    }

    pub async fn update_user(&self, session: &str, org: &str, user: &str, body: Json) -> Reply {
        self.operation("update_user", Some(session), &[org, user], "", Some(body))
            .await
    }

    pub async fn disable_user(&self, session: &str, org: &str, user: &str) -> Reply {
        self.operation("disable_user", Some(session), &[org, user], "", None)
            .await
    }

    pub async fn enable_user(&self, session: &str, org: &str, user: &str) -> Reply {
        self.operation("enable_user", Some(session), &[org, user], "", None)
            .await
    }

    pub async fn delete_user(&self, session: &str, org: &str, user: &str) -> Reply {
        self.operation("delete_user", Some(session), &[org, user], "", None)
            .await
    }

    // The organisation.

    pub async fn update_settings(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("update_settings", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn list_audit(&self, session: &str, org: &str, query: &str) -> Reply {
        self.operation("list_audit", Some(session), &[org], query, None)
            .await
    }

    // The employee space.

    pub async fn submit_leave(&self, session: &str, org: &str, body: Option<Json>) -> Reply {
        self.operation("submit_leave", Some(session), &[org], "", body)
            .await
    }

    pub async fn list_leave(&self, session: &str, org: &str, query: &str) -> Reply {
        self.operation("list_leave", Some(session), &[org], query, None)
            .await
    }

    pub async fn decide_leave(&self, session: &str, org: &str, id: &str, body: Json) -> Reply {
        self.operation("decide_leave", Some(session), &[org, id], "", Some(body))
            .await
    }

    pub async fn cancel_leave(&self, session: &str, org: &str, id: &str) -> Reply {
        self.operation("cancel_leave", Some(session), &[org, id], "", None)
            .await
    }

    pub async fn submit_week(
        &self,
        session: &str,
        org: &str,
        week: &str,
        body: Option<Json>,
    ) -> Reply {
        self.operation("submit_week", Some(session), &[org, week], "", body)
            .await
    }

    pub async fn list_weeks(&self, session: &str, org: &str, query: &str) -> Reply {
        self.operation("list_weeks", Some(session), &[org], query, None)
            .await
    }

    pub async fn decide_week(
        &self,
        session: &str,
        org: &str,
        user: &str,
        week: &str,
        body: Json,
    ) -> Reply {
        let params = [org, user, week];
        self.operation("decide_week", Some(session), &params, "", Some(body))
            .await
    }

    pub async fn submit_expense(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("submit_expense", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn expense_receipt(&self, session: &str, org: &str, id: &str) -> Reply {
        self.operation("expense_receipt", Some(session), &[org, id], "", None)
            .await
    }

    pub async fn decide_expense(&self, session: &str, org: &str, id: &str, body: Json) -> Reply {
        self.operation("decide_expense", Some(session), &[org, id], "", Some(body))
            .await
    }

    pub async fn request_advance(&self, session: &str, org: &str, body: Option<Json>) -> Reply {
        self.operation("request_advance", Some(session), &[org], "", body)
            .await
    }

    pub async fn decide_advance(&self, session: &str, org: &str, id: &str, body: Json) -> Reply {
        self.operation("decide_advance", Some(session), &[org, id], "", Some(body))
            .await
    }

    pub async fn set_bank_details(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("set_bank_details", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn get_bank_details(&self, session: &str, org: &str) -> Reply {
        self.operation("get_bank_details", Some(session), &[org], "", None)
            .await
    }

    pub async fn reveal_bank_details(&self, session: &str, org: &str, user: &str) -> Reply {
        let params = [org, user];
        self.operation("reveal_bank_details", Some(session), &params, "", None)
            .await
    }

    pub async fn get_notifications(&self, session: &str, org: &str) -> Reply {
        self.operation("get_notifications", Some(session), &[org], "", None)
            .await
    }

    pub async fn set_notifications(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("set_notifications", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn share_document(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("share_document", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn list_documents(&self, session: &str, org: &str) -> Reply {
        self.operation("list_documents", Some(session), &[org], "", None)
            .await
    }

    pub async fn download_document(&self, session: &str, org: &str, id: &str) -> Reply {
        self.operation("download_document", Some(session), &[org, id], "", None)
            .await
    }

    pub async fn update_profile(&self, session: &str, org: &str, body: Json) -> Reply {
        self.operation("update_profile", Some(session), &[org], "", Some(body))
            .await
    }

    pub async fn change_login_email(&self, session: &str, org: &str, email: &str) -> Reply {
        let body = serde_json::json!({ "email": email });
        self.operation("change_login_email", Some(session), &[org], "", Some(body))
            .await
    }

    // Emails.

    /// Every email the emulator holds for `address` (other runs' too).
    pub async fn all_emails_to(&self, address: &str) -> Vec<crate::emulator::SentEmail> {
        crate::emulator::Emulator::at(&self.emulator_url)
            .sent_emails()
            .await
            .expect("emulator emails")
            .into_iter()
            .filter(|e| e.to.iter().any(|t| t == address))
            .collect()
    }

    /// The emails to `address` once there is one (the runner's sender
    /// delivers right after the change; the emulator may be busy): empty
    /// after about ten seconds.
    pub async fn emails_to(&self, address: &str) -> Vec<crate::emulator::SentEmail> {
        for _ in 0..200 {
            let found = self.all_emails_to(address).await;
            if !found.is_empty() {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Vec::new()
    }

    /// The first link containing `fragment` (e.g. `/activate#token=`) in
    /// the emails to `address`, newest first.
    pub async fn link_to(&self, address: &str, fragment: &str) -> String {
        self.emails_to(address)
            .await
            .iter()
            .rev()
            .flat_map(|e| e.links())
            .find(|l| l.contains(fragment))
            .unwrap_or_else(|| panic!("no link with {fragment} to {address}"))
    }
}

/// The token a link carries after `#token=`.
pub fn token_of(link: &str) -> String {
    link.split("#token=")
        .nth(1)
        .expect("link carries a token")
        .to_string()
}
