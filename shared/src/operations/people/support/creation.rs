//! Creating a user record: what creating a user and approving an access
//! request share.

use crate::domain::accounts::account::Account;
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::{GrantChange, Grants};
use crate::domain::people::user::NewUser;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, count, create, from_item, status_delta};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::errors::PeopleError;
use crate::operations::people::support::lifecycle::create_invited;
use crate::operations::{Context, Member, OpError};
use crate::ports::{Condition, Write};

/// The organisation's establishments that still take grants.
pub(crate) async fn active_establishments(
    ctx: &Context,
    org_id: &str,
) -> Result<Vec<String>, OpError> {
    let all: Vec<Establishment> =
        crate::operations::reads::partition(ctx, org_id, keys::ESTABLISHMENT_PREFIX).await?;
    Ok(all
        .into_iter()
        .filter(|e| !e.archived)
        .map(|e| e.id)
        .collect())
}

/// Whether the caller may create `user`: the grant rule (DESIGN §5.16) —
/// a new user gets no more than the caller may give, and only a manager
/// creates a manager — and only at establishments where the caller
/// manages users.
pub(crate) fn may_create(member: &Member, user: &NewUser) -> Result<(), OpError> {
    member.access().check_grant(&GrantChange {
        own_membership: false,
        manager_before: false,
        manager_after: user.manager,
        before: &Grants::new(),
        after: &user.grants,
    })?;
    if !member.access().may_manage(&user.grants, user.manager) {
        return Err(OpError::Forbidden);
    }
    Ok(())
}

/// A new user record (`draft`), not yet written: the membership, the email
/// claim's write (the claim created with the account, or a check that the
/// existing account's claim is still there), the account's, the audit event.
pub(crate) struct NewRecord {
    pub membership: Membership,
    pub claim: Option<Write>,
    pub account: Option<Write>,
    pub audit: Write,
}

/// The parts of a new user record (`draft`).
pub(crate) async fn record(
    ctx: &Context,
    org_id: &str,
    actor: &str,
    user: NewUser,
) -> Result<NewRecord, OpError> {
    let org_id = org_id.to_string();
    let now = ctx.clock.now();
    let new_account = |email: &str| Account {
        id: ctx.new_id(),
        email: email.to_string(),
        identity: None,
        created_at: now,
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    let email = user.email.as_ref().map(|e| e.as_str().to_string());
    let existing = match &email {
        Some(email) => ctx.store.get(&keys::email_claim(email)).await?,
        None => None,
    };
    let (account_id, claim, account) = match (existing, &email) {
        (Some(item), Some(email)) => {
            // The person already has an account (another organisation): the
            // new record joins it; the claim must still be there at commit.
            let claim: EmailClaim = from_item(item)?;
            let check = Write::Check {
                key: keys::email_claim(email),
                condition: Condition::Exists,
            };
            (claim.account_id, Some(check), None)
        }
        (_, Some(email)) => {
            let account = new_account(email);
            let claim = create(&EmailClaim {
                email: account.email.clone(),
                account_id: account.id.clone(),
            });
            (account.id.clone(), Some(claim), Some(create(&account)))
        }
        // No email yet: an account with none and no claim; the claim is
        // made when the email is set (`lifecycle::move_email`).
        (_, None) => {
            let account = new_account("");
            (account.id.clone(), None, Some(create(&account)))
        }
    };
    let membership = Membership {
        org_id: org_id.clone(),
        account_id: account_id.clone(),
        civility: user.civility,
        last_name: user.last_name,
        first_name: user.first_name,
        email: email.unwrap_or_default(),
        phone: user.phone,
        function: user.function,
        birth_date: user.birth_date,
        main_establishment: user.main_establishment,
        manager: user.manager,
        grants: user.grants,
        status: MembershipStatus::Draft,
        locale: user.locale,
        invitation: None,
        last_login_at: None,
        secret: None,
        mfa_mode: None,
        mfa_on: false,
        auth_phone: None,
        notifications: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let audit = Audit::at(ctx.new_id(), now, &org_id, actor, "user.created")
        .of(&membership)
        .set("status", "draft")
        .set("manager", membership.manager)
        .set("grants", &membership.grants)
        .write();
    Ok(NewRecord {
        membership,
        claim,
        account,
        audit,
    })
}

/// The writes that create a user record (`draft`): the email claim and
/// account, or a check that the existing account is still there; the
/// membership; the counters; the audit event. The claim's or the
/// membership's failed condition: the email is taken (by this organisation
/// already, or by a concurrent create).
pub(crate) async fn prepare(
    ctx: &Context,
    org_id: &str,
    actor: &str,
    user: NewUser,
) -> Result<(Membership, Commit), OpError> {
    let record = record(ctx, org_id, actor, user).await?;
    let mut commit = Commit::new();
    if let Some(claim) = record.claim {
        commit.push_or(claim, PeopleError::EmailTaken);
    }
    commit.extend(record.account);
    commit.push_or(create(&record.membership), PeopleError::EmailTaken);
    commit.extend(count(
        org_id,
        status_delta(None, Some(record.membership.status)),
    ));
    commit.push(record.audit);
    Ok((record.membership, commit))
}

/// The writes that create a user: already invited, in the same
/// transaction, when `invite` — unless the organisation requires security
/// keys, which a new user never has yet (no secret question): a draft
/// then, invited once a manager has set the question.
pub(crate) async fn created(
    ctx: &Context,
    org: &Organisation,
    actor: &str,
    user: NewUser,
    invite: bool,
) -> Result<(Membership, Commit), OpError> {
    // A record without an email waits, a draft, for one to be set.
    if invite && user.email.is_some() && !org.settings.require_security_keys {
        let prepared = create_invited(ctx, org, actor, user, true).await?;
        return Ok((prepared.next, prepared.commit));
    }
    prepare(ctx, &org.id, actor, user).await
}
