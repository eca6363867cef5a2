//! Building blocks shared by the operations that change a membership:
//! loading a user the caller may manage, invitations, counters, audit.

use crate::domain::accounts::invitation::{self, Invitation, LinkToken, TokenPurpose};
use crate::domain::emails;
use crate::domain::ids::{self, TOKEN_BYTES};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus, Transition};
use crate::layout::keys;
use crate::layout::records::{
    AuditEvent, OutboxMessage, StoredToken, create, from_item, replace, status_delta,
};
use crate::operations::{Context, Member, OpError, outbox};
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
    create(&AuditEvent {
        id: ctx.new_id(),
        org_id: org_id.to_string(),
        at: ctx.clock.now(),
        actor: actor.to_string(),
        action: action.to_string(),
        target: Some(target.account_id.clone()),
        establishment: target.main_establishment.clone(),
        changes,
    })
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

/// A prepared invitation: the membership after it, its email, its writes.
pub(crate) struct Invite {
    pub next: Membership,
    pub message: OutboxMessage,
    /// The email key, sent apart, when the organisation requires keys.
    pub key_message: Option<OutboxMessage>,
    pub writes: Vec<Write>,
}

/// Prepares sending (or sending again) the activation email: a fresh token
/// (the previous one dies), the email in the outbox, counters, audit.
pub(crate) fn invite(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    actor: &str,
) -> Result<Invite, OpError> {
    let status = current.status.apply(Transition::SendInvitation)?;
    let now = ctx.clock.now();
    let token = ids::encode_token(&ctx.random.bytes::<TOKEN_BYTES>());
    let hash = ids::token_hash(&token);
    let expires_at = invitation::expiry(now, org.settings.invitation_validity_days);
    let locale = current.locale.unwrap_or(org.settings.locale);
    let link = format!("{}/activate#token={token}", ctx.settings.portal_url);
    let content = emails::activation(locale, &org.name, &current.first_name, &link, expires_at);
    let message = outbox::message(ctx, Some(&org.id), &current.email, content);
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

    let mut writes = vec![replace(&next, current.version)];
    writes.extend(counters(&org.id, current, Some(&next)));
    if let Some(previous) = &current.invitation {
        writes.push(Write::Delete {
            key: keys::token(&previous.token_hash),
            condition: None,
        });
    }
    writes.push(create(&StoredToken {
        hash,
        token: LinkToken {
            purpose: TokenPurpose::Activation,
            org_id: org.id.clone(),
            account_id: current.account_id.clone(),
            created_at: now,
            expires_at,
            used_at: None,
            claim: None,
            claim_until: None,
        },
    }));
    writes.push(create(&message));
    if let Some(key) = &key_message {
        writes.push(create(key));
    }
    writes.push(audit(
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
        writes,
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
) -> Result<Vec<Write>, OpError> {
    let (account, memberships) =
        crate::operations::reads::account_with_memberships(ctx, &current.account_id).await?;
    if memberships.iter().any(|m| m.org_id != current.org_id) {
        return Err(OpError::EmailManagedByPerson);
    }
    let account = account.ok_or(OpError::NotFound)?;
    if account.identity.is_some() {
        return Err(OpError::EmailManagedByPerson);
    }
    let mut next = account.clone();
    next.email = new_email.to_string();
    next.version = account.version + 1;
    Ok(vec![
        Write::Delete {
            key: keys::email_claim(&account.email),
            condition: Some(Condition::Exists),
        },
        create(&crate::layout::records::EmailClaim {
            email: new_email.to_string(),
            account_id: account.id.clone(),
        }),
        replace(&next, account.version),
    ])
}

/// The writes that create a user directly `invited`: the record of
/// `creation::prepare` and the invitation of [`invite`], merged into one
/// transaction. Counters are left to the caller (`count_members` adds the
/// invited member on an existing organisation).
pub(crate) async fn create_invited(
    ctx: &Context,
    org: &Organisation,
    actor: &str,
    user: crate::domain::people::user::NewUser,
    count_members: bool,
) -> Result<Invite, OpError> {
    let (draft, created) =
        crate::operations::people::support::creation::prepare(ctx, &org.id, actor, user).await?;
    let prepared = invite(ctx, org, &draft, actor)?;
    let member_key = keys::membership(&org.id, &draft.account_id);
    let org_key = keys::org(&org.id);
    let mut writes: Vec<Write> = created
        .into_iter()
        .filter(|w| {
            let key = w.key();
            key.as_ref() != Some(&member_key) && key.as_ref() != Some(&org_key)
        })
        .collect();
    for write in prepared.writes {
        let key = write.key();
        if key.as_ref() == Some(&member_key) {
            writes.push(create(&prepared.next));
        } else if key.as_ref() != Some(&org_key) {
            writes.push(write);
        }
    }
    if count_members {
        writes.extend(crate::layout::records::count(
            &org.id,
            status_delta(None, Some(prepared.next.status)),
        ));
    }
    Ok(Invite {
        next: prepared.next,
        message: prepared.message,
        key_message: prepared.key_message,
        writes,
    })
}
