//! The local AWS emulator (moto from the project's `.venv`, served one
//! request at a time by `scripts/emulator.py`): start it
//! on a free loopback port, or use the one the test script started.

use crate::client;
use crate::template::root;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub const REGION: &str = "us-east-1";

/// A text message the emulator recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentText {
    pub to: String,
    pub message: String,
    pub code: String,
}

/// A running emulator.
pub struct Emulator {
    pub url: String,
    child: Option<Child>,
}

/// One email the emulator accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    pub id: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl SentEmail {
    /// Every `href` of the HTML body.
    pub fn links(&self) -> Vec<String> {
        self.body
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|l| l.replace("&amp;", "&"))
            .collect()
    }
}

/// The SDK reads credentials from the environment; the emulator accepts any.
pub fn use_fake_credentials() {
    // SAFETY: called before any thread reads the environment (start-up).
    unsafe {
        if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
            std::env::set_var("AWS_ACCESS_KEY_ID", "local");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "local");
        }
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl Emulator {
    /// The emulator named by `SESAME_EMULATOR_URL`, if any.
    pub fn from_env() -> Option<Emulator> {
        std::env::var("SESAME_EMULATOR_URL")
            .ok()
            .filter(|u| !u.is_empty())
            .map(|url| Emulator { url, child: None })
    }

    /// The emulator at `url`, started by someone else.
    pub fn at(url: &str) -> Emulator {
        Emulator {
            url: url.to_string(),
            child: None,
        }
    }

    /// Starts moto server from `.venv` on a free loopback port.
    pub async fn start() -> Result<Emulator, String> {
        let python = root().join(".venv/bin/python");
        let script = root().join("scripts/emulator.py");
        if !python.exists() {
            return Err(format!(
                "{} is missing: run scripts/setup.sh first",
                python.display()
            ));
        }
        let port = free_port().map_err(|e| e.to_string())?;
        let log_dir = root().join(".local");
        std::fs::create_dir_all(&log_dir).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(log_dir.join("moto.log")).map_err(|e| e.to_string())?;
        let child = Command::new(python)
            .arg(script)
            .args(["127.0.0.1", &port.to_string()])
            .stdout(Stdio::from(log.try_clone().map_err(|e| e.to_string())?))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start moto_server: {e}"))?;
        let emulator = Emulator {
            url: format!("http://127.0.0.1:{port}"),
            child: Some(child),
        };
        emulator.wait_ready(Duration::from_secs(60)).await?;
        Ok(emulator)
    }

    async fn wait_ready(&self, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(reply) = client::get(&format!("{}/moto-api/", self.url)).await
                && reply.status == 200
            {
                return Ok(());
            }
            if started.elapsed() > timeout {
                return Err(format!("moto server did not answer at {}", self.url));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Stops the emulator this process started.
    pub async fn stop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill().await;
        }
        self.child = None;
    }

    /// The text messages Cognito would have sent by SMS, oldest first,
    /// then those published through SNS (no code).
    pub async fn sent_texts(&self) -> Result<Vec<SentText>, String> {
        let reply = client::get(&format!("{}/sesame/sent-texts", self.url)).await?;
        if reply.status != 200 {
            return Err(format!("sent texts: status {}", reply.status));
        }
        Ok(reply
            .json()
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|t| SentText {
                to: t["to"].as_str().unwrap_or_default().to_string(),
                message: t["message"].as_str().unwrap_or_default().to_string(),
                code: t["code"].as_str().unwrap_or_default().to_string(),
            })
            .collect())
    }

    /// The codes texted to `phone` (E.164), oldest first.
    pub async fn texted_codes(&self, phone: &str) -> Result<Vec<String>, String> {
        Ok(self
            .sent_texts()
            .await?
            .into_iter()
            .filter(|t| t.to == phone && !t.code.is_empty())
            .map(|t| t.code)
            .collect())
    }

    /// Every email the emulator accepted, oldest first.
    pub async fn sent_emails(&self) -> Result<Vec<SentEmail>, String> {
        // The emulator's own route (scripts/emulator.py): only SES's
        // messages, not every model of every service.
        let reply = client::get(&format!("{}/sesame/sent-emails", self.url)).await?;
        if reply.status != 200 {
            return Err(format!("sent emails: status {}", reply.status));
        }
        let messages = reply.json().as_array().cloned().unwrap_or_default();
        Ok(messages
            .iter()
            .map(|m| SentEmail {
                id: m["id"].as_str().unwrap_or_default().to_string(),
                to: m["destinations"]["ToAddresses"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                subject: m["subject"].as_str().unwrap_or_default().to_string(),
                body: m["body"].as_str().unwrap_or_default().to_string(),
            })
            .collect())
    }
}
