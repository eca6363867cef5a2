//! Activation from the emailed link (public): the token and a chosen
//! password. Creates and confirms the directory identity, makes the
//! membership `active`, and emails a confirmation.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::accounts::password;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus, Transition};
use crate::layout::keys;
use crate::layout::records::{OutboxMessage, create, from_item, replace};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::activated;
use crate::operations::accounts::support::bodies::ActivationInput;
use crate::operations::accounts::support::identity;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::counters;
use crate::operations::reads::partition;
use crate::operations::tokens;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output,
    Request, run_fn,
};
use crate::ports::Write;
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("confirm_account")
    .post("/activation")
    .access(Access::Public)
    .directory(&[DirectoryCall::EnsureIdentity, DirectoryCall::SetPassword])
    .summary("Activate an account with the emailed link's token and a new password")
    .takes(Body::of::<ActivationInput>())
    .answers(200, Body::of::<ActivationResult>())
    .problems(&[409, 410])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivationResult {
    pub org_id: String,
    pub status: MembershipStatus,
    /// The sign-in identifier.
    pub email: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: ActivationInput = request.json()?;
    let input_keys = [
        input.mail_key.clone().unwrap_or_default(),
        input.email_key.clone().unwrap_or_default(),
        input.secret_answer.clone().unwrap_or_default(),
    ];
    let mut errors = ValidationErrors::default();
    let token = input.token.unwrap_or_default();
    let password = input.password.unwrap_or_default();
    if token.is_empty() {
        errors.push("token", FieldCode::Required);
    }
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    }
    if let Some(confirmation) = &input.password_confirmation
        && confirmation != &password
    {
        errors.push("password_confirmation", FieldCode::Mismatch);
    }
    errors.finish(())?;
    // The pool's policy before the link is claimed (the pool has the last
    // word: a refusal there releases the claim).
    if !password::meets_policy(&password) {
        return Err(AccountsError::PasswordPolicy.into());
    }
    // One use of the link at a time: the winner alone sets the password.
    let claim = tokens::claim(ctx, &token, TokenPurpose::Activation).await?;
    let outcome = activate(ctx, &claim, &password, &input_keys).await;
    claim.settle(ctx, outcome).await
}

/// The activation proper, by the use that holds the link.
async fn activate(
    ctx: &Context,
    claim: &tokens::Claim,
    password: &str,
    input_keys: &[String; 3],
) -> Outcome {
    let stored = &claim.stored;
    let hash = stored.hash.clone();
    let now = ctx.clock.now();
    let org_id = stored.token.org_id.clone();
    let account_id = stored.token.account_id.clone();

    // Her membership among the organisation's (the managers to tell are
    // there too), then her account, the organisation and the
    // establishments of her roles (for her summary) in one batch.
    let members: Vec<Membership> = partition(ctx, &org_id, keys::MEMBER_PREFIX).await?;
    let Some(current) = members.iter().find(|m| m.account_id == account_id).cloned() else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    let mut wanted = vec![keys::account(&account_id), keys::org(&org_id)];
    wanted.extend(activated::establishment_keys(&current));
    let found = ctx.store.get_many(&wanted).await?;
    let mut found = found.into_iter();
    let (Some(account), Some(org)) = (found.next().flatten(), found.next().flatten()) else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    let account: Account = from_item(account)?;
    let org: Organisation = from_item(org)?;
    let establishments: Vec<Establishment> =
        found.flatten().map(from_item).collect::<Result<_, _>>()?;
    let status = admit(&current, &hash)?;
    if org.settings.require_security_keys {
        match judge_keys(&org, &current, input_keys)? {
            Keys::Accepted => {}
            Keys::Locked => {
                return Err(
                    crate::operations::people::errors::PeopleError::InvitationLocked.into(),
                );
            }
            Keys::Wrong => {
                let (commit, refusal) = keys_refused(&org, &current, ctx.new_id(), ctx.clock.now());
                commit.run(ctx).await?;
                return Err(refusal);
            }
        }
    }

    // The directory first: a policy failure changes nothing here and the
    // link keeps working. Both calls are idempotent, so a retry after a
    // failure further down completes the activation.
    let sub = ctx.directory.ensure_identity(&account.email).await?;
    ctx.directory.set_password(&account.email, password).await?;

    let summary = activated::summary(&current, &account.email, &establishments);
    let message = activated::confirmation(ctx, &org, &current, &summary);
    let managers = activated::managers_to_tell(&members, &account_id);
    let notices = activated::notices(ctx, &org, &managers, &current, &summary, now);
    let activation = Activation {
        current: &current,
        account: &account,
        status,
        sub,
        finish: claim.finish(ctx),
        message,
        notices,
    };
    let decision = decide(activation, ctx.new_id(), now);
    decision.commit.run(ctx).await?;
    tracing::info!(org = %org_id, user = %account_id, "account activated");
    Output::json(200, &decision.result)
}

