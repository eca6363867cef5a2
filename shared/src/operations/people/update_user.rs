//! A manager edits a user's record (seed 003's fields) with optimistic
//! locking: a stale `version` answers 409 and changes nothing. The email of
//! a pending invitation is not edited here (use change email and resend);
//! after activation only the person changes it.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::locale::Locale;
use crate::domain::people::membership::{Civility, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::domain::validate::{self, Email, SHORT_TEXT_MAX};
use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::people::errors::PeopleError;
use crate::operations::people::support::lifecycle::{audit, managed_user, move_email};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_user")
    .patch("/orgs/{org_id}/users/{user_id}")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Edit a user's record (fields given are changed); optimistic locking by version")
    .takes(Body::of::<UserPatch>())
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

/// The fields to change; absent ones stay. An empty string clears an
/// optional field (function, birth date, main establishment).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// The version the manager saw (required).
    pub version: Option<u64>,
    #[schema(value_type = Option<Civility>)]
    pub civility: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    /// `YYYY-MM-DD`
    pub birth_date: Option<String>,
    pub main_establishment: Option<String>,
    pub locale: Option<Locale>,
    /// Only for a record never invited (`draft`).
    pub email: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let patch: UserPatch = request.json()?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    let mut errors = ValidationErrors::default();
    let Some(version) = patch.version else {
        errors.push("version", FieldCode::Required);
        return Err(errors.into());
    };
    let mut next = current.clone();
    if let Some(raw) = &patch.civility {
        match serde_json::from_value::<Civility>(Value::String(raw.trim().to_lowercase())) {
            Ok(c) => next.civility = c,
            Err(_) => errors.push("civility", FieldCode::InvalidValue),
        }
    }
    if patch.last_name.is_some() {
        next.last_name = errors
            .take(
                "last_name",
                validate::person_name(patch.last_name.as_deref(), SHORT_TEXT_MAX),
            )
            .unwrap_or_default();
    }
    if patch.first_name.is_some() {
        next.first_name = errors
            .take(
                "first_name",
                validate::person_name(patch.first_name.as_deref(), SHORT_TEXT_MAX),
            )
            .unwrap_or_default();
    }
    if patch.phone.is_some() {
        next.phone = errors
            .take("phone", validate::phone(patch.phone.as_deref()))
            .unwrap_or_default();
    }
    if patch.function.is_some() {
        next.function = errors
            .take(
                "function",
                validate::optional_text(patch.function.as_deref(), SHORT_TEXT_MAX),
            )
            .flatten();
    }
    if patch.birth_date.is_some() {
        next.birth_date = errors
            .take("birth_date", validate::date(patch.birth_date.as_deref()))
            .flatten();
    }
    if let Some(est) = patch.main_establishment.as_deref().map(str::trim) {
        if est.is_empty() {
            next.main_establishment = None;
        } else if current.grants.contains_key(est) || current.manager {
            next.main_establishment = Some(est.to_string());
        } else {
            errors.push("main_establishment", FieldCode::UnknownEstablishment);
        }
    }
    if let Some(locale) = patch.locale {
        next.locale = Some(locale);
    }
    let new_email = match &patch.email {
        None => None,
        Some(raw) => errors.take("email", Email::parse(raw)),
    };
    errors.finish(())?;
    if version != current.version {
        return Err(OpError::VersionConflict);
    }

    let mut commit = Commit::new();
    if let Some(email) = new_email.filter(|e| e.as_str() != current.email) {
        match current.status {
            MembershipStatus::Invited => return Err(PeopleError::InvitationPending.into()),
            MembershipStatus::Draft => {
                // The new claim's failed condition: the email is taken.
                move_email(ctx, &current, email.as_str(), &mut commit).await?;
                next.email = email.as_str().to_string();
            }
            _ => return Err(PeopleError::EmailManagedByPerson.into()),
        }
    }

    // Before/after of the changed fields only.
    let before = serde_json::to_value(&current).unwrap_or_default();
    let after = serde_json::to_value(&next).unwrap_or_default();
    let mut changes = Map::new();
    for field in [
        "civility",
        "last_name",
        "first_name",
        "phone",
        "function",
        "birth_date",
        "main_establishment",
        "locale",
        "email",
    ] {
        if before.get(field) != after.get(field) {
            changes.insert(
                field.into(),
                json!({"before": before.get(field), "after": after.get(field)}),
            );
        }
    }
    if changes.is_empty() {
        return Output::json(200, &UserView::new(&current, None, None));
    }
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    commit.push(replace(&next, current.version));
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.updated",
        &current,
        Value::Object(changes),
    ));
    commit.run(ctx).await?;
    Output::json(200, &UserView::new(&next, None, None))
}
