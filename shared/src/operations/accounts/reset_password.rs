//! Setting a new password with the reset link's token (single use, one
//! hour). The person is then signed out everywhere else.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::accounts::password;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::reads::account_with_memberships;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, run_fn,
    tokens,
};

use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::ports::{DirectoryError, Write};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("reset_password")
    .post("/password-resets/confirm")
    .access(Access::Public)
    .directory(&[DirectoryCall::SetPassword, DirectoryCall::SignOutEverywhere])
    .summary("Choose a new password with the reset link's token")
    .takes(Body::of::<NewPassword>())
    .answers(200, Body::of::<PasswordChanged>())
    .problems(&[409, 410])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub token: Option<String>,
    pub password: Option<String>,
    pub password_confirmation: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordChanged {
    /// The sign-in identifier.
    pub email: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: NewPassword = request.json()?;
    let mut errors = ValidationErrors::default();
    let password = input.password.unwrap_or_default();
    if input.token.as_deref().unwrap_or("").is_empty() {
        errors.push("token", FieldCode::Required);
    }
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    } else if !password::meets_policy(&password) {
        errors.push("password", FieldCode::WeakPassword);
    }
    if let Some(confirmation) = &input.password_confirmation
        && confirmation != &password
    {
        errors.push("password_confirmation", FieldCode::Mismatch);
    }
    errors.finish(())?;
    // One use of the link at a time, and only the account's live reset
    // link: the winner alone sets the password.
    let claim = tokens::claim(
        ctx,
        input.token.as_deref().unwrap_or(""),
        TokenPurpose::PasswordReset,
    )
    .await?;
    let outcome = reset(ctx, &claim, &password).await;
    claim.settle(ctx, outcome).await
}

/// The reset proper, by the use that holds the link.
async fn reset(ctx: &Context, claim: &tokens::Claim, password: &str) -> Outcome {
    let (account, memberships) =
        account_with_memberships(ctx, &claim.stored.token.account_id).await?;
    let account: Account = account.ok_or(AccountsError::Token(TokenRefusal::Invalid))?;
    // The directory first: a password it refuses leaves the link usable
    // (the claim is released); set again on a retry, it is idempotent.
    ctx.directory.set_password(&account.email, password).await?;
    // The link used, and every other reset link of the account void.
    let commit = decide(
        &account,
        &memberships,
        claim.finish(ctx),
        || ctx.new_id(),
        ctx.clock.now(),
    );
    commit.run(ctx).await?;
    match ctx.directory.sign_out_everywhere(&account.email).await {
        Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
        Err(error) => tracing::warn!(%error, "global sign-out after reset failed"),
    }
    Output::json(
        200,
        &PasswordChanged {
            email: account.email,
        },
    )
}

/// The reset's writes: the link used (first, by the use that holds it),
/// every other reset link of the account void, and the reset audited in each
/// organisation that still has the person on file.
fn decide(
    account: &Account,
    memberships: &[Membership],
    finish: Write,
    mut new_id: impl FnMut() -> String,
    now: jiff::Timestamp,
) -> Commit {
    let mut commit = Commit::new();
    commit
        .push_or(finish, tokens::Claim::lost())
        .push(tokens::void_resets(&account.id));
    for m in memberships {
        if m.status != MembershipStatus::Deleted {
            commit.push(
                Audit::at(
                    new_id(),
                    now,
                    &m.org_id,
                    &account.id,
                    "account.password_reset",
                )
                .target(&account.id)
                .establishment(m.main_establishment.as_deref())
                .write(),
            );
        }
    }
    commit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::accounts::support::fixtures::{account, at, membership};
    use MembershipStatus::*;

    #[test]
    fn the_link_is_used_first_and_every_other_reset_link_voided() {
        let finish = Write::Delete {
            key: crate::layout::keys::token("h1"),
            condition: None,
        };
        let commit = decide(
            &account(Some("sub")),
            &[],
            finish.clone(),
            || "e".into(),
            at(),
        );
        assert_eq!(commit.writes(), [finish, tokens::void_resets("zoe")]);
    }

    #[test]
    fn the_reset_is_audited_in_each_organisation_that_still_has_the_person() {
        let mut other = membership(Disabled);
        other.org_id = "p".into();
        let finish = tokens::void_resets("x");
        let memberships = [membership(Active), membership(Deleted), other];
        let commit = decide(
            &account(Some("sub")),
            &memberships,
            finish,
            || "e".into(),
            at(),
        );
        let audited: Vec<String> = commit.writes()[2..]
            .iter()
            .map(|w| match w {
                Write::Put { item, .. } => {
                    assert_eq!(item["action"], "account.password_reset");
                    assert_eq!(item["target"], "zoe");
                    item["org_id"].as_str().unwrap_or_default().to_string()
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(audited, ["o", "p"]);
    }
}
