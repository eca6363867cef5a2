//! A whole local Sésame: provisioned resources, AWS adapters pointed at the
//! emulator, the demo organisation and the HTTP server on loopback.

use crate::provision::{LocalStack, provision};
use crate::seed::{DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_ID, Demo, seed_demo, seed_operator};
use crate::server::{App, bind_routes, serve};
use crate::template::Template;
use sesame::adapters::calls::CallCounter;
use sesame::adapters::cognito::CognitoDirectory;
use sesame::adapters::dynamo::DynamoStore;
use sesame::adapters::ses::SesMailer;
use sesame::config::AwsSettings;
use sesame::config::Settings;
use sesame::operations::Context;
use sesame::ports::Clock;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub struct LocalRun {
    pub base_url: String,
    pub addr: SocketAddr,
    pub stack: LocalStack,
    pub ctx: Context,
    pub demo: Demo,
    /// Every AWS SDK call the runner's adapters made.
    pub calls: CallCounter,
    server: JoinHandle<()>,
    sender: JoinHandle<()>,
}

/// `ctx` with its AWS adapters reaching the services through `proxy_url`:
/// 20 s per attempt (a held call fails it), 3 attempts, 70 s in all.
async fn through(ctx: &Context, settings: &AwsSettings, proxy_url: &str) -> Context {
    use aws_config::timeout::TimeoutConfig;
    use std::time::Duration;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(settings.region.clone()))
        .endpoint_url(proxy_url)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(Duration::from_secs(20))
                .operation_timeout(Duration::from_secs(70))
                .build(),
        )
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(3))
        .load()
        .await;
    let mut faulty = ctx.clone();
    faulty.store = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&config),
        &settings.table,
    ));
    faulty.mailer = Arc::new(SesMailer::new(
        aws_sdk_sesv2::Client::new(&config),
        &settings.sender,
    ));
    faulty.texter = Arc::new(sesame::adapters::sns::SnsTexter::new(
        aws_sdk_sns::Client::new(&config),
    ));
    faulty.directory = Arc::new(CognitoDirectory::new(
        aws_sdk_cognitoidentityprovider::Client::new(&config),
        &settings.user_pool_id,
        &settings.client_id,
    ));
    if let Some(key) = &settings.bank_details_key {
        faulty.cipher = Arc::new(sesame::adapters::kms::KmsCipher::new(
            aws_sdk_kms::Client::new(&config),
            key,
        ));
    }
    faulty
}

/// The runner's schedules: every second it takes the offer rounds' due
/// steps and delivers what has become due, like the `run_offer_waves` and
/// `send_outbox` functions' minute schedules.
async fn send_outbox(ctx: Context) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        if let Err(error) = sesame::operations::replacements::waves::run_due(&ctx).await {
            tracing::warn!(%error, "offer waves sweep failed; retried in a second");
        }
        if let Err(error) = sesame::operations::outbox::drain(&ctx).await {
            tracing::warn!(%error, "outbox sweep failed; retried in a second");
        }
    }
}

impl LocalRun {
    /// Stops the runner's once-a-second outbox sweep (the benchmark's cold
    /// starts count every request the emulator serves meanwhile).
    pub fn stop_outbox_sweep(&self) {
        self.sender.abort();
    }
}

impl Drop for LocalRun {
    fn drop(&mut self) {
        self.server.abort();
        self.sender.abort();
        if let Ok(path) = std::env::var("SESAME_CALLS_REPORT")
            && !path.is_empty()
        {
            crate::budget::append_report(&path, &self.calls);
        }
    }
}

impl LocalRun {
    /// Provisions a stack named after `suffix` in the emulator at
    /// `emulator_url`, seeds the demo and serves on `bind` (port 0: any).
    pub async fn start(
        emulator_url: &str,
        bind: SocketAddr,
        suffix: &str,
    ) -> Result<LocalRun, String> {
        LocalRun::start_with_clock(emulator_url, bind, suffix, None).await
    }

    /// Like [`LocalRun::start`], with the given clock in place of the real
    /// one (to test expiry through HTTP).
    pub async fn start_with_clock(
        emulator_url: &str,
        bind: SocketAddr,
        suffix: &str,
        clock: Option<Arc<dyn Clock>>,
    ) -> Result<LocalRun, String> {
        LocalRun::start_inner(emulator_url, bind, suffix, clock, None).await
    }

    /// Like [`LocalRun::start`], but once seeded, the served handlers and
    /// the outbox sender reach the AWS services through `proxy_url` (a
    /// [`crate::faults::FaultProxy`]) with short timeouts. `ctx` stays
    /// direct, for inspection.
    pub async fn start_through(
        emulator_url: &str,
        bind: SocketAddr,
        suffix: &str,
        proxy_url: &str,
    ) -> Result<LocalRun, String> {
        LocalRun::start_inner(emulator_url, bind, suffix, None, Some(proxy_url)).await
    }

    async fn start_inner(
        emulator_url: &str,
        bind: SocketAddr,
        suffix: &str,
        clock: Option<Arc<dyn Clock>>,
        proxy_url: Option<&str>,
    ) -> Result<LocalRun, String> {
        crate::emulator::use_fake_credentials();
        let template = Template::load().map_err(|e| e.to_string())?;
        let routes = bind_routes(&template)?;
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let base_url = format!("http://{addr}");
        let stack = provision(emulator_url, suffix)
            .await
            .map_err(|e| e.to_string())?;
        let calls = CallCounter::new();
        let mut ctx = sesame::compose::context_counting(
            &stack.settings,
            Settings {
                portal_url: base_url.clone(),
                origin_secret: None,
            },
            Some(calls.clone()),
        )
        .await
        .map_err(|e| e.to_string())?;
        if let Some(clock) = clock {
            ctx.clock = clock;
        }
        seed_operator(&ctx, DEMO_OPERATOR_ID, DEMO_OPERATOR_EMAIL)
            .await
            .map_err(|e| format!("seeding the operator failed: {e}"))?;
        let demo = seed_demo(&ctx)
            .await
            .map_err(|e| format!("seeding the demo failed: {e}"))?;
        // The sender's calls are not the operations': they are not counted.
        let mut sending = sesame::compose::context(
            &stack.settings,
            Settings {
                portal_url: base_url.clone(),
                origin_secret: None,
            },
        )
        .await
        .map_err(|e| e.to_string())?;
        sending.clock = ctx.clock.clone();
        let (served, sending) = match proxy_url {
            Some(url) => (
                through(&ctx, &stack.settings, url).await,
                through(&sending, &stack.settings, url).await,
            ),
            None => (ctx.clone(), sending),
        };
        let sender = tokio::spawn(send_outbox(sending.clone()));
        let app = Arc::new(App {
            ctx: served,
            routes,
            emulator_url: Some(emulator_url.to_string()),
            requests: AtomicU64::new(0),
            outbox: Some(sending),
            portal: crate::server::portal_dir(),
            calls: Some(calls.clone()),
        });
        let server = tokio::spawn(serve(listener, app));
        Ok(LocalRun {
            base_url,
            addr,
            stack,
            ctx,
            demo,
            calls,
            server,
            sender,
        })
    }
}
