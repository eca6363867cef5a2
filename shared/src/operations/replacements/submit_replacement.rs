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
    Access, Body, Context, Handler, Member, OpError, OperationSpec, Outcome, Output, Phased,
    Request,
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
        // The establishment is read only where the caller may ask.
        let live = match input.establishment_id.as_deref().map(str::trim) {
            Some(id)
                if !id.is_empty()
                    && member
                        .access()
                        .allows_at(Permission::RequestReplacements, id) =>
            {
                live_establishment(ctx, member.org_id(), id).await?
            }
            _ => None,
        };
        let now = ctx.clock.now();
        let id = ctx.new_id();
        let (commit, view) = Phases::decide(&org, member, &input, live, now, id, ctx.new_id())?;
        commit.run(ctx).await?;
        Output::json(201, &view)
    }
}

impl Phases {
    /// The request `member` asks for, from `input`, pure: at an
    /// establishment where she may ask (a manager: anywhere) that is one of
    /// the organisation's, not archived (`live`: read by `run`, whose name
    /// and address the request keeps for the worker); a function
    /// and an age group among the organisation's (`org`); a task (200); notes
    /// (2000); a schedule, if given, valid (its errors under `schedule.`):
    /// every refused field at once (422). Requested with a schedule, a
    /// draft without; created once, audited with its status.
    fn decide(
        org: &Organisation,
        member: &Member,
        input: &ReplacementInput,
        live: Option<crate::domain::organisation::model::Establishment>,
        now: jiff::Timestamp,
        id: String,
        audit_id: String,
    ) -> Result<(Commit, ReplacementView), OpError> {
        let mut errors = ValidationErrors::default();
        let est = match input.establishment_id.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("establishment_id", FieldCode::Required);
                None
            }
            // A live establishment of this organisation where the caller may
            // ask (a manager may everywhere, but not at an unknown id).
            Some(id)
                if !member
                    .access()
                    .allows_at(Permission::RequestReplacements, id)
                    || live.is_none() =>
            {
                errors.push("establishment_id", FieldCode::UnknownEstablishment);
                None
            }
            Some(_) => live,
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
                id,
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
                audit_id,
                now,
                &member.account_id,
                &replacement,
                "replacement.submitted",
            )
            .set("status", replacement.status)
            .write(),
        );
        Ok((commit, view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::replacements::replacement::RequestStatus;
    use crate::operations::organisation::support::fixtures::org;
    use crate::operations::replacements::support::decision::fixtures::{EST, member, now};
    use crate::ports::{Condition, Write};
    use serde_json::json;

    /// A client asking at `EST`.
    fn client() -> Member {
        let membership = member("client", &[Permission::RequestReplacements]);
        Member {
            account_id: "client".into(),
            grants: membership.grants.clone(),
            membership,
            org: org(),
        }
    }

    fn input() -> ReplacementInput {
        ReplacementInput {
            establishment_id: Some(format!(" {EST} ")),
            function: Some("Éducatrice".into()),
            age_group: Some("Scolaire".into()),
            task: Some("Groupe des Lutins".into()),
            qualified: true,
            notes: None,
            schedule: None,
        }
    }

    /// The establishment `EST` as read, when `live`.
    fn establishment(live: bool) -> Option<crate::domain::organisation::model::Establishment> {
        live.then(|| crate::domain::organisation::model::Establishment {
            org_id: org().id,
            id: EST.into(),
            name: "CPE Les Lucioles".into(),
            address: Some("12 rue des Érables, Montréal".into()),
            archived: false,
        })
    }

    fn ask(input: &ReplacementInput, live: bool) -> Result<(Commit, ReplacementView), OpError> {
        Phases::decide(
            &org(),
            &client(),
            input,
            establishment(live),
            now(),
            "r1".into(),
            "audit-1".into(),
        )
    }

    fn refused(input: &ReplacementInput, live: bool) -> Vec<(String, FieldCode)> {
        match ask(input, live).unwrap_err() {
            OpError::Validation(v) => v.0.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_request_is_asked_at_an_establishment_where_the_client_may_ask() {
        let input = ReplacementInput {
            establishment_id: Some("elsewhere".into()),
            ..input()
        };
        assert_eq!(
            refused(&input, true),
            [("establishment_id".into(), FieldCode::UnknownEstablishment)]
        );
    }

    #[test]
    fn an_archived_or_unknown_establishment_is_refused() {
        assert_eq!(
            refused(&input(), false),
            [("establishment_id".into(), FieldCode::UnknownEstablishment)]
        );
    }

    #[test]
    fn the_function_and_the_age_group_are_the_organisation_s_every_field_answered_at_once() {
        let input = ReplacementInput {
            function: None,
            age_group: Some("Astronautes".into()),
            task: Some("  ".into()),
            ..input()
        };
        assert_eq!(
            refused(&input, true),
            [
                ("function".into(), FieldCode::Required),
                ("age_group".into(), FieldCode::InvalidValue),
                ("task".into(), FieldCode::Required),
            ]
        );
    }

    #[test]
    fn a_schedule_s_errors_are_answered_under_schedule() {
        let input = ReplacementInput {
            schedule: Some(ScheduleInput::default()),
            ..input()
        };
        let fields = refused(&input, true);
        assert!(!fields.is_empty());
        assert!(
            fields.iter().all(|(f, _)| f.starts_with("schedule.")),
            "{fields:?}"
        );
    }

    #[test]
    fn a_request_with_its_schedule_is_requested_a_draft_without() {
        let (_, draft) = ask(&input(), true).unwrap();
        assert_eq!(draft.status, RequestStatus::Draft);
        let scheduled = ReplacementInput {
            schedule: Some(ScheduleInput {
                start_date: Some("2026-12-07".into()),
                end_date: Some("2026-12-11".into()),
                start_time: Some("07:30".into()),
                end_time: Some("16:00".into()),
                unpaid_break_minutes: Some(30),
                skipped_days: vec![],
            }),
            ..input()
        };
        let (_, requested) = ask(&scheduled, true).unwrap();
        assert_eq!(requested.status, RequestStatus::Requested);
        assert_eq!(requested.schedule.map(|s| s.shifts), Some(5));
    }

    #[test]
    fn the_request_is_created_once_and_audited_with_its_status() {
        let (commit, view) = ask(&input(), true).unwrap();
        assert_eq!(
            (view.id.as_str(), view.establishment_id.as_str()),
            ("r1", EST)
        );
        let writes = commit.writes();
        assert_eq!(writes[0].key(), Some(keys::replacement("o", "r1")));
        // The worker is told where: the establishment's name and address kept.
        let Write::Put { item: request, .. } = &writes[0] else {
            panic!("the request: {writes:?}");
        };
        assert_eq!(request["establishment_name"], "CPE Les Lucioles");
        assert_eq!(
            request["establishment_address"],
            "12 rue des Érables, Montréal"
        );
        assert!(matches!(
            &writes[0],
            Write::Put {
                condition: Some(Condition::NotExists),
                ..
            }
        ));
        let Write::Put { item, .. } = &writes[1] else {
            panic!("the audit event: {writes:?}");
        };
        let event: crate::layout::records::AuditEvent = from_item(item.clone()).unwrap();
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("replacement.submitted", "client")
        );
        assert_eq!(event.changes, json!({"status": {"after": "draft"}}));
    }
}
