//! The composition root: builds a function's [`Context`] from its
//! environment, once per cold start, with the adapters of the ports its
//! operation declares ([`OperationSpec::uses`]) and no others.
//!
//! The choice is a constant ([`ports`] of the SPEC, passed as the const
//! generic of [`crate::http::lambda::run`]), so the code of the other SDK
//! clients is not even linked into the function's binary, and nothing
//! unused is set up at init. A port the operation does not declare answers
//! "unavailable" (a 503), never silently ([`NotWired`]).

use crate::adapters::aws::{IdentityCache, SetupError, lambda_sdk_config};
use crate::adapters::calls::CallCounter;
use crate::adapters::cognito::CognitoDirectory;
use crate::adapters::dynamo::DynamoStore;
use crate::adapters::jwks::JwksVerifier;
use crate::adapters::kms::KmsCipher;
use crate::adapters::not_wired::NotWired;
use crate::adapters::ses::SesMailer;
use crate::adapters::sns::SnsTexter;
use crate::adapters::system::{OsRandom, SystemClock};
use crate::config::{AwsSettings, Settings};
use crate::operations::{Access, Context, OperationSpec, Uses, WorkerSpec};
use crate::ports::{Cipher, Directory, FileStorage, Mailer, SessionVerifier, Texter};
use std::sync::Arc;

/// The ports a function is built with beyond the store, clock and
/// randomness (bit set; see [`ports`]).
pub type Ports = u8;
/// SES: the function sends email (outbox delivery).
pub const MAILER: Ports = 1;
/// Cognito: the operation creates, signs in, enables or signs out identities.
pub const DIRECTORY: Ports = 2;
/// The JWKS verifier: the operation needs a signed-in caller.
pub const VERIFIER: Ports = 4;
/// S3: the operation stores or serves files (receipts, documents).
pub const FILES: Ports = 8;
/// KMS: the operation seals or opens bank details.
pub const CIPHER: Ports = 16;
/// SNS: the function sends text messages (outbox delivery).
pub const TEXTER: Ports = 32;
pub const ALL: Ports = MAILER | DIRECTORY | VERIFIER | FILES | CIPHER | TEXTER;

/// The ports of what `uses` declares, with the verifier unless `access` is
/// public.
pub const fn ports_of(access: Access, uses: Uses) -> Ports {
    let mut ports = 0;
    if !matches!(access, Access::Public) {
        ports |= VERIFIER;
    }
    if uses.mailer {
        ports |= MAILER;
    }
    if uses.texter {
        ports |= TEXTER;
    }
    if !uses.directory.is_empty() {
        ports |= DIRECTORY;
    }
    if !uses.files.is_empty() {
        ports |= FILES;
    }
    if !uses.cipher.is_empty() {
        ports |= CIPHER;
    }
    ports
}

/// The ports `spec`'s operation uses (a constant, so a function's binary
/// links only those adapters). The local runner serves each request with
/// exactly these, so the end-to-end tests prove the declarations right.
pub const fn ports(spec: &OperationSpec) -> Ports {
    ports_of(spec.access, spec.uses)
}

/// The ports of a worker (it serves no caller: no verifier).
pub const fn worker_ports(worker: &WorkerSpec) -> Ports {
    ports_of(Access::Public, worker.uses)
}

/// `ctx` with only the ports in `ports` (the others [`NotWired`]): what a
/// function built with those ports sees.
pub fn restrict(ctx: &Context, ports: Ports) -> Context {
    let mut ctx = ctx.clone();
    if ports & MAILER == 0 {
        ctx.mailer = Arc::new(NotWired);
    }
    if ports & TEXTER == 0 {
        ctx.texter = Arc::new(NotWired);
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
    if ports & CIPHER == 0 {
        ctx.cipher = Arc::new(NotWired);
    }
    ctx
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
        Arc::new(
            SesMailer::new(
                aws_sdk_sesv2::Client::from_conf(ses.build()),
                &settings.sender,
            )
            .with_configuration_set(settings.configuration_set.clone()),
        )
    } else {
        Arc::new(NotWired)
    };
    let texter: Arc<dyn Texter> = if P & TEXTER != 0 {
        let mut sns = aws_sdk_sns::config::Builder::from(&config);
        if let Some(counter) = &counter {
            sns = sns.interceptor(counter.clone());
        }
        Arc::new(SnsTexter::new(aws_sdk_sns::Client::from_conf(sns.build())))
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
        Arc::new(crate::adapters::s3::S3Files::new(
            aws_sdk_s3::Client::from_conf(s3.build()),
            &settings.bucket,
        ))
    } else {
        Arc::new(NotWired)
    };
    let cipher: Arc<dyn Cipher> = if P & CIPHER != 0 {
        let key = settings
            .bank_details_key
            .as_deref()
            .ok_or(crate::config::MissingVariable("SESAME_BANK_DETAILS_KEY"))?;
        let mut kms = aws_sdk_kms::config::Builder::from(&config);
        if let Some(counter) = &counter {
            kms = kms.interceptor(counter.clone());
        }
        Arc::new(KmsCipher::new(
            aws_sdk_kms::Client::from_conf(kms.build()),
            key,
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
        texter,
        directory,
        verifier,
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
        files,
        cipher,
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

    #[test]
    fn ports_follow_access_and_uses() {
        use crate::operations::{
            accounts::me, accounts::register, accounts::sign_in, employee_space::submit_expense,
        };
        assert_eq!(ports(&me::SPEC), VERIFIER);
        assert_eq!(ports(&sign_in::SPEC), DIRECTORY);
        // Operations queue their emails: none is built with SES.
        assert_eq!(ports(&register::SPEC), DIRECTORY);
        assert_eq!(ports(&submit_expense::SPEC), VERIFIER | FILES);
        for spec in crate::operations::registry() {
            assert_eq!(ports(spec) & MAILER, 0, "{} sends email itself", spec.id);
            assert_eq!(ports(spec) & TEXTER, 0, "{} sends texts itself", spec.id);
        }
        // Only the sender sends, emails and texts.
        assert_eq!(
            worker_ports(&crate::operations::SEND_OUTBOX),
            MAILER | TEXTER
        );
    }

    #[test]
    fn only_the_bank_details_operations_get_the_cipher() {
        use crate::operations::employee_space::{
            get_bank_details, reveal_bank_details, set_bank_details,
        };
        assert_eq!(ports(&set_bank_details::SPEC), VERIFIER | CIPHER);
        assert_eq!(ports(&reveal_bank_details::SPEC), VERIFIER | CIPHER);
        // The masked form is kept in clear: showing it needs no key.
        assert_eq!(ports(&get_bank_details::SPEC), VERIFIER);
        let with: Vec<&str> = crate::operations::registry()
            .iter()
            .filter(|spec| ports(spec) & CIPHER != 0)
            .map(|spec| spec.id)
            .collect();
        assert_eq!(with, ["set_bank_details", "reveal_bank_details"]);
    }
}
