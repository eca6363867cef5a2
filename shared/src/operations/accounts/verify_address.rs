//! The first of two activation emails opened (public; an organisation's
//! choice, seed 004): the link's token validates the address, and the
//! second email, whose link lets the person choose her password, goes out
//! in the same transaction. The link works once: of two uses at the same
//! moment, one sends the second email and the other is told the link was
//! used.

use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, invitation_email};
use crate::operations::tokens;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("verify_address")
    .post("/activation/address")
    .access(Access::Public)
    .summary("Confirm one's email address with the first of two activation emails' token; the second email, to choose a password, is sent")
    .takes(Body::of::<AddressInput>())
    .answers(202, Body::of::<AddressVerified>())
    .problems(&[409, 410])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    pub token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AddressVerified {
    /// Where the second email went.
    pub email: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: AddressInput = request.json()?;
    let token = input.token.unwrap_or_default();
    if token.is_empty() {
        let mut errors = ValidationErrors::default();
        errors.push("token", FieldCode::Required);
        errors.finish(())?;
    }
    // Opened again (a second tap, a reload): said as such, not as a link
    // to sign in with.
    let already = |e: OpError| match e {
        OpError::Refused(p) if p.slug() == "link-used" => {
            AccountsError::AddressAlreadyConfirmed.into()
        }
        other => other,
    };
    let stored = tokens::check(ctx, &token, TokenPurpose::AddressCheck)
        .await
        .map_err(already)?;
    let (org_id, account_id) = (&stored.token.org_id, &stored.token.account_id);
    let found = ctx
        .store
        .get_many(&[keys::membership(org_id, account_id), keys::org(org_id)])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(m)), Some(Some(o))) = (found.next(), found.next()) else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    let current: Membership = from_item(m)?;
    let org: Organisation = from_item(o)?;
    // Only the invitation's live link: a newer one (sent again), a
    // cancelled invitation or an activated account voids it.
    let live = current.status == MembershipStatus::Invited
        && current
            .invitation
            .as_ref()
            .is_some_and(|i| i.token_hash == stored.hash);
    if !live {
        return Err(AccountsError::Token(TokenRefusal::Superseded).into());
    }
    let invitation = current.invitation.clone().unwrap_or_else(|| unreachable!());
    let (link, message) = invitation_email(
        ctx,
        &org,
        &current,
        TokenPurpose::Activation,
        invitation.expires_at,
    );
    let now = ctx.clock.now();
    let mut next = current.clone();
    if let Some(i) = next.invitation.as_mut() {
        i.token_hash = link.hash.clone();
        i.outbox_id = message.id.clone();
    }
    next.updated_at = now;
    next.version += 1;
    let mut commit = Commit::new();
    commit
        .push_or(
            tokens::use_once(ctx, &stored),
            AccountsError::AddressAlreadyConfirmed,
        )
        .push(replace(&next, current.version))
        .push(create(&link))
        .push(create(&message))
        .push(audit(
            ctx,
            org_id,
            account_id,
            "invitation.address_verified",
            &current,
            json!({"email": {"after": current.email}}),
        ));
    commit.run(ctx).await.map_err(|e| match e {
        // The invitation changed meanwhile (sent again, cancelled).
        OpError::VersionConflict => AccountsError::Token(TokenRefusal::Superseded).into(),
        other => other,
    })?;
    Output::json(
        202,
        &AddressVerified {
            email: current.email,
        },
    )
}
