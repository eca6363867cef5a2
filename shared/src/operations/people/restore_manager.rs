//! Operator recovery (seed 003, case B): an organisation left without any
//! active manager gets one again — an existing member is appointed (and
//! invited if not yet active), or a new record is created and invited.

use crate::domain::ids;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::user::NewUserInput;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, from_item, replace};
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load;
use crate::operations::people::errors::PeopleError;
use crate::operations::people::support::lifecycle::{audit, counters, create_invited, invite};
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("restore_manager")
    .post("/operator/organisations/{org_id}/managers")
    .access(Access::Operator)
    .summary("Operator: give a manager back to an organisation that has none left")
    .takes(Body::of::<NewUserInput>())
    .answers(200, Body::of::<UserView>())
    .problems(&[404, 409])
    .handler(Handler::phased::<Phases>());

/// The organisation and the email's claim are read with the operator's record.
struct Phases;

impl Phased for Phases {
    type Input = NewUserInput;

    fn plan(ctx: &Context, request: &Request, input: &NewUserInput) -> Vec<Key> {
        let _ = ctx;
        let org = Some(crate::operations::phases::org(request))
            .filter(|id| crate::domain::ids::is_id(id))
            .map(crate::layout::keys::org);
        org.into_iter()
            .chain(crate::operations::accounts::support::plans::email_claim(
                input.email.as_deref(),
            ))
            .collect()
    }

    async fn run(ctx: &Context, request: Request, input: Result<NewUserInput, OpError>) -> Outcome {
        let operator = request.account_id.clone().ok_or(OpError::Unauthenticated)?;
        let org_id = request.param("org_id")?.to_string();
        if !ids::is_id(&org_id) {
            return Err(OpError::NotFound);
        }
        let mut form = input?;
        form.manager = true;
        let user = form.validate(&[])?;
        let org = load(ctx, &org_id).await?;
        if org.active_managers > 0 {
            return Err(PeopleError::HasManager.into());
        }
        // An existing member of the organisation with this email?
        let existing: Option<Membership> =
            match ctx.store.get(&keys::email_claim(user.email_str())).await? {
                None => None,
                Some(item) => {
                    let claim: EmailClaim = from_item(item)?;
                    ctx.store
                        .get(&keys::membership(&org_id, &claim.account_id))
                        .await?
                        .map(from_item)
                        .transpose()?
                }
            };
        let (view, message) = match existing {
            Some(current) => {
                let mut next = current.clone();
                next.manager = true;
                if current.status == MembershipStatus::Disabled {
                    next.status = MembershipStatus::Active;
                }
                next.updated_at = ctx.clock.now();
                next.version = current.version + 1;
                if current.status == MembershipStatus::Active
                    || current.status == MembershipStatus::Disabled
                {
                    let mut commit = Commit::new();
                    commit.push(replace(&next, current.version));
                    commit.extend(counters(&org_id, &current, Some(&next)));
                    commit.push(audit(ctx, &org_id, &operator, "manager.restored", &current, json!({"manager": {"before": current.manager, "after": true}, "by": "operator"})));
                    commit.run(ctx).await?;
                    (UserView::new(&next, None, None), None)
                } else {
                    let mut appointed = current.clone();
                    appointed.manager = true;
                    let mut prepared = invite(ctx, &org, &appointed, &operator)?;
                    prepared.commit.push(audit(ctx, &org_id, &operator, "manager.restored", &current, json!({"manager": {"before": current.manager, "after": true}, "by": "operator"})));
                    prepared.commit.run(ctx).await?;
                    (
                        UserView::new(&prepared.next, None, None),
                        Some((prepared.message, prepared.key_message)),
                    )
                }
            }
            None => {
                let mut invited = create_invited(ctx, &org, &operator, user, true).await?;
                invited.commit.push(audit(
                    ctx,
                    &org_id,
                    &operator,
                    "manager.restored",
                    &invited.next,
                    json!({"manager": {"after": true}, "by": "operator"}),
                ));
                invited.commit.run(ctx).await?;
                (
                    UserView::new(&invited.next, None, None),
                    Some((invited.message, invited.key_message)),
                )
            }
        };
        let mut view = view;
        if message.is_some() {
            let delivered = crate::domain::accounts::invitation::DeliveryStatus::Pending;
            if let Some(inv) = view.invitation.as_mut() {
                inv.delivery = Some(delivered);
            }
        }
        Output::json(200, &view)
    }
}
