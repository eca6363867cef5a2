//! Builds the AWS SDK clients (explicit timeouts, bounded retries) and the
//! operation context from the environment, once per cold start.
//!
//! A function builds only the adapters its operation uses ([`ports`]): the
//! choice is a constant, so the code of the other SDK clients is not even
//! linked into its binary, and nothing unused is set up at init. A port the
//! operation does not use answers "unavailable" (a 503), never silently.

use super::calls::CallCounter;
use super::cognito::CognitoDirectory;
use super::dynamo::DynamoStore;
use super::jwks::JwksVerifier;
use super::ses::SesMailer;
use super::system::{OsRandom, SystemClock};
use crate::config::{AwsSettings, MissingVariable, Settings};
use crate::operations::{Access, Context, OperationSpec};
use crate::ports::{
    Directory, DirectoryError, FileError, FileStorage, Item, Key, MailError, Mailer, OutgoingEmail,
    Page, PresignedUrl, Principal, Query, SessionTokens, SessionVerifier, Store, StoreError,
    StoredFile, VerifyError, Write,
};
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
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SetupError {
    #[error(transparent)]
    Missing(#[from] MissingVariable),
    #[error("TLS roots unavailable: {0}")]
    Tls(#[from] std::io::Error),
}

/// The ports an operation uses beyond the store, clock and randomness
/// (bit set; see [`ports`]).
pub type Ports = u8;
/// SES: the operation sends email (outbox delivery).
pub const MAILER: Ports = 1;
/// Cognito: the operation creates, signs in, enables or signs out identities.
pub const DIRECTORY: Ports = 2;
/// The JWKS verifier: the operation needs a signed-in caller.
pub const VERIFIER: Ports = 4;
/// S3: the operation stores or serves files (receipts, documents).
pub const FILES: Ports = 8;
pub const ALL: Ports = MAILER | DIRECTORY | VERIFIER | FILES;

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn listed(id: &str, list: &[&str]) -> bool {
    let mut i = 0;
    while i < list.len() {
        if same(id, list[i]) {
            return true;
        }
        i += 1;
    }
    false
}

/// Operations that send email themselves: none — they only queue outbox
/// messages, which the `send_outbox` function (the only one built with
/// [`MAILER`]) delivers.
const SENDS_EMAIL: &[&str] = &[];

/// Operations that store or serve files in the bucket.
const USES_FILES: &[&str] = &[
    "download_document",
    "expense_receipt",
    "share_document",
    "submit_expense",
];

/// Operations that call the Cognito user pool.
const USES_DIRECTORY: &[&str] = &[
    "confirm_account",
    "confirm_login_email",
    "confirm_registration",
    "delete_user",
    "disable_user",
    "enable_user",
    "register",
    "reset_password",
    "sign_in",
];

/// Every operation these lists were checked against: an operation not
/// listed here (a new one) gets every port until it is reviewed.
const REVIEWED: &[&str] = &[
    "activation_info",
    "appoint_manager",
    "approve_access_request",
    "approve_hours",
    "archive_establishment",
    "assign_worker",
    "cancel_invitation",
    "cancel_leave",
    "cancel_replacement",
    "change_email",
    "change_login_email",
    "confirm_account",
    "confirm_login_email",
    "confirm_registration",
    "create_establishment",
    "create_hour_bank",
    "create_organisation",
    "create_user",
    "decide_advance",
    "decide_expense",
    "decide_leave",
    "decide_week",
    "delete_replacement",
    "delete_user",
    "disable_user",
    "download_document",
    "enable_user",
    "expense_receipt",
    "get_bank_details",
    "get_organisation",
    "get_user",
    "list_access_requests",
    "list_advances",
    "list_assignments",
    "list_audit",
    "list_documents",
    "list_establishments",
    "list_expenses",
    "list_leave",
    "list_managers",
    "list_replacements",
    "list_users",
    "list_weeks",
    "mark_unfilled",
    "me",
    "payroll_export",
    "permission_matrix",
    "refuse_access_request",
    "register",
    "remove_manager",
    "replacement_lists",
    "request_access",
    "request_advance",
    "request_password_reset",
    "resend_pending",
    "reset_password",
    "restore_manager",
    "reveal_bank_details",
    "send_activation",
    "set_bank_details",
    "set_grants",
    "set_schedule",
    "set_secret_question",
    "set_security_key",
    "share_document",
    "sign_in",
    "submit_expense",
    "submit_leave",
    "submit_replacement",
    "submit_timesheet",
    "submit_week",
    "update_establishment",
    "update_organisation",
    "update_profile",
    "update_replacement",
    "update_settings",
    "update_user",
];

/// The ports `spec`'s operation uses (a constant, so a function's binary
/// links only those adapters). The local runner serves each request with
/// exactly these, so the end-to-end tests prove the lists right.
pub const fn ports(spec: &OperationSpec) -> Ports {
    if !listed(spec.id, REVIEWED) {
        return ALL;
    }
    let mut ports = 0;
    if !matches!(spec.access, Access::Public) {
        ports |= VERIFIER;
    }
    if listed(spec.id, SENDS_EMAIL) {
        ports |= MAILER;
    }
    if listed(spec.id, USES_DIRECTORY) {
        ports |= DIRECTORY;
    }
    if listed(spec.id, USES_FILES) {
        ports |= FILES;
    }
    ports
}

/// A port the operation was not built with: every call is refused as a
/// dependency failure (503), which the tests would catch at once.
pub struct NotWired;

const NOT_WIRED: &str = "port not wired into this function";

#[async_trait]
impl Mailer for NotWired {
    async fn send(&self, _email: &OutgoingEmail) -> Result<String, MailError> {
        Err(MailError::Unavailable(format!("mailer: {NOT_WIRED}")))
    }
}

#[async_trait]
impl Directory for NotWired {
    async fn ensure_identity(&self, _email: &str) -> Result<String, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn set_password(&self, _email: &str, _password: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn sign_in(
        &self,
        _email: &str,
        _password: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn set_enabled(&self, _email: &str, _enabled: bool) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn sign_out_everywhere(&self, _email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn delete_identity(&self, _email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn change_email(&self, _email: &str, _new_email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
}

#[async_trait]
impl FileStorage for NotWired {
    async fn upload_url(
        &self,
        _key: &str,
        _content_type: &str,
        _size_bytes: i64,
        _valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        Err(FileError::Unavailable(format!("files: {NOT_WIRED}")))
    }
    async fn download_url(
        &self,
        _key: &str,
        _file_name: &str,
        _valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        Err(FileError::Unavailable(format!("files: {NOT_WIRED}")))
    }
    async fn stat(&self, _key: &str) -> Result<Option<StoredFile>, FileError> {
        Err(FileError::Unavailable(format!("files: {NOT_WIRED}")))
    }
}

#[async_trait]
impl SessionVerifier for NotWired {
    async fn verify(&self, _token: &str) -> Result<Principal, VerifyError> {
        Err(VerifyError::Unavailable(format!("verifier: {NOT_WIRED}")))
    }
}

/// `ctx` with only the ports in `ports` (the others [`NotWired`]): what a
/// function built with those ports sees.
pub fn restrict(ctx: &Context, ports: Ports) -> Context {
    let mut ctx = ctx.clone();
    if ports & MAILER == 0 {
        ctx.mailer = Arc::new(NotWired);
    }
    if ports & DIRECTORY == 0 {
        ctx.directory = Arc::new(NotWired);
    }
    if ports & VERIFIER == 0 {
        ctx.verifier = Arc::new(NotWired);
    }
    if ports & FILES == 0 {
        ctx.files = Arc::new(NotWired);
    }
    ctx
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
    key.pk.starts_with("IDENTITY#")
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

/// The context with every AWS adapter, from explicit settings.
pub async fn context(settings: &AwsSettings, app: Settings) -> Result<Context, SetupError> {
    context_counting(settings, app, None).await
}

/// Like [`context`], every SDK call counted by `counter` when given.
pub async fn context_counting(
    settings: &AwsSettings,
    app: Settings,
    counter: Option<CallCounter>,
) -> Result<Context, SetupError> {
    context_with::<ALL>(settings, app, counter).await
}

/// The context with the adapters in `P` only (the others [`NotWired`]);
/// with a constant `P`, the unused SDK clients are not linked.
pub async fn context_with<const P: Ports>(
    settings: &AwsSettings,
    app: Settings,
    counter: Option<CallCounter>,
) -> Result<Context, SetupError> {
    let config = lambda_sdk_config(settings);
    let mut dynamodb = aws_sdk_dynamodb::config::Builder::from(&config);
    if let Some(counter) = &counter {
        dynamodb = dynamodb.interceptor(counter.clone());
    }
    let mailer: Arc<dyn Mailer> = if P & MAILER != 0 {
        let mut ses = aws_sdk_sesv2::config::Builder::from(&config);
        if let Some(counter) = &counter {
            ses = ses.interceptor(counter.clone());
        }
        Arc::new(SesMailer::new(
            aws_sdk_sesv2::Client::from_conf(ses.build()),
            &settings.sender,
        ))
    } else {
        Arc::new(NotWired)
    };
    let directory: Arc<dyn Directory> = if P & DIRECTORY != 0 {
        let mut cognito = aws_sdk_cognitoidentityprovider::config::Builder::from(&config);
        if let Some(counter) = &counter {
            cognito = cognito.interceptor(counter.clone());
        }
        Arc::new(CognitoDirectory::new(
            aws_sdk_cognitoidentityprovider::Client::from_conf(cognito.build()),
            &settings.user_pool_id,
            &settings.client_id,
        ))
    } else {
        Arc::new(NotWired)
    };
    let verifier: Arc<dyn SessionVerifier> = if P & VERIFIER != 0 {
        Arc::new(JwksVerifier::new(
            &settings.jwks_url,
            &settings.issuer,
            &settings.client_id,
        )?)
    } else {
        Arc::new(NotWired)
    };
    let files: Arc<dyn FileStorage> = if P & FILES != 0 {
        // Path-style addressing: the emulator serves buckets under its own host.
        let mut s3 = aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(settings.endpoint.is_some())
            .request_checksum_calculation(
                aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired,
            );
        if let Some(counter) = &counter {
            s3 = s3.interceptor(counter.clone());
        }
        Arc::new(super::s3::S3Files::new(
            aws_sdk_s3::Client::from_conf(s3.build()),
            &settings.bucket,
        ))
    } else {
        Arc::new(NotWired)
    };
    Ok(Context {
        store: Arc::new(IdentityCache::new(DynamoStore::new(
            aws_sdk_dynamodb::Client::from_conf(dynamodb.build()),
            &settings.table,
        ))),
        mailer,
        directory,
        verifier,
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
        files,
        settings: app,
    })
}

/// The context of a Lambda function with every adapter, from its environment.
pub async fn context_from_env() -> Result<Context, SetupError> {
    context_from_env_with::<ALL>().await
}

/// The context of a Lambda function with the adapters in `P`, from its
/// environment.
pub async fn context_from_env_with<const P: Ports>() -> Result<Context, SetupError> {
    let settings = AwsSettings::from_env()?;
    context_with::<P>(&settings, Settings::from_env(), None).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::registry;

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
            bucket: "b".into(),
            issuer: "https://issuer".into(),
            jwks_url: "https://issuer/jwks".into(),
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

    #[test]
    fn every_operation_is_reviewed_and_the_lists_name_only_operations() {
        for spec in registry() {
            assert!(
                listed(spec.id, REVIEWED),
                "{}: review which ports it uses, then list it",
                spec.id
            );
        }
        for id in REVIEWED
            .iter()
            .chain(SENDS_EMAIL)
            .chain(USES_DIRECTORY)
            .chain(USES_FILES)
        {
            assert!(
                registry().iter().any(|s| s.id == *id),
                "{id} is no operation"
            );
        }
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

    #[test]
    fn ports_follow_access_and_the_lists() {
        use crate::operations::{
            accounts::me, accounts::register, accounts::sign_in, employee_space::submit_expense,
        };
        assert_eq!(ports(&me::SPEC), VERIFIER);
        assert_eq!(ports(&sign_in::SPEC), DIRECTORY);
        // Operations queue their emails: none is built with SES.
        assert_eq!(ports(&register::SPEC), DIRECTORY);
        assert_eq!(ports(&submit_expense::SPEC), VERIFIER | FILES);
    }
}