/// The status the link's use gives the membership, or why it may not: a
/// rotated or cancelled invitation's token no longer matches, and a
/// membership this very link activated meanwhile says "used".
fn admit(current: &Membership, hash: &str) -> Result<MembershipStatus, OpError> {
    let ours = current
        .invitation
        .as_ref()
        .is_some_and(|i| i.token_hash == hash);
    if ours && current.status == MembershipStatus::Active {
        return Err(AccountsError::Token(TokenRefusal::Used).into());
    }
    if !ours || current.status != MembershipStatus::Invited {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    }
    Ok(current.status.apply(Transition::Activate)?)
}

/// The verdict on the three security keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    Accepted,
    /// Five wrong tries already: refused without looking.
    Locked,
    /// At least one is wrong (which one is never said).
    Wrong,
}

/// Checks the three keys together (all of them, whatever the first says).
fn judge_keys(
    org: &Organisation,
    current: &Membership,
    given: &[String; 3],
) -> Result<Keys, OpError> {
    use crate::domain::accounts::secrets::{MAX_ATTEMPTS, verify};
    let Some(invitation) = current.invitation.as_ref() else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    if invitation.failed_attempts >= MAX_ATTEMPTS {
        return Ok(Keys::Locked);
    }
    let mail = org
        .mail_key
        .as_ref()
        .is_some_and(|k| verify(&given[0], &k.answer_hash));
    let email = invitation
        .email_key_hash
        .as_ref()
        .is_some_and(|h| verify(&given[1], h));
    let secret = current
        .secret
        .as_ref()
        .is_some_and(|k| verify(&given[2], &k.answer_hash));
    Ok(if mail & email & secret {
        Keys::Accepted
    } else {
        Keys::Wrong
    })
}

/// A wrong try: counted on the invitation (with its audit), and the answer,
/// which locks the invitation at the fifth.
fn keys_refused(
    org: &Organisation,
    current: &Membership,
    audit_id: String,
    now: jiff::Timestamp,
) -> (Commit, OpError) {
    use crate::domain::accounts::secrets::MAX_ATTEMPTS;
    let mut next = current.clone();
    if let Some(inv) = next.invitation.as_mut() {
        inv.failed_attempts += 1;
    }
    next.version = current.version + 1;
    let attempts = current.invitation.as_ref().map_or(0, |i| i.failed_attempts) + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        Audit::at(
            audit_id,
            now,
            &org.id,
            "anonymous",
            "activation.keys_refused",
        )
        .of(current)
        .set("failed_attempts", attempts)
        .write(),
    );
    let refusal = if attempts >= MAX_ATTEMPTS {
        OpError::from(crate::operations::people::errors::PeopleError::InvitationLocked)
    } else {
        AccountsError::SecurityKeysRefused.into()
    };
    (commit, refusal)
}

/// What an admitted use of the link brings to the decision.
struct Activation<'a> {
    current: &'a Membership,
    account: &'a Account,
    /// The membership's status once activated.
    status: MembershipStatus,
    /// The directory identity, with the chosen password.
    sub: String,
    /// The link marked used ([`tokens::Claim::finish`]).
    finish: Write,
    /// The confirmation email.
    message: OutboxMessage,
    /// The active managers' notices ([`activated::notices`]).
    notices: Vec<OutboxMessage>,
}

