//! The session as the browser holds it: the access token in the answer's
//! body, the refresh token in a cookie no script can read (`HttpOnly`),
//! sent over HTTPS only (`Secure`; browsers treat `http://localhost` as
//! secure), never on a request another site starts (`SameSite=Strict`),
//! and only to the session routes (`Path=/sessions`): sign-in, refresh,
//! sign-out.

use crate::operations::{OpError, Output};
use crate::ports::SessionTokens;
use serde::Serialize;
use utoipa::ToSchema;

/// The refresh cookie's name.
pub const REFRESH_COOKIE: &str = "sesame_refresh";

/// The path it is sent to: the session routes alone.
pub const COOKIE_PATH: &str = "/sessions";

/// How long the browser keeps it: the app client's refresh token validity
/// (`RefreshTokenValidity` in the template, 30 days).
pub const REFRESH_MAX_AGE_SECS: i64 = 30 * 24 * 60 * 60;

/// A session as answered: the access token (the `Authorization: Bearer`
/// of every call) and its lifetime. The refresh token is never in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Session {
    pub access_token: String,
    /// Cognito's ID token (who signed in; not a credential of this API).
    pub id_token: Option<String>,
    /// Seconds the access token is valid for.
    pub expires_in: i32,
    pub token_type: String,
}

impl From<&SessionTokens> for Session {
    fn from(tokens: &SessionTokens) -> Session {
        Session {
            access_token: tokens.access_token.clone(),
            id_token: tokens.id_token.clone(),
            expires_in: tokens.expires_in,
            token_type: tokens.token_type.clone(),
        }
    }
}

/// The answer of a sign-out.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub signed_out: bool,
}

/// The `Set-Cookie` value holding a refresh token.
pub fn refresh_cookie(refresh_token: &str) -> String {
    format!(
        "{REFRESH_COOKIE}={refresh_token}; Path={COOKIE_PATH}; Max-Age={REFRESH_MAX_AGE_SECS}; HttpOnly; Secure; SameSite=Strict"
    )
}

/// The `Set-Cookie` value that removes it.
pub fn cleared_cookie() -> String {
    format!("{REFRESH_COOKIE}=; Path={COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict")
}

/// The answer of a new session: the body without the refresh token, the
/// refresh token (when the directory gave one) in its cookie.
pub fn answer(status: u16, tokens: &SessionTokens) -> Result<Output, OpError> {
    let output = Output::json(status, &Session::from(tokens))?;
    Ok(match tokens.refresh_token.as_deref() {
        Some(refresh) if is_cookie_safe(refresh) => output.with_cookie(refresh_cookie(refresh)),
        _ => output,
    })
}

/// Whether a value can stand in a cookie as it is (Cognito's refresh
/// tokens are JWE compact serialisations: base64url and dots).
pub fn is_cookie_safe(value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(refresh: Option<&str>) -> SessionTokens {
        SessionTokens {
            access_token: "access".into(),
            id_token: None,
            refresh_token: refresh.map(str::to_string),
            expires_in: 900,
            token_type: "Bearer".into(),
        }
    }

    #[test]
    fn the_refresh_token_goes_into_a_strict_http_only_cookie_never_into_the_body() {
        let output = answer(200, &tokens(Some("eyJ.abc-_.x"))).unwrap();
        assert!(!output.body.to_string().contains("eyJ.abc-_.x"));
        assert!(output.body.get("refresh_token").is_none());
        assert_eq!(output.body["access_token"], "access");
        let [cookie] = output.cookies.as_slice() else {
            panic!("one cookie: {:?}", output.cookies)
        };
        assert!(
            cookie.starts_with("sesame_refresh=eyJ.abc-_.x;"),
            "{cookie}"
        );
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/sessions"] {
            assert!(
                cookie.split("; ").any(|a| a == attribute),
                "{attribute} in {cookie}"
            );
        }
    }

    #[test]
    fn no_cookie_without_a_refresh_token_or_with_one_unfit_for_a_cookie() {
        assert!(answer(200, &tokens(None)).unwrap().cookies.is_empty());
        assert!(
            answer(200, &tokens(Some("a;b")))
                .unwrap()
                .cookies
                .is_empty()
        );
    }

    #[test]
    fn the_cleared_cookie_expires_at_once_on_the_same_path() {
        let cleared = cleared_cookie();
        assert!(cleared.starts_with("sesame_refresh=;"));
        assert!(cleared.contains("Max-Age=0"));
        assert!(cleared.contains("Path=/sessions"));
    }
}
