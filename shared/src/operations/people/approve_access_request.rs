//! Approving an access request: a user pre-filled from the request, with
//! the chosen first establishment, created in the same transaction that
//! closes the request, then invited.

use crate::domain::people::permission::Permission;
use crate::domain::people::user::{EstablishmentAccessInput, NewUserInput};
use crate::layout::records::replace;
use crate::operations::organisation::support::establishments::active_among;
use crate::operations::people::support::access_requests::pending;
use crate::operations::people::support::creation::{created, may_create};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("approve_access_request")
    .post("/orgs/{org_id}/access-requests/{request_id}/approve")
    .access(Access::Member(Permission::ManageUsers))
    .summary(
        "Approve a request: the user is created from it at the chosen establishment, then invited",
    )
    .takes(Body::of::<Approval>())
    .answers(201, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

/// The first establishment and what the person gets there.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub establishment_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<Permission>)]
    pub permissions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::people::permission::RolePreset>)]
    pub presets: Vec<String>,
}

struct Phases;

impl Phased for Phases {
    type Input = Approval;

    fn plan(ctx: &Context, request: &Request, input: &Approval) -> Vec<Key> {
        let mut keys = plans::access_request(ctx, request);
        keys.extend(
            crate::operations::organisation::support::plans::establishments(
                request,
                [input.establishment_id.as_deref()],
            ),
        );
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<Approval, OpError>) -> Outcome {
        let member = request.member()?;
        let approval = input?;
        let org_id = member.org_id().to_string();
        let access = pending(ctx, &org_id, request.param("request_id")?).await?;
        let form = NewUserInput {
            civility: Some(
                serde_json::to_value(
                    access
                        .civility
                        .unwrap_or(crate::domain::people::membership::Civility::Mx),
                )
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "mx".into()),
            ),
            last_name: Some(access.last_name.clone()),
            first_name: Some(access.first_name.clone()),
            email: Some(access.email.clone()),
            phone: Some(access.phone.clone()),
            function: access.function.clone(),
            establishments: vec![EstablishmentAccessInput {
                establishment_id: approval.establishment_id.clone(),
                permissions: approval.permissions.clone(),
                presets: approval.presets.clone(),
            }],
            locale: Some(access.locale),
            ..NewUserInput::default()
        };
        let named: Vec<String> = approval
            .establishment_id
            .as_deref()
            .map(str::trim)
            .map(str::to_string)
            .into_iter()
            .collect();
        let user = form.validate(&active_among(ctx, &org_id, &named).await?)?;
        // The grant rule (DESIGN §5.16), as for any new user.
        may_create(member, &user)?;
        // Created already invited, and the request closed, in one transaction.
        let (membership, mut commit) =
            created(ctx, &member.org, &member.account_id, user, true).await?;
        let mut closed = access.clone();
        closed.status = "approved".into();
        closed.user_id = Some(membership.account_id.clone());
        closed.decided_at = Some(ctx.clock.now());
        closed.decided_by = Some(member.account_id.clone());
        closed.version = access.version + 1;
        commit.push_or(
            replace(&closed, access.version),
            crate::operations::employee_space::EmployeeSpaceError::AlreadyDecided,
        );
        commit.run(ctx).await?;
        let mut view = UserView::new(&membership, None, None);
        if let Some(inv) = view.invitation.as_mut() {
            inv.delivery = Some(crate::domain::accounts::invitation::DeliveryStatus::Pending);
        }
        Output::json(201, &view)
    }
}
