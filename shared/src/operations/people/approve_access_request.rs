//! Approving an access request: a user pre-filled from the request, with
//! the chosen first establishment, created in the same transaction that
//! closes the request, then invited.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::access_request::RequestType;
use crate::domain::people::membership::Civility;
use crate::domain::people::permission::Permission;
use crate::domain::people::user::{EstablishmentAccessInput, NewUserInput, parse_grants};
use crate::layout::records::{AccessRequest, replace};
use crate::operations::organisation::support::establishments::active_among;
use crate::operations::people::support::access_requests::pending;
use crate::operations::people::support::creation::{created, may_create};
use crate::operations::people::support::lifecycle::{load_user, regranted};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("approve_access_request")
    .post("/orgs/{org_id}/access-requests/{request_id}/approve")
    .access(Access::Member(Permission::ManageUsers))
    .summary(
        "Approve a request: the user is created from it at the chosen establishment, then invited",
    )
    .takes(Body::of::<Approval>())
    // 201 with the user as she now is: created, or given one more establishment.
    .answers(201, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

/// The first establishment and what the person gets there — or the whole
/// user form, as the manager completed it from the request.
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
    /// Seed 004's "Valider": the user form pre-filled from the request and
    /// completed by the manager. When given, it is what is created (the
    /// three fields above must then be left out); the email stays the one
    /// that asked. For an added establishment, only its `establishments`
    /// count: they are added to what she already has.
    pub user: Option<CompletedUser>,
}

/// The user form of an approval: a new user's form without the email.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletedUser {
    #[schema(value_type = Option<crate::domain::people::membership::Civility>)]
    pub civility: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    /// `YYYY-MM-DD`
    pub birth_date: Option<String>,
    pub main_establishment: Option<String>,
    #[serde(default)]
    pub manager: bool,
    #[serde(default)]
    pub establishments: Vec<EstablishmentAccessInput>,
}

impl Approval {
    /// The establishment lines the approval names.
    fn lines(&self) -> Vec<EstablishmentAccessInput> {
        match &self.user {
            Some(user) => user.establishments.clone(),
            None => vec![EstablishmentAccessInput {
                establishment_id: self.establishment_id.clone(),
                permissions: self.permissions.clone(),
                presets: self.presets.clone(),
            }],
        }
    }

    /// The new user's form: the request's fields, or the completed form.
    fn form(&self, access: &AccessRequest) -> NewUserInput {
        let civility = serde_json::to_value(access.civility.unwrap_or(Civility::Mx))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        match &self.user {
            Some(user) => NewUserInput {
                civility: user.civility.clone(),
                last_name: user.last_name.clone(),
                first_name: user.first_name.clone(),
                email: Some(access.email.clone()),
                phone: user.phone.clone(),
                function: user.function.clone(),
                birth_date: user.birth_date.clone(),
                main_establishment: user.main_establishment.clone(),
                manager: user.manager,
                establishments: user.establishments.clone(),
                locale: Some(access.locale),
            },
            None => NewUserInput {
                civility,
                last_name: Some(access.last_name.clone()),
                first_name: Some(access.first_name.clone()),
                email: Some(access.email.clone()),
                phone: Some(access.phone.clone()),
                function: access.function.clone(),
                establishments: self.lines(),
                locale: Some(access.locale),
                ..NewUserInput::default()
            },
        }
    }
}

struct Phases;

impl Phased for Phases {
    type Input = Approval;

    fn plan(ctx: &Context, request: &Request, input: &Approval) -> Vec<Key> {
        let mut keys = plans::access_request(ctx, request);
        let lines = input.lines();
        keys.extend(
            crate::operations::organisation::support::plans::establishments(
                request,
                lines.iter().map(|l| l.establishment_id.as_deref()),
            ),
        );
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<Approval, OpError>) -> Outcome {
        let member = request.member()?;
        let approval = input?;
        if approval.user.is_some()
            && (approval.establishment_id.is_some()
                || !approval.permissions.is_empty()
                || !approval.presets.is_empty())
        {
            let mut errors = ValidationErrors::default();
            errors.push("user", FieldCode::InvalidValue);
            return Err(OpError::Validation(errors));
        }
        let org_id = member.org_id().to_string();
        let access = pending(ctx, &org_id, request.param("request_id")?).await?;
        let named: Vec<String> = approval
            .lines()
            .iter()
            .filter_map(|l| l.establishment_id.as_deref().map(str::trim))
            .map(str::to_string)
            .collect();
        let known = active_among(ctx, &org_id, &named).await?;
        let mut closed = access.clone();
        closed.status = "approved".into();
        closed.decided_at = Some(ctx.clock.now());
        closed.decided_by = Some(member.account_id.clone());
        closed.version = access.version + 1;
        if let (RequestType::Establishment, Some(user_id)) =
            (access.request_type, access.user_id.clone())
        {
            return added_establishment(
                ctx, &request, &approval, &known, &closed, &access, &user_id,
            )
            .await;
        }
        let user = approval.form(&access).validate(&known)?;
        // The grant rule (DESIGN §5.16), as for any new user.
        may_create(member, &user)?;
        // Created already invited, and the request closed, in one transaction.
        let (membership, mut commit) =
            created(ctx, &member.org, &member.account_id, user, true).await?;
        closed.user_id = Some(membership.account_id.clone());
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

/// Someone already in the organisation asked for one more establishment:
/// what the approval names is added to what she has, under the same grant
/// rule as any change of access, in the transaction that closes the request.
async fn added_establishment(
    ctx: &Context,
    request: &Request,
    approval: &Approval,
    known: &[String],
    closed: &AccessRequest,
    access: &AccessRequest,
    user_id: &str,
) -> Outcome {
    let member = request.member()?;
    let (current, _) = load_user(ctx, member.org_id(), user_id).await?;
    let mut errors = ValidationErrors::default();
    let added = parse_grants(&approval.lines(), known, &mut errors);
    errors.finish(())?;
    let mut grants = current.grants.clone();
    for (est, perms) in added {
        grants.entry(est).or_default().extend(perms);
    }
    let main = current
        .main_establishment
        .clone()
        .or_else(|| grants.keys().next().cloned());
    let extra = serde_json::Map::from_iter([("access_request".to_string(), json!(access.id))]);
    let (next, mut commit) = regranted(ctx, member, &current, grants, main, extra)?;
    commit.push_or(
        replace(closed, access.version),
        crate::operations::employee_space::EmployeeSpaceError::AlreadyDecided,
    );
    commit.run(ctx).await?;
    Output::json(201, &UserView::new(&next, None, None))
}
