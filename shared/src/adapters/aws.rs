//! The AWS SDK's configuration (explicit timeouts, bounded retries, the
//! trust store) and the store's identity-link cache. Which adapters a
//! function builds, from the environment, is the composition root's
//! business (shared/src/compose.rs).

use crate::config::{AwsSettings, MissingVariable};
use crate::ports::{Item, Key, Page, Query, Store, StoreError, Write};
use async_trait::async_trait;
use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::config::SharedCredentialsProvider;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_http_client::{Builder as HttpClientBuilder, ConnectorBuilder};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SetupError {
    #[error(transparent)]
    Missing(#[from] MissingVariable),
    #[error("TLS roots unavailable: {0}")]
    Tls(#[from] std::io::Error),
}

fn budgets(settings: &AwsSettings) -> (TimeoutConfig, RetryConfig) {
    // The local emulator answers one request at a time, so under a parallel
    // test suite a call may wait its turn: it gets a wider budget than AWS.
    let (attempt, total) = if settings.endpoint.is_some() {
        (Duration::from_secs(30), Duration::from_secs(60))
    } else {
        (Duration::from_secs(3), Duration::from_secs(8))
    };
    (
        TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(2))
            .operation_attempt_timeout(attempt)
            .operation_timeout(total)
            .build(),
        RetryConfig::standard().with_max_attempts(3),
    )
}

/// Amazon Trust Services' roots (Amazon Root CA 1 to 4 and Starfield
/// Services Root G2): every AWS service endpoint presents a chain to one.
const AWS_ROOTS: &[u8] = include_bytes!("../../certs/amazon-trust-services.pem");

/// Whom the SDK's TLS connections trust. AWS's own endpoints: Amazon Trust
/// Services' five roots, compiled in. The SDK's default reads and parses the
/// system's whole store at init (here a bundle and a directory of 292 files,
/// about 90% of a function's init instructions under callgrind) to end up
/// trusting these for every AWS endpoint anyway. An endpoint set to another
/// HTTPS host (a proxy, another emulator) is trusted as the system trusts it;
/// a plain-HTTP endpoint (the local emulator) uses no TLS at all.
pub fn aws_trust_store(settings: &AwsSettings) -> TrustStore {
    match &settings.endpoint {
        Some(url) if url.starts_with("https://") => TrustStore::default(),
        _ => TrustStore::empty().with_pem_certificate(AWS_ROOTS),
    }
}

/// One HTTP client for every SDK client of a function (one connection pool,
/// one connector per timeout setting): the SDK's default connector (rustls
/// with aws-lc, proxy from the environment) trusting `trust`.
fn http_client(trust: TrustStore) -> SharedHttpClient {
    let tls = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .expect("a TLS context without extra server names always builds");
    HttpClientBuilder::new().build_with_connector_fn(move |connector, components| {
        let mut builder = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::AwsLc,
            ))
            .tls_context(tls.clone());
        builder.set_connector_settings(connector.cloned());
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        builder.set_proxy_config(Some(ProxyConfig::from_env()));
        builder.build()
    })
}

/// Identity links (`IDENTITY#<sub>` → account) never change once written:
/// a Lambda container remembers those it has read, so a warm container
/// resolves a returning caller with one read (membership and organisation)
/// instead of two. A link deleted through this store is forgotten; one
/// deleted elsewhere only leads to an account that is gone, which the
/// membership read then refuses. Everything else goes to the store as is.
pub struct IdentityCache<S> {
    inner: S,
    links: std::sync::Mutex<std::collections::HashMap<Key, Item>>,
}

/// Most links a container keeps (then it starts over).
const MAX_CACHED_LINKS: usize = 10_000;

fn is_link(key: &Key) -> bool {
    crate::layout::keys::is_identity(key)
}

