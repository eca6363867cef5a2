//! Building blocks shared by the operations that change a membership:
//! loading a user the caller may manage, invitations, counters, audit.

use crate::domain::accounts::invitation::{
    self, ActivationEmails, Invitation, LinkToken, TokenPurpose,
};
use crate::domain::ids::{self, TOKEN_BYTES};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::emails;
use crate::domain::people::membership::{Membership, MembershipStatus, Transition};
use crate::layout::keys;
use crate::layout::records::{
    OutboxMessage, StoredToken, create, from_item, replace, status_delta,
};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::errors::PeopleError;
use crate::operations::{Context, Member, OpError, Request, outbox};
use crate::ports::{Condition, Write};
use serde_json::{Value, json};

/// Loads a membership of the organisation and the organisation itself.
pub(crate) async fn load_user(
    ctx: &Context,
    org_id: &str,
    user_id: &str,
) -> Result<(Membership, Organisation), OpError> {
    if !ids::is_id(user_id) {
        return Err(OpError::NotFound);
    }
    let found = ctx
        .store
        .get_many(&[keys::membership(org_id, user_id), keys::org(org_id)])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(membership)), Some(Some(org))) = (found.next(), found.next()) else {
        return Err(OpError::NotFound);
    };
    let membership: Membership = from_item(membership)?;
    if membership.status == MembershipStatus::Deleted {
        return Err(OpError::NotFound);
    }
    Ok((membership, from_item(org)?))
}

/// A member's access set to `grants` (main establishment `main`) by the
/// caller: the grant rule (DESIGN §5.16) checked — what is added must not
/// exceed the caller, never to herself, and only where the caller manages
/// users — then the membership as it becomes, with its replacement and its
/// audit event (`user.grants_changed`; `extra` joins the changes) in a commit.
pub(crate) fn regranted(
    ctx: &Context,
    member: &Member,
    current: &Membership,
    grants: crate::domain::people::permission::Grants,
    main: Option<String>,
    extra: serde_json::Map<String, Value>,
) -> Result<(Membership, Commit), OpError> {
    let access = member.access();
    access.check_grant(&crate::domain::people::permission::GrantChange {
        own_membership: current.account_id == member.account_id,
        manager_before: current.manager,
        manager_after: current.manager,
        before: &current.grants,
        after: &grants,
    })?;
    if !access.may_manage(&grants, current.manager) {
        return Err(OpError::Forbidden);
    }
    let mut next = current.clone();
    next.grants = grants;
    next.main_establishment = main;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut changes = serde_json::Map::from_iter([
        (
            "grants".to_string(),
            json!({"before": current.grants, "after": next.grants}),
        ),
        (
            "main_establishment".to_string(),
            json!({"before": current.main_establishment, "after": next.main_establishment}),
        ),
    ]);
    changes.extend(extra);
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.push(audit(
        ctx,
        member.org_id(),
        &member.account_id,
        "user.grants_changed",
        current,
        Value::Object(changes),
    ));
    Ok((next, commit))
}

