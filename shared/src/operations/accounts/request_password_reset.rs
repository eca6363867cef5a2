//! Forgotten password (public): the same answer, in the same time, whether
//! or not the email has an account; when it has one, a single-use link
//! valid one hour, minted and emailed by the outbox sender after the answer.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::emails;
use crate::domain::accounts::invitation::{RESET_VALIDITY_HOURS, TokenPurpose};
use crate::domain::errors::ValidationErrors;
use crate::domain::locale::Locale;
use crate::domain::validate::Email;
use crate::layout::records::{Intake, create};
use crate::operations::accounts::support::bodies::Accepted;
use crate::operations::accounts::support::plans;
use crate::operations::commit::Commit;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
    attempts, outbox, tokens,
};
use crate::ports::Key;
use crate::ports::Write;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("request_password_reset")
    .post("/password-resets")
    .access(Access::Public)
    .summary(
        "Ask for a password-reset link; the same answer whether or not the email has an account",
    )
    .takes(Body::of::<ResetRequest>())
    .answers(202, Body::of::<Accepted>())
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: Option<String>,
}

struct Phases;

impl Phased for Phases {
    type Input = ResetRequest;

    fn plan(ctx: &Context, request: &Request, input: &ResetRequest) -> Vec<Key> {
        // The account is looked up by the outbox sender, after the answer.
        let _ = request;
        plans::tally(
            ctx,
            crate::operations::attempts::RESET,
            input.email.as_deref(),
        )
        .into_iter()
        .collect()
    }

    async fn run(ctx: &Context, request: Request, input: Result<ResetRequest, OpError>) -> Outcome {
        let input = input?;
        let mut errors = ValidationErrors::default();
        let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
        let email = errors
            .finish(email)?
            .ok_or(OpError::Internal("email".into()))?;
        // At most 3 emails an hour per address; past it, the same answer and
        // no email (known and unknown addresses alike).
        let tally = attempts::tally(ctx, attempts::RESET, email.as_str()).await?;
        if tally.exhausted() {
            return Output::json(202, &Accepted::check_email(request.locale));
        }
        // Whoever is on file, the same work: the tally and the request's
        // intake, in one transaction. The account is looked up, and the link
        // minted and emailed, by the outbox sender after the answer.
        let intake = outbox::intake(
            ctx,
            email.as_str(),
            Intake::PasswordReset {
                locale: request.locale,
            },
        );
        let mut commit = Commit::new();
        commit.push(tally.record()).push(create(&intake));
        commit.run(ctx).await?;
        Output::json(202, &Accepted::check_email(request.locale))
    }
}

/// The request's work, done by the outbox sender: when the address has an
/// account that can sign in, a link valid one hour, which becomes the
/// account's only live reset link, and its email. Nothing otherwise.
pub(crate) async fn complete(
    ctx: &Context,
    email: &str,
    locale: Locale,
) -> Result<Vec<Write>, OpError> {
    let account: Option<Account> = crate::operations::reads::account_by_email(ctx, email).await?;
    let Some(account) = account.filter(|a| a.identity.is_some()) else {
        return Ok(Vec::new());
    };
    let (token, stored) = tokens::mint(
        ctx,
        TokenPurpose::PasswordReset,
        "",
        &account.id,
        jiff::SignedDuration::from_hours(RESET_VALIDITY_HOURS),
    );
    let link = format!("{}/reset#token={token}", ctx.settings.portal_url);
    let content = emails::password_reset(locale, &link, stored.token.expires_at);
    let message = outbox::message(ctx, None, &account.email, content);
    // The newest link is the only one that works.
    Ok(vec![
        create(&stored),
        tokens::make_live_reset(&stored),
        create(&message),
    ])
}
