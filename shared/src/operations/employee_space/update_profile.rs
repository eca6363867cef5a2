//! The employee edits her personal information: only the fields her
//! organisation allows (others are refused, naming the field).

use crate::domain::employee_space::employee::{Feature, ProfileField};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::Civility;
use crate::domain::people::permission::Permission;
use crate::domain::validate;
use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::by_caller;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_profile")
    .patch("/orgs/{org_id}/me/profile")
    .access(Access::Member(Permission::EditOwnProfile))
    .summary("Edit one's personal information: the fields the organisation allows (others: 422 naming the field)")
    .takes(Body::of::<ProfilePatch>())
    .answers(200, Body::of::<Profile>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub civility: Option<Civility>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    /// `YYYY-MM-DD`
    pub birth_date: Option<String>,
    /// The version last read (stale: 409).
    pub version: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    pub civility: Civility,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<jiff::civil::Date>,
    /// What the organisation lets the employee edit.
    pub editable: Vec<ProfileField>,
    pub version: u64,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::PersonalInfo)?;
    let patch: ProfilePatch = request.json()?;
    let allowed = &member.org.settings.editable_profile_fields;
    let mut errors = ValidationErrors::default();
    let mut next = member.membership.clone();
    let mut check = |field: ProfileField, name: &str, present: bool| {
        let ok = !present || allowed.contains(&field);
        if !ok {
            errors.push(name, FieldCode::Immutable);
        }
        present && ok
    };
    let civility = check(ProfileField::Civility, "civility", patch.civility.is_some());
    let first = check(
        ProfileField::FirstName,
        "first_name",
        patch.first_name.is_some(),
    );
    let last = check(
        ProfileField::LastName,
        "last_name",
        patch.last_name.is_some(),
    );
    let phone = check(ProfileField::Phone, "phone", patch.phone.is_some());
    let birth = check(
        ProfileField::BirthDate,
        "birth_date",
        patch.birth_date.is_some(),
    );
    if civility && let Some(c) = patch.civility {
        next.civility = c;
    }
    if first
        && let Some(v) = errors.take(
            "first_name",
            validate::required_text(patch.first_name.as_deref(), 100),
        )
    {
        next.first_name = v;
    }
    if last
        && let Some(v) = errors.take(
            "last_name",
            validate::required_text(patch.last_name.as_deref(), 100),
        )
    {
        next.last_name = v;
    }
    if phone && let Some(v) = errors.take("phone", validate::phone(patch.phone.as_deref())) {
        next.phone = v;
    }
    if birth && let Some(v) = errors.take("birth_date", validate::date(patch.birth_date.as_deref()))
    {
        next.birth_date = v;
    }
    if patch.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    errors.finish(())?;
    let current = &member.membership;
    if patch.version != Some(current.version) {
        return Err(OpError::VersionConflict);
    }
    let now = ctx.clock.now();
    if next != *current {
        next.updated_at = now;
        next.version = current.version + 1;
        let mut commit = Commit::new();
        commit.push(replace(&next, current.version)).push(
            by_caller(ctx, member, now, "profile.updated")
                .target(&member.account_id)
                .change("first_name", &current.first_name, &next.first_name)
                .change("last_name", &current.last_name, &next.last_name)
                .set("phone_changed", current.phone != next.phone)
                .set("birth_date_changed", current.birth_date != next.birth_date)
                .write(),
        );
        commit.run(ctx).await?;
    }
    Output::json(
        200,
        &Profile {
            civility: next.civility,
            first_name: next.first_name,
            last_name: next.last_name,
            email: next.email,
            phone: next.phone,
            birth_date: next.birth_date,
            editable: allowed.iter().copied().collect(),
            version: next.version,
        },
    )
}
