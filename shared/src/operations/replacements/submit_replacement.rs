//! "+ Nouveau remplacement" (seed 001): a client asks for a replacement at
//! one of its establishments (a creating POST: `Idempotency-Key` honoured,
//! see `idempotency`).

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::permission::Permission;
use crate::domain::validate;
use crate::layout::keys;
use crate::layout::records::{Replacement, create, from_item};
use crate::operations::commit::Commit;
use crate::operations::replacements::support::replacements::{
    ReplacementView, ScheduleInput, audit,
};
use crate::operations::replacements::support::replacements::{Work, new_request};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_replacement")
    .post("/orgs/{org_id}/replacements")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("Ask for a replacement (installation, function, age group, task, qualified, notes, and optionally the schedule)")
    .takes(Body::of::<ReplacementInput>())
    .answers(201, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplacementInput {
    /// The installation (one of the client's establishments).
    pub establishment_id: Option<String>,
    pub function: Option<String>,
    pub age_group: Option<String>,
    pub task: Option<String>,
    #[serde(default)]
    pub qualified: bool,
    pub notes: Option<String>,
    pub schedule: Option<ScheduleInput>,
}

/// The establishment `id` of the organisation, when it exists and is live.
async fn live_establishment(
    ctx: &Context,
    org_id: &str,
    id: &str,
) -> Result<Option<crate::domain::organisation::model::Establishment>, OpError> {
    if !crate::domain::ids::is_id(id) {
        return Ok(None);
    }
    Ok(
        match ctx.store.get(&keys::establishment(org_id, id)).await? {
            Some(item) => Some(from_item::<
                crate::domain::organisation::model::Establishment,
            >(item)?)
            .filter(|e| !e.archived),
            None => None,
        },
    )
}

struct Phases;

impl Phased for Phases {
    type Input = ReplacementInput;

    fn plan(ctx: &Context, request: &Request, input: &ReplacementInput) -> Vec<Key> {
        let _ = ctx;
        crate::operations::organisation::support::plans::establishments(
            request,
            [input.establishment_id.as_deref()],
        )
    }

    async fn run(
        ctx: &Context,
        request: Request,
        input: Result<ReplacementInput, OpError>,
    ) -> Outcome {
        let member = request.member()?;
        let input = input?;
        let org: Organisation =
            crate::operations::organisation::support::organisations::load(ctx, member.org_id())
                .await?;
        let mut errors = ValidationErrors::default();
        let est = match input.establishment_id.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("establishment_id", FieldCode::Required);
                None
            }
            // A live establishment of this organisation where the caller may
            // ask (a manager may everywhere, but not at an unknown id).
            Some(id) => {
                let live = if member
                    .access()
                    .allows_at(Permission::RequestReplacements, id)
                {
                    live_establishment(ctx, member.org_id(), id).await?
                } else {
                    None
                };
                if live.is_none() {
                    errors.push("establishment_id", FieldCode::UnknownEstablishment);
                }
                live
            }
        };
        let mut pick = |field: &str, raw: &Option<String>, list: &[String]| match raw
            .as_deref()
            .map(str::trim)
        {
            None | Some("") => {
                errors.push(field, FieldCode::Required);
                None
            }
            Some(v) if !list.iter().any(|x| x == v) => {
                errors.push(field, FieldCode::InvalidValue);
                None
            }
            Some(v) => Some(v.to_string()),
        };
        let function = pick(
            "function",
            &input.function,
            &org.settings.replacement_functions,
        );
        let age_group = pick("age_group", &input.age_group, &org.settings.age_groups);
        let task = errors.take("task", validate::required_text(input.task.as_deref(), 200));
        let notes = errors
            .take(
                "notes",
                validate::optional_text(input.notes.as_deref(), 2000),
            )
            .flatten();
        let schedule = match &input.schedule {
            None => None,
            Some(s) => match s.parse() {
                Ok(s) => Some(s),
                Err(e) => {
                    for fe in e.0 {
                        errors.push(format!("schedule.{}", fe.field), fe.code);
                    }
                    None
                }
            },
        };
        errors.finish(())?;
        let (Some(establishment), Some(function), Some(age_group), Some(task)) =
            (est, function, age_group, task)
        else {
            return Err(OpError::Internal("validated fields missing".into()));
        };
        let now = ctx.clock.now();
        let work = Work {
            function,
            age_group,
            task,
            qualified: input.qualified,
            notes,
        };
        let replacement = Replacement {
            establishment_name: Some(establishment.name),
            establishment_address: establishment.address,
            ..new_request(
                ctx.new_id(),
                &org.id,
                &member.account_id,
                establishment.id,
                work,
                schedule,
                now,
            )
        };
        let view = ReplacementView::new(&replacement);
        let mut commit = Commit::new();
        commit.push(create(&replacement)).push(
            audit(
                ctx.new_id(),
                now,
                &member.account_id,
                &replacement,
                "replacement.submitted",
            )
            .set("status", replacement.status)
            .write(),
        );
        commit.run(ctx).await?;
        Output::json(201, &view)
    }
}
