//! What the activation page must ask for: with the link's token, whether
//! security keys are required and the two questions to show.

use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::Membership;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::bodies::ActivationInput;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, Table, run_fn, tokens,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("activation_info")
    .post("/activation/info")
    .access(Access::Public)
    .table(Table::Reads)
    .summary("For an activation link: the organisation, and the security questions when keys are required")
    .takes(Body::of::<ActivationInput>())
    .answers(200, Body::of::<ActivationInfo>())
    .problems(&[410, 423])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivationInfo {
    pub org_name: String,
    pub first_name: String,
    pub requires_keys: bool,
    /// The organisation's mail-key question.
    pub mail_key_question: Option<String>,
    /// The person's secret question.
    pub secret_question: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: ActivationInput = request.json()?;
    let stored = tokens::check(
        ctx,
        input.token.as_deref().unwrap_or(""),
        TokenPurpose::Activation,
    )
    .await?;
    let found = ctx
        .store
        .get_many(&[
            keys::membership(&stored.token.org_id, &stored.token.account_id),
            keys::org(&stored.token.org_id),
        ])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(m)), Some(Some(o))) = (found.next(), found.next()) else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    let membership: Membership = from_item(m)?;
    let org: Organisation = from_item(o)?;
    if membership
        .invitation
        .as_ref()
        .is_some_and(|i| i.failed_attempts >= crate::domain::accounts::secrets::MAX_ATTEMPTS)
    {
        return Err(crate::operations::people::errors::PeopleError::InvitationLocked.into());
    }
    let requires_keys = org.settings.require_security_keys;
    Output::json(
        200,
        &ActivationInfo {
            org_name: org.name.clone(),
            first_name: membership.first_name.clone(),
            requires_keys,
            mail_key_question: requires_keys
                .then(|| org.mail_key.map(|k| k.question))
                .flatten(),
            secret_question: requires_keys
                .then(|| membership.secret.map(|k| k.question))
                .flatten(),
        },
    )
}