impl<S: Store> IdentityCache<S> {
    pub fn new(inner: S) -> IdentityCache<S> {
        IdentityCache {
            inner,
            links: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    fn cached(&self, key: &Key) -> Option<Item> {
        if !is_link(key) {
            return None;
        }
        self.links.lock().ok()?.get(key).cloned()
    }

    fn remember(&self, key: &Key, item: &Item) {
        if let Ok(mut links) = self.links.lock() {
            if links.len() >= MAX_CACHED_LINKS {
                links.clear();
            }
            links.insert(key.clone(), item.clone());
        }
    }
}

#[async_trait]
impl<S: Store> Store for IdentityCache<S> {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        if let Some(item) = self.cached(key) {
            return Ok(Some(item));
        }
        let found = self.inner.get(key).await?;
        if let Some(item) = &found
            && is_link(key)
        {
            self.remember(key, item);
        }
        Ok(found)
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.inner.get_many(keys).await
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let touched: Vec<Key> = writes
            .iter()
            .filter_map(Write::key)
            .filter(is_link)
            .collect();
        if !touched.is_empty()
            && let Ok(mut links) = self.links.lock()
        {
            for key in &touched {
                links.remove(key);
            }
        }
        self.inner.transact(writes).await
    }
}

/// The shared SDK configuration through the SDK's full default chain
/// (profiles, SSO, web identity, IMDS…): what test tooling uses to reach
/// the emulator directly.
pub async fn sdk_config(settings: &AwsSettings) -> SdkConfig {
    let (timeouts, retries) = budgets(settings);
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(settings.region.clone()))
        .timeout_config(timeouts)
        .retry_config(retries);
    if let Some(endpoint) = &settings.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

/// The functions' SDK configuration: region, optional emulator endpoint,
/// the time and retry budget, and credentials from the environment —
/// where Lambda puts the function role's credentials. Nothing is read or
/// probed at init (no profile files, no IMDS), and the default chain's
/// providers (STS, SSO, …) are not linked.
pub fn lambda_sdk_config(settings: &AwsSettings) -> SdkConfig {
    let (timeouts, retries) = budgets(settings);
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(http_client(aws_trust_store(settings)))
        .region(Region::new(settings.region.clone()))
        .credentials_provider(SharedCredentialsProvider::new(
            EnvironmentVariableCredentialsProvider::new(),
        ))
        .timeout_config(timeouts)
        .retry_config(retries);
    if let Some(endpoint) = &settings.endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    const TEST_CERT: &[u8] = include_bytes!("../../tests/fixtures/localhost.pem");
    const TEST_KEY: &[u8] = include_bytes!("../../tests/fixtures/localhost.key");

    /// A TLS server on loopback presenting a self-signed `localhost`
    /// certificate; tells whether each handshake completed.
    async fn tls_server() -> (u16, tokio::sync::mpsc::UnboundedReceiver<bool>) {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs = CertificateDer::pem_slice_iter(TEST_CERT)
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_slice(TEST_KEY).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let _ = tx.send(acceptor.accept(tcp).await.is_ok());
            }
        });
        (port, rx)
    }

    #[test]
    fn aws_roots_are_the_five_amazon_trust_services_roots() {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let roots = CertificateDer::pem_slice_iter(AWS_ROOTS)
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(roots.len(), 5);
        let text = String::from_utf8_lossy(AWS_ROOTS);
        for name in [
            "Amazon Root CA 1",
            "Amazon Root CA 2",
            "Amazon Root CA 3",
            "Amazon Root CA 4",
            "Starfield Services Root Certificate Authority - G2",
        ] {
            let der = roots
                .iter()
                .any(|c| c.as_ref().windows(name.len()).any(|w| w == name.as_bytes()));
            assert!(der && text.contains(name), "{name} missing");
        }
        let local = AwsSettings {
            endpoint: Some("http://127.0.0.1:5000".into()),
            ..settings_for_test()
        };
        let proxy = AwsSettings {
            endpoint: Some("https://proxy.example".into()),
            ..settings_for_test()
        };
        assert!(
            format!("{:?}", aws_trust_store(&settings_for_test())).contains("native_roots: false")
        );
        assert!(format!("{:?}", aws_trust_store(&local)).contains("native_roots: false"));
        assert!(format!("{:?}", aws_trust_store(&proxy)).contains("native_roots: true"));
    }

    fn settings_for_test() -> AwsSettings {
        AwsSettings {
            endpoint: None,
            region: "ca-central-1".into(),
            table: "t".into(),
            user_pool_id: "ca-central-1_x".into(),
            client_id: "c".into(),
            sender: "s@example.com".into(),
            configuration_set: None,
            bucket: "b".into(),
            issuer: "https://issuer".into(),
            jwks_url: "https://issuer/jwks".into(),
            bank_details_key: None,
        }
    }

    /// The SDK's connections verify the server: a certificate from outside
    /// Amazon Trust Services is refused, and the same server is reached once
    /// its certificate is trusted (so the refusal is the trust store's).
    #[tokio::test]
    async fn sdk_connections_refuse_a_server_outside_the_aws_roots() {
        let (port, mut handshakes) = tls_server().await;
        let call = |trust: TrustStore| async move {
            let config = SdkConfig::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("ca-central-1"))
                .credentials_provider(SharedCredentialsProvider::new(
                    aws_sdk_dynamodb::config::Credentials::for_tests(),
                ))
                .http_client(http_client(trust))
                .retry_config(RetryConfig::disabled())
                .endpoint_url(format!("https://127.0.0.1:{port}"))
                .build();
            aws_sdk_dynamodb::Client::new(&config)
                .list_tables()
                .send()
                .await
        };
        let trusted = TrustStore::empty().with_pem_certificate(TEST_CERT);
        // The server hangs up after the handshake: the call fails, the
        // handshake completed.
        assert!(call(trusted).await.is_err());
        assert_eq!(handshakes.recv().await, Some(true));
        let refused = call(aws_trust_store(&settings_for_test())).await;
        let error = format!("{:?}", refused.expect_err("an unknown issuer is refused"));
        assert!(error.contains("UnknownIssuer"), "{error}");
        assert_eq!(handshakes.recv().await, Some(false));
    }

    #[tokio::test]
    async fn identity_links_are_read_once_and_forgotten_when_deleted_here() {
        use crate::adapters::memory::MemoryStore;
        use crate::layout::keys;
        let memory = Arc::new(MemoryStore::new());
        struct Shared(Arc<MemoryStore>);
        #[async_trait]
        impl Store for Shared {
            async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
                self.0.get(key).await
            }
            async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
                self.0.get_many(keys).await
            }
            async fn query(&self, query: Query) -> Result<Page, StoreError> {
                self.0.query(query).await
            }
            async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
                self.0.transact(writes).await
            }
        }
        let cache = IdentityCache::new(Shared(memory.clone()));
        let link = keys::identity("sub-1");
        let mut item = Item::new();
        item.insert("PK".into(), link.pk.clone().into());
        item.insert("SK".into(), link.sk.clone().into());
        item.insert("account_id".into(), "a1".into());
        let put = |item: Item| Write::Put {
            item,
            condition: None,
        };
        memory.transact(vec![put(item.clone())]).await.unwrap();
        assert_eq!(cache.get(&link).await.unwrap(), Some(item.clone()));
        // Removed behind the cache's back: still remembered (links never
        // change; the account behind a removed one is gone).
        memory
            .transact(vec![Write::Delete {
                key: link.clone(),
                condition: None,
            }])
            .await
            .unwrap();
        assert_eq!(cache.get(&link).await.unwrap(), Some(item.clone()));
        // Written or deleted through the cache: forgotten.
        cache.transact(vec![put(item.clone())]).await.unwrap();
        cache
            .transact(vec![Write::Delete {
                key: link.clone(),
                condition: None,
            }])
            .await
            .unwrap();
        assert_eq!(cache.get(&link).await.unwrap(), None);
        // Other items are never cached.
        let org = keys::org("o1");
        let mut org_item = Item::new();
        org_item.insert("PK".into(), org.pk.clone().into());
        org_item.insert("SK".into(), org.sk.clone().into());
        memory.transact(vec![put(org_item)]).await.unwrap();
        assert!(cache.get(&org).await.unwrap().is_some());
        memory
            .transact(vec![Write::Delete {
                key: org.clone(),
                condition: None,
            }])
            .await
            .unwrap();
        assert_eq!(cache.get(&org).await.unwrap(), None);
    }
}
