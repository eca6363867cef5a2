//! A manager sends (or sends again) the activation email: `draft`/`invited`
//! → `invited`, a fresh single-use link token (the previous one dies), the
//! email written to the outbox in the same transaction, then delivered.

use super::views::UserView;
use super::{
    Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request, outbox,
};
use crate::domain::emails;
use crate::domain::ids::{self, TOKEN_BYTES};
use crate::domain::invitation::{self, Invitation, LinkToken, TokenPurpose};
use crate::domain::membership::{Membership, Transition};
use crate::domain::organisation::Organisation;
use crate::domain::permission::Permission;
use crate::layout::keys;
use crate::layout::records::{
    AuditEvent, StoredToken, count, create, from_item, replace, status_delta,
};
use crate::ports::Write;
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec {
    id: "send_activation",
    method: "POST",
    path: "/orgs/{org_id}/users/{user_id}/activation",
    access: Access::Member(Permission::ManageUsers),
    summary: "Send the activation email (draft → invited); sending again rotates the link",
    query: &[],
    request: None,
    success: (200, Body::of::<UserView>()),
    problems: &[401, 403, 404, 409],
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

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
    if membership.status == crate::domain::membership::MembershipStatus::Deleted {
        return Err(OpError::NotFound);
    }
    Ok((membership, from_item(org)?))
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id().to_string();
    let (current, org) = load_user(ctx, &org_id, request.param("user_id")?).await?;
    if !member.access().may_grant(&current.grants, current.manager) {
        return Err(OpError::Forbidden);
    }
    let status = current.status.apply(Transition::SendInvitation)?;

    let now = ctx.clock.now();
    let token = ids::encode_token(&ctx.random.bytes::<TOKEN_BYTES>());
    let hash = ids::token_hash(&token);
    let expires_at = invitation::expiry(now, org.settings.invitation_validity_days);
    let locale = current.locale.unwrap_or(org.settings.locale);
    let link = format!("{}/activate#token={token}", ctx.settings.portal_url);
    let content = emails::activation(locale, &org.name, &current.first_name, &link, expires_at);
    let message = outbox::message(ctx, Some(&org_id), &current.email, content);

    let mut next = current.clone();
    next.status = status;
    next.invitation = Some(Invitation {
        sent_at: now,
        expires_at,
        times_sent: current.invitation.as_ref().map_or(0, |i| i.times_sent) + 1,
        token_hash: hash.clone(),
        outbox_id: message.id.clone(),
    });
    next.updated_at = now;
    next.version = current.version + 1;

    let mut writes = vec![replace(&next, current.version)];
    writes.extend(count(
        &org_id,
        status_delta(Some(current.status), Some(next.status)),
    ));
    if let Some(previous) = &current.invitation {
        // Rotation: the old link dies with its token.
        writes.push(Write::Delete {
            key: keys::token(&previous.token_hash),
            condition: None,
        });
    }
    writes.push(create(&StoredToken {
        hash,
        token: LinkToken {
            purpose: TokenPurpose::Activation,
            org_id: org_id.clone(),
            account_id: current.account_id.clone(),
            created_at: now,
            expires_at,
            used_at: None,
        },
    }));
    writes.push(create(&message));
    writes.push(create(&AuditEvent {
        id: ctx.new_id(),
        org_id: org_id.clone(),
        at: now,
        actor: member.account_id.clone(),
        action: "invitation.sent".into(),
        target: Some(current.account_id.clone()),
        establishment: current.main_establishment.clone(),
        changes: json!({
            "status": {"before": current.status, "after": next.status},
            "times_sent": {"after": next.invitation.as_ref().map(|i| i.times_sent)},
        }),
    }));
    ctx.store.transact(writes).await?;

    let delivered = outbox::deliver(ctx, &message).await;
    let mut view = UserView::new(&next, None, None);
    if let Some(inv) = view.invitation.as_mut() {
        inv.delivery = Some(delivered);
    }
    tracing::info!(org = %org_id, user = %current.account_id, "activation sent");
    Output::json(200, &view)
}