/// The activation's writes and answer.
struct Decision {
    commit: Commit,
    result: ActivationResult,
}

fn decide(activation: Activation<'_>, audit_id: String, now: jiff::Timestamp) -> Decision {
    let Activation {
        current,
        account,
        status,
        sub,
        finish,
        message,
        notices,
    } = activation;
    let org_id = &current.org_id;
    let mut next = current.clone();
    next.status = status;
    next.updated_at = now;
    next.version = current.version + 1;

    let mut commit = Commit::new();
    // The link used, by the use that holds it; a new password voids
    // every outstanding reset link.
    commit
        .push_or(finish, tokens::Claim::lost())
        .push(tokens::void_resets(&account.id))
        .push(replace(&next, current.version))
        .extend(identity::link(account, sub))
        .extend(counters(org_id, current, Some(&next)))
        .push(create(&message))
        .extend(notices.iter().map(create))
        .push(
            Audit::at(audit_id, now, org_id, &account.id, "account.activated")
                .of(current)
                .change("status", current.status, next.status)
                .write(),
        );
    Decision {
        commit,
        result: ActivationResult {
            org_id: org_id.clone(),
            status: next.status,
            email: account.email.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::accounts::invitation::Invitation;
    use crate::domain::accounts::secrets::{self, SecretKey};
    use crate::operations::accounts::support::fixtures::{
        self, account, at, membership, message, org,
    };
    use crate::ports::Item;
    use MembershipStatus::*;

    /// Zoé's membership, invited with the link whose hash is `h1`.
    fn invited(status: MembershipStatus, failed_attempts: u32) -> Membership {
        let mut m = membership(status);
        m.invitation = Some(Invitation {
            sent_at: at(),
            expires_at: at(),
            times_sent: 1,
            token_hash: "h1".into(),
            outbox_id: "out".into(),
            email_key_hash: secrets::hash("clé-courriel", [1; 16]),
            failed_attempts,
        });
        m.secret = Some(SecretKey {
            question: "Ville natale ?".into(),
            answer_hash: secrets::hash("Québec", [2; 16]).unwrap(),
        });
        m
    }

    fn keyed_org() -> Organisation {
        let mut org = org();
        org.settings.require_security_keys = true;
        org.mail_key = Some(SecretKey {
            question: "Mot de l'organisation ?".into(),
            answer_hash: secrets::hash("lutins", [3; 16]).unwrap(),
        });
        org
    }

    fn keys(mail: &str, email: &str, secret: &str) -> [String; 3] {
        [mail.into(), email.into(), secret.into()]
    }

    fn refusal(error: &OpError) -> Option<AccountsError> {
        error.refusal::<AccountsError>().copied()
    }

    #[test]
    fn the_link_of_an_invited_membership_activates_it() {
        assert_eq!(admit(&invited(Invited, 0), "h1").unwrap(), Active);
    }

    #[test]
    fn a_link_whose_membership_is_active_was_used_meanwhile() {
        let error = admit(&invited(Active, 0), "h1").unwrap_err();
        assert_eq!(
            refusal(&error),
            Some(AccountsError::Token(TokenRefusal::Used))
        );
    }

    #[test]
    fn the_link_of_a_rotated_or_cancelled_invitation_is_invalid() {
        let error = admit(&invited(Invited, 0), "h0").unwrap_err();
        assert_eq!(
            refusal(&error),
            Some(AccountsError::Token(TokenRefusal::Invalid))
        );
        let error = admit(&membership(Invited), "h1").unwrap_err();
        assert_eq!(
            refusal(&error),
            Some(AccountsError::Token(TokenRefusal::Invalid))
        );
    }

    #[test]
    fn the_link_of_a_disabled_membership_is_invalid() {
        let error = admit(&invited(Disabled, 0), "h1").unwrap_err();
        assert_eq!(
            refusal(&error),
            Some(AccountsError::Token(TokenRefusal::Invalid))
        );
    }

    #[test]
    fn the_three_right_keys_are_accepted_and_one_wrong_key_refuses_them_all() {
        let org = keyed_org();
        let current = invited(Invited, 0);
        let right = keys("LUTINS", "clé-courriel", "quebec");
        assert_eq!(judge_keys(&org, &current, &right).unwrap(), Keys::Accepted);
        let wrong = keys("lutins", "clé-courriel", "Montréal");
        assert_eq!(judge_keys(&org, &current, &wrong).unwrap(), Keys::Wrong);
    }

    #[test]
    fn an_invitation_locked_after_five_wrong_tries_refuses_even_the_right_keys() {
        let right = keys("lutins", "clé-courriel", "Québec");
        let current = invited(Invited, 5);
        assert_eq!(
            judge_keys(&keyed_org(), &current, &right).unwrap(),
            Keys::Locked
        );
    }

    #[test]
    fn a_wrong_try_is_counted_on_the_invitation_and_audited() {
        let (commit, error) = keys_refused(&keyed_org(), &invited(Invited, 1), "e1".into(), at());
        assert_eq!(refusal(&error), Some(AccountsError::SecurityKeysRefused));
        let writes = commit.writes();
        assert_eq!(writes.len(), 2);
        let Write::Put { item, .. } = &writes[0] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["invitation"]["failed_attempts"], 2);
        assert_eq!(item["version"], 4);
        let Write::Put { item, .. } = &writes[1] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["action"], "activation.keys_refused");
        assert_eq!(item["actor"], "anonymous");
        assert_eq!(item["changes"]["failed_attempts"]["after"], 2);
    }

    #[test]
    fn the_fifth_wrong_try_locks_the_invitation() {
        let (_, error) = keys_refused(&keyed_org(), &invited(Invited, 4), "e1".into(), at());
        assert!(
            matches!(
                error.refusal::<crate::operations::people::errors::PeopleError>(),
                Some(crate::operations::people::errors::PeopleError::InvitationLocked)
            ),
            "{error:?}"
        );
    }

    #[test]
    fn the_activation_uses_the_link_first_then_activates_the_membership_and_the_identity() {
        let current = invited(Invited, 0);
        let account = account(None);
        let finish = Write::Delete {
            key: crate::layout::keys::token("h1"),
            condition: None,
        };
        let message = message(&account.email);
        let activation = Activation {
            current: &current,
            account: &account,
            status: Active,
            sub: "sub-1".into(),
            finish: finish.clone(),
            message,
            notices: vec![fixtures::message("chloe@exemple.ca")],
        };
        let decision = decide(activation, "e1".into(), at());
        assert_eq!(decision.result.status, Active);
        assert_eq!(decision.result.email, "zoe@exemple.ca");
        let writes = decision.commit.writes();
        assert_eq!(writes[0], finish);
        let puts: Vec<&Item> = writes
            .iter()
            .filter_map(|w| match w {
                Write::Put { item, .. } => Some(item),
                _ => None,
            })
            .collect();
        let membership = puts.iter().find(|i| i["kind"] == "membership").unwrap();
        assert_eq!(membership["status"], "active");
        assert_eq!(membership["version"], 4);
        let stored = puts.iter().find(|i| i["kind"] == "account").unwrap();
        assert_eq!(stored["identity"], "sub-1");
        let told: Vec<_> = puts
            .iter()
            .filter(|i| i["kind"] == "outbox")
            .map(|i| i["to"].clone())
            .collect();
        assert_eq!(told, ["zoe@exemple.ca", "chloe@exemple.ca"]);
        let audit = puts.iter().find(|i| i["kind"] == "audit").unwrap();
        assert_eq!(audit["action"], "account.activated");
        assert_eq!(
            audit["changes"],
            serde_json::json!({"status": {"before": "invited", "after": "active"}})
        );
    }
}
