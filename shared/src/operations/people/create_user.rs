//! A manager creates a user record (DESIGN §5.1): validated fields, grants
//! per establishment, manager flag; one account per email on the platform.

use crate::domain::accounts::account::Account;
use crate::domain::organisation::organisation::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::{GrantChange, Grants, Permission};
use crate::domain::people::user::{NewUser, NewUserInput};
use crate::layout::keys;
use crate::layout::records::{AuditEvent, EmailClaim, count, create, from_item, status_delta};
use crate::operations::organisation::support::establishments::active_among;
use crate::operations::people::support::lifecycle::create_invited;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request,
};
use crate::ports::{Condition, StoreError, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec {
    id: "create_user",
    method: "POST",
    path: "/orgs/{org_id}/users",
    access: Access::Member(Permission::ManageUsers),
    summary: "Create a user record in an organisation (status draft)",
    query: &[],
    request: Some(Body::of::<NewUserInput>()),
    success: (201, Body::of::<UserView>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    ahead: Some(crate::operations::prefetch::new_user),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

/// The organisation's establishments that still take grants.
pub(crate) async fn active_establishments(
    ctx: &Context,
    org_id: &str,
) -> Result<Vec<String>, OpError> {
    let all: Vec<Establishment> =
        crate::operations::people::list_users::partition(ctx, org_id, keys::ESTABLISHMENT_PREFIX)
            .await?;
    Ok(all
        .into_iter()
        .filter(|e| !e.archived)
        .map(|e| e.id)
        .collect())
}

/// The writes that create a user record (`draft`): the email claim and
/// account, or a check that the existing account is still there; the
/// membership; the counters; the audit event.
pub(crate) async fn prepare(
    ctx: &Context,
    org_id: &str,
    actor: &str,
    user: NewUser,
) -> Result<(Membership, Vec<Write>), OpError> {
    let org_id = org_id.to_string();
    let now = ctx.clock.now();
    let existing = ctx
        .store
        .get(&keys::email_claim(user.email.as_str()))
        .await?;
    let mut writes: Vec<Write> = Vec::new();
    let account_id = match existing {
        Some(item) => {
            // The person already has an account (another organisation): the
            // new record joins it; the claim must still be there at commit.
            let claim: EmailClaim = from_item(item)?;
            writes.push(Write::Check {
                key: keys::email_claim(user.email.as_str()),
                condition: Condition::Exists,
            });
            claim.account_id
        }
        None => {
            let account = Account {
                id: ctx.new_id(),
                email: user.email.as_str().to_string(),
                identity: None,
                created_at: now,
                last_login_at: None,
                version: 1,
            };
            writes.push(create(&EmailClaim {
                email: account.email.clone(),
                account_id: account.id.clone(),
            }));
            writes.push(create(&account));
            account.id
        }
    };
    let membership = Membership {
        org_id: org_id.clone(),
        account_id: account_id.clone(),
        civility: user.civility,
        last_name: user.last_name,
        first_name: user.first_name,
        email: user.email.as_str().to_string(),
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
        created_at: now,
        updated_at: now,
        version: 1,
    };
    writes.push(create(&membership));
    writes.extend(count(&org_id, status_delta(None, Some(membership.status))));
    writes.push(create(&AuditEvent {
        id: ctx.new_id(),
        org_id: org_id.clone(),
        at: now,
        actor: actor.to_string(),
        action: "user.created".into(),
        target: Some(account_id.clone()),
        establishment: membership.main_establishment.clone(),
        changes: json!({
            "status": {"after": "draft"},
            "manager": {"after": membership.manager},
            "grants": {"after": membership.grants},
        }),
    }));
    Ok((membership, writes))
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
) -> Result<(Membership, Vec<Write>), OpError> {
    if invite && !org.settings.require_security_keys {
        let prepared = create_invited(ctx, org, actor, user, true).await?;
        return Ok((prepared.next, prepared.writes));
    }
    prepare(ctx, &org.id, actor, user).await
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id().to_string();
    let input: NewUserInput = request.json()?;
    let establishments = active_among(ctx, &org_id, &input.establishment_ids()).await?;
    let user = input.validate(&establishments)?;
    // The grant rule (DESIGN §5.16): a new user gets no more than the
    // caller may give, and only a manager creates a manager.
    member.access().check_grant(&GrantChange {
        own_membership: false,
        manager_before: false,
        manager_after: user.manager,
        before: &Grants::new(),
        after: &user.grants,
    })?;
    // And only at establishments where the caller manages users.
    if !member.access().may_manage(&user.grants, user.manager) {
        return Err(OpError::Forbidden);
    }
    // "Invite every new user automatically".
    let (membership, writes) = created(
        ctx,
        &member.org,
        &member.account_id,
        user,
        member.org.settings.auto_invite,
    )
    .await?;
    match ctx.store.transact(writes).await {
        Ok(()) => {}
        // Any failed condition here means the email is taken: by this
        // organisation already, or by a concurrent create.
        Err(StoreError::ConditionFailed { .. }) => return Err(OpError::EmailTaken),
        Err(other) => return Err(other.into()),
    }
    tracing::info!(org = %org_id, user = %membership.account_id, "user created");
    let mut view = UserView::new(&membership, None, None);
    if let Some(inv) = view.invitation.as_mut() {
        inv.delivery = Some(crate::domain::accounts::invitation::DeliveryStatus::Pending);
    }
    Output::json(201, &view)
}
