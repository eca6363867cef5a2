//! A whole local Sésame: provisioned resources, AWS adapters pointed at the
//! emulator, the demo organisation and the HTTP server on loopback.

use crate::provision::{LocalStack, provision};
use crate::seed::{DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_ID, Demo, seed_demo, seed_operator};
use crate::server::{App, bind_routes, serve};
use crate::template::Template;
use sesame::adapters::calls::CallCounter;
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
}

impl Drop for LocalRun {
    fn drop(&mut self) {
        self.server.abort();
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
        let mut ctx = sesame::adapters::aws::context_counting(
            &stack.settings,
            Settings {
                portal_url: base_url.clone(),
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
        let app = Arc::new(App {
            ctx: ctx.clone(),
            routes,
            emulator_url: Some(emulator_url.to_string()),
            requests: AtomicU64::new(0),
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
        })
    }
}
