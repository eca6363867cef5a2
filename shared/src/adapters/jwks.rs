//! Verifies Cognito access tokens: RS256 only, key from the pool's JWKS
//! (cached per cold start, refetched on an unknown `kid` at most once a
//! minute), `iss`, `exp`, `nbf`, `token_use = access` and `client_id`
//! checked (jsonwebtoken checks neither of the last two for us).

use crate::ports::{Principal, SessionVerifier, VerifyError};
use async_trait::async_trait;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Least time between two fetches of the key set.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// The key set's fetch budget: 3 s from Cognito (HTTPS); the local
/// emulator (plain HTTP on loopback) serves one request at a time, so under
/// a parallel test suite it gets the SDK clients' wider budget.
const FETCH_TIMEOUT: Duration = Duration::from_secs(3);
const LOCAL_FETCH_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_JWKS_BYTES: usize = 64 * 1024;

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Empty<bytes::Bytes>>;

#[derive(Default)]
struct Cache {
    keys: Option<JwkSet>,
    fetched_at: Option<Instant>,
}

pub struct JwksVerifier {
    jwks_url: String,
    issuer: String,
    client_id: String,
    http: HttpsClient,
    cache: Mutex<Cache>,
    leeway_seconds: u64,
    fetch_timeout: Duration,
}

#[derive(Deserialize)]
struct AccessClaims {
    sub: String,
    token_use: Option<String>,
    client_id: Option<String>,
}

impl JwksVerifier {
    pub fn new(
        jwks_url: impl Into<String>,
        issuer: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<JwksVerifier, std::io::Error> {
        // Mozilla's roots, compiled in: the SDK's client already reads the
        // system's store at init, and a second read (a bundle and a whole
        // directory of certificates) was most of a function's init time.
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let jwks_url: String = jwks_url.into();
        let fetch_timeout = if jwks_url.starts_with("http://") {
            LOCAL_FETCH_TIMEOUT
        } else {
            FETCH_TIMEOUT
        };
        Ok(JwksVerifier {
            jwks_url,
            issuer: issuer.into(),
            client_id: client_id.into(),
            http: Client::builder(TokioExecutor::new()).build(https),
            cache: Mutex::new(Cache::default()),
            leeway_seconds: 5,
            fetch_timeout,
        })
    }

    /// Seeds the cache (tests, and pre-warming where the key set is known).
    pub fn with_keys(self, keys: JwkSet) -> JwksVerifier {
        if let Ok(mut cache) = self.cache.lock() {
            cache.keys = Some(keys);
            cache.fetched_at = Some(Instant::now());
        }
        self
    }

    /// How many times the key set was fetched (for tests of the refetch limit).
    pub fn cached_at(&self) -> Option<Instant> {
        self.cache.lock().ok().and_then(|c| c.fetched_at)
    }

    async fn fetch(&self) -> Result<JwkSet, VerifyError> {
        let uri: hyper::Uri = self
            .jwks_url
            .parse()
            .map_err(|_| VerifyError::Unavailable("bad JWKS URL".into()))?;
        let response = tokio::time::timeout(self.fetch_timeout, self.http.get(uri))
            .await
            .map_err(|_| VerifyError::Unavailable("JWKS fetch timed out".into()))?
            .map_err(|e| VerifyError::Unavailable(format!("JWKS fetch failed: {e}")))?;
        if !response.status().is_success() {
            return Err(VerifyError::Unavailable(format!(
                "JWKS answered {}",
                response.status()
            )));
        }
        let body = tokio::time::timeout(
            self.fetch_timeout,
            Limited::new(response.into_body(), MAX_JWKS_BYTES).collect(),
        )
        .await
        .map_err(|_| VerifyError::Unavailable("JWKS read timed out".into()))?
        .map_err(|e| VerifyError::Unavailable(format!("JWKS read failed: {e}")))?
        .to_bytes();
        serde_json::from_slice(&body)
            .map_err(|_| VerifyError::Unavailable("JWKS unreadable".into()))
    }

    async fn key(&self, kid: &str) -> Result<DecodingKey, VerifyError> {
        let find = |set: &JwkSet| {
            set.find(kid)
                .and_then(|jwk| DecodingKey::from_jwk(jwk).ok())
        };
        let may_fetch = {
            let cache = self
                .cache
                .lock()
                .map_err(|_| VerifyError::Unavailable("cache poisoned".into()))?;
            if let Some(key) = cache.keys.as_ref().and_then(find) {
                return Ok(key);
            }
            cache
                .fetched_at
                .is_none_or(|at| at.elapsed() >= REFETCH_INTERVAL)
        };
        if !may_fetch {
            return Err(VerifyError::Invalid("unknown key id"));
        }
        let set = self.fetch().await?;
        let key = find(&set);
        if let Ok(mut cache) = self.cache.lock() {
            cache.keys = Some(set);
            cache.fetched_at = Some(Instant::now());
        }
        key.ok_or(VerifyError::Invalid("unknown key id"))
    }
}

#[async_trait]
impl SessionVerifier for JwksVerifier {
    async fn verify(&self, token: &str) -> Result<Principal, VerifyError> {
        let header =
            jsonwebtoken::decode_header(token).map_err(|_| VerifyError::Invalid("malformed"))?;
        if header.alg != Algorithm::RS256 {
            return Err(VerifyError::Invalid("algorithm not allowed"));
        }
        let kid = header.kid.ok_or(VerifyError::Invalid("no key id"))?;
        let key = self.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.validate_aud = false;
        validation.validate_nbf = true;
        validation.leeway = self.leeway_seconds;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let data = jsonwebtoken::decode::<AccessClaims>(token, &key, &validation)
            .map_err(|_| VerifyError::Invalid("signature or claims refused"))?;
        let claims = data.claims;
        if claims.token_use.as_deref() != Some("access") {
            return Err(VerifyError::Invalid("not an access token"));
        }
        if claims.client_id.as_deref() != Some(self.client_id.as_str()) {
            return Err(VerifyError::Invalid("issued to another client"));
        }
        Ok(Principal { sub: claims.sub })
    }

    fn claimed_before_fetch(&self, token: &str) -> Option<String> {
        let loaded = self.cache.lock().ok()?.keys.is_some();
        if loaded {
            return None;
        }
        let data = jsonwebtoken::dangerous::insecure_decode::<AccessClaims>(token).ok()?;
        let sub = data.claims.sub;
        (!sub.is_empty() && sub.len() <= 128).then_some(sub)
    }
}