/// The caller and the user of the path (`user_id`), whom she may manage,
/// with the organisation.
pub(crate) async fn managed_target<'r>(
    ctx: &Context,
    request: &'r Request,
) -> Result<(&'r Member, Membership, Organisation), OpError> {
    let member = request.member()?;
    let (user, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    Ok((member, user, org))
}

/// A user of the caller's organisation whom the caller may manage (a
/// manager: anyone; a `manage_users` holder: non-managers within their
/// establishments).
pub(crate) async fn managed_user(
    ctx: &Context,
    member: &Member,
    user_id: &str,
) -> Result<(Membership, Organisation), OpError> {
    let (membership, org) = load_user(ctx, member.org_id(), user_id).await?;
    if !member
        .access()
        .may_manage(&membership.grants, membership.manager)
    {
        return Err(OpError::Forbidden);
    }
    Ok((membership, org))
}

/// The audit event of a change, to write in the change's transaction.
pub(crate) fn audit(
    ctx: &Context,
    org_id: &str,
    actor: &str,
    action: &str,
    target: &Membership,
    changes: Value,
) -> Write {
    Audit::new(ctx, org_id, actor, action)
        .of(target)
        .changes(changes)
        .write()
}

/// Counter changes for a status change, on the organisation. When an active
/// manager stops being one, the same write keeps at least one: its
/// condition fails (and the whole transaction with it) at the last one.
pub(crate) fn counters(
    org_id: &str,
    before: &Membership,
    after: Option<&Membership>,
) -> Option<Write> {
    let mut delta = status_delta(Some(before.status), after.map(|m| m.status));
    let was_manager = before.manager && before.status == MembershipStatus::Active;
    let is_manager = after.is_some_and(|m| m.manager && m.status == MembershipStatus::Active);
    let condition = match (was_manager, is_manager) {
        (true, false) => {
            delta.push(("active_managers".into(), -1));
            Condition::AtLeast("active_managers", 2)
        }
        (false, true) => {
            delta.push(("active_managers".into(), 1));
            Condition::Exists
        }
        _ => Condition::Exists,
    };
    (!delta.is_empty()).then(|| Write::Add {
        key: keys::org(org_id),
        add: delta,
        condition: Some(condition),
    })
}

/// The counters of a status change (see [`counters`]) in `commit`, where a
/// failed condition means the organisation would be left without an active
/// manager.
pub(crate) fn guard_counters(
    commit: &mut Commit,
    org_id: &str,
    before: &Membership,
    after: Option<&Membership>,
) {
    if let Some(write) = counters(org_id, before, after) {
        commit.push_or(write, PeopleError::LastManager);
    }
}

/// The removal of the membership's activation link, if it has one.
pub(crate) fn drop_link(commit: &mut Commit, current: &Membership) {
    if let Some(invitation) = &current.invitation {
        commit.push(Write::Delete {
            key: keys::token(&invitation.token_hash),
            condition: None,
        });
    }
}

/// A prepared invitation: the membership after it, its email, its writes.
pub(crate) struct Invite {
    pub next: Membership,
    pub message: OutboxMessage,
    /// The email key, sent apart, when the organisation requires keys.
    pub key_message: Option<OutboxMessage>,
    pub commit: Commit,
}

/// Prepares sending (or sending again) the activation email: a fresh token
/// (the previous one dies), the email in the outbox, counters, audit.
pub(crate) fn invite(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    actor: &str,
) -> Result<Invite, OpError> {
    invite_after(ctx, org, current, actor, Commit::new())
}

/// The same, its writes after those already in `commit`.
pub(crate) fn invite_after(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    actor: &str,
    commit: Commit,
) -> Result<Invite, OpError> {
    prepare_invitation(ctx, org, current, actor, commit, false)
}

/// The invitation's writes after `commit`'s; for a record `created` in
/// the same transaction, the membership is created (its failed condition:
/// the email is taken) and the counters are left to the caller.
/// An invitation's link and the email carrying it, to `current`'s address:
/// the activation link (`/activate`, which sets the password) or the
/// address check (`/verify-email`, the first of two emails), valid until
/// `expires_at`. The token is stored only as its hash.
pub(crate) fn invitation_email(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    purpose: TokenPurpose,
    expires_at: jiff::Timestamp,
) -> (StoredToken, OutboxMessage) {
    let token = ids::encode_token(&ctx.random.bytes::<TOKEN_BYTES>());
    let locale = current.locale.unwrap_or(org.settings.locale);
    let (first, tz) = (&current.first_name, &org.settings.time_zone);
    let content = if purpose == TokenPurpose::AddressCheck {
        let link = format!("{}/verify-email#token={token}", ctx.settings.portal_url);
        emails::address_check(locale, &org.name, first, &link, expires_at, tz)
    } else {
        let link = format!("{}/activate#token={token}", ctx.settings.portal_url);
        emails::activation(locale, &org.name, first, &link, expires_at, tz)
    };
    let stored = StoredToken {
        hash: ids::token_hash(&token),
        token: LinkToken {
            purpose,
            org_id: org.id.clone(),
            account_id: current.account_id.clone(),
            created_at: ctx.clock.now(),
            expires_at,
            used_at: None,
            claim: None,
            claim_until: None,
        },
    };
    (
        stored,
        outbox::message(ctx, Some(&org.id), &current.email, content),
    )
}

fn prepare_invitation(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    actor: &str,
    mut commit: Commit,
    created: bool,
) -> Result<Invite, OpError> {
    if current.email.is_empty() {
        // A record kept without an email: one must be set first.
        return Err(PeopleError::NoEmailYet.into());
    }
    let status = current.status.apply(Transition::SendInvitation)?;
    let now = ctx.clock.now();
    let expires_at = invitation::expiry(now, org.settings.invitation_validity_days);
    let locale = current.locale.unwrap_or(org.settings.locale);
    // One email whose link sets the password, or the first of two: the
    // address validated first (the organisation's choice, seed 004).
    let purpose = match org.settings.activation_emails {
        ActivationEmails::One => TokenPurpose::Activation,
        ActivationEmails::Two => TokenPurpose::AddressCheck,
    };
    let (stored, message) = invitation_email(ctx, org, current, purpose, expires_at);
    let hash = stored.hash.clone();
    let mut key_message = None;
    let mut email_key_hash = None;
    if org.settings.require_security_keys {
        if org.mail_key.is_none() || current.secret.is_none() {
            return Err(
                crate::operations::accounts::errors::AccountsError::SecurityKeysMissing.into(),
            );
        }
        let key = crate::domain::accounts::secrets::email_key(ctx.random.bytes::<8>());
        email_key_hash = Some(
            crate::domain::accounts::secrets::hash(&key, ctx.random.bytes::<16>())
                .ok_or_else(|| OpError::Internal("hashing failed".into()))?,
        );
        let content = emails::email_key(locale, &org.name, &current.first_name, &key);
        key_message = Some(outbox::message(ctx, Some(&org.id), &current.email, content));
    }

    let mut next = current.clone();
    next.status = status;
    next.invitation = Some(Invitation {
        sent_at: now,
        expires_at,
        times_sent: current.invitation.as_ref().map_or(0, |i| i.times_sent) + 1,
        token_hash: hash.clone(),
        outbox_id: message.id.clone(),
        email_key_hash,
        failed_attempts: 0,
    });
    next.updated_at = now;
    next.version = current.version + 1;

    if created {
        commit.push_or(create(&next), PeopleError::EmailTaken);
    } else {
        commit.push(replace(&next, current.version));
        commit.extend(counters(&org.id, current, Some(&next)));
    }
    drop_link(&mut commit, current);
    commit.push(create(&stored));
    commit.push(create(&message));
    if let Some(key) = &key_message {
        commit.push(create(key));
    }
    commit.push(audit(
        ctx,
        &org.id,
        actor,
        "invitation.sent",
        current,
        json!({
            "status": {"before": current.status, "after": next.status},
            "times_sent": {"after": next.invitation.as_ref().map(|i| i.times_sent)},
        }),
    ));
    Ok(Invite {
        next,
        message,
        key_message,
        commit,
    })
}

/// Moves a not-yet-activated person to another email: the old claim goes,
/// the new one must be free (else the transaction fails), the account
/// follows. Refused for an account that signs in already or belongs to
/// another organisation: there, only the person changes their email.
pub(crate) async fn move_email(
    ctx: &Context,
    current: &Membership,
    new_email: &str,
    commit: &mut Commit,
) -> Result<(), OpError> {
    let (account, memberships) =
        crate::operations::reads::account_with_memberships(ctx, &current.account_id).await?;
    if memberships.iter().any(|m| m.org_id != current.org_id) {
        return Err(PeopleError::EmailManagedByPerson.into());
    }
    let account = account.ok_or(OpError::NotFound)?;
    if account.identity.is_some() {
        return Err(PeopleError::EmailManagedByPerson.into());
    }
    let mut next = account.clone();
    next.email = new_email.to_string();
    next.version = account.version + 1;
    // A record kept without an email has no claim yet.
    if !account.email.is_empty() {
        commit.push(Write::Delete {
            key: keys::email_claim(&account.email),
            condition: Some(Condition::Exists),
        });
    }
    commit
        .push_or(
            create(&crate::layout::records::EmailClaim {
                email: new_email.to_string(),
                account_id: account.id.clone(),
            }),
            PeopleError::EmailTaken,
        )
        .push(replace(&next, account.version));
    Ok(())
}

/// The writes that create a user directly `invited`: the record of
/// `creation::record` and the invitation of [`invite`], merged into one
/// transaction. Counters are left to the caller (`count_members` adds the
/// invited member on an existing organisation).
pub(crate) async fn create_invited(
    ctx: &Context,
    org: &Organisation,
    actor: &str,
    user: crate::domain::people::user::NewUser,
    count_members: bool,
) -> Result<Invite, OpError> {
    let record =
        crate::operations::people::support::creation::record(ctx, &org.id, actor, user).await?;
    let mut commit = Commit::new();
    if let Some(claim) = record.claim {
        commit.push_or(claim, PeopleError::EmailTaken);
    }
    commit.extend(record.account);
    commit.push(record.audit);
    let mut prepared = prepare_invitation(ctx, org, &record.membership, actor, commit, true)?;
    if count_members {
        prepared.commit.extend(crate::layout::records::count(
            &org.id,
            status_delta(None, Some(prepared.next.status)),
        ));
    }
    Ok(prepared)
}
