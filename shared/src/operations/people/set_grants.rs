//! Attach and detach establishments and set the permissions at each
//! (seed 004); the main establishment follows. Takes effect on the person's
//! next request.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::domain::people::user::{EstablishmentAccessInput, parse_grants};
use crate::operations::organisation::support::establishments::active_among;
use crate::operations::people::support::lifecycle::{load_user, regranted};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_grants")
    .put("/orgs/{org_id}/users/{user_id}/grants")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Set the user's establishments and the permissions at each (replaces them all)")
    .takes(Body::of::<GrantsInput>())
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantsInput {
    /// The version the manager saw.
    pub version: Option<u64>,
    #[serde(default)]
    pub establishments: Vec<EstablishmentAccessInput>,
    /// One of the establishments given; the first one when absent.
    pub main_establishment: Option<String>,
}

struct Phases;

impl Phased for Phases {
    type Input = GrantsInput;

    fn plan(ctx: &Context, request: &Request, input: &GrantsInput) -> Vec<Key> {
        let mut keys = plans::target_user(ctx, request);
        keys.extend(
            crate::operations::organisation::support::plans::establishments(
                request,
                input
                    .establishments
                    .iter()
                    .map(|e| e.establishment_id.as_deref()),
            ),
        );
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<GrantsInput, OpError>) -> Outcome {
        let member = request.member()?;
        let input = input?;
        let (current, org) = load_user(ctx, member.org_id(), request.param("user_id")?).await?;
        let mut errors = ValidationErrors::default();
        if input.version.is_none() {
            errors.push("version", FieldCode::Required);
        }
        let named: Vec<String> = input
            .establishments
            .iter()
            .filter_map(|line| line.establishment_id.as_deref().map(str::trim))
            .map(str::to_string)
            .collect();
        let known = active_among(ctx, &org.id, &named).await?;
        let grants = parse_grants(&input.establishments, &known, &mut errors);
        let main = match input.main_establishment.as_deref().map(str::trim) {
            None | Some("") => grants.keys().next().cloned(),
            Some(id) if grants.contains_key(id) => Some(id.to_string()),
            Some(_) => {
                errors.push("main_establishment", FieldCode::UnknownEstablishment);
                None
            }
        };
        errors.finish(())?;
        if input.version != Some(current.version) {
            return Err(OpError::VersionConflict);
        }
        let (next, commit) =
            regranted(ctx, member, &current, grants, main, serde_json::Map::new())?;
        // The caller must manage this member where she is now, too: the
        // change may take establishments away.
        if !member.access().may_manage(&current.grants, current.manager) {
            return Err(OpError::Forbidden);
        }
        // A stale version fails the condition: 409 (changed meanwhile).
        commit.run(ctx).await?;
        Output::json(200, &UserView::new(&next, None, None))
    }
}
