//! An employee enters her hours per day and submits the week (named by its
//! Monday); a refused or pending week can be submitted again, an approved
//! one is locked.

use crate::domain::employee_space::employee::DayHours;
use crate::domain::employee_space::employee::{
    Feature, RequestState, parse_week, week_minutes, week_start,
};
use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Week;
use crate::layout::keys;
use crate::layout::records::{create, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::EmployeeSpaceError;
use crate::operations::employee_space::support::employee_space::{
    employee_establishment, full_name,
};
use crate::operations::{
    Access, Body, Context, Handler, Member, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_week")
    .put("/orgs/{org_id}/weeks/{week}")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("Enter hours per day (integer minutes) and submit the week named by its Monday; locked once approved")
    .takes(Body::of::<WeekInput>())
    .answers(200, Body::of::<Week>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    /// `YYYY-MM-DD`, within the week.
    pub date: Option<String>,
    /// Worked minutes, 0 to 1440.
    pub minutes: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekInput {
    #[serde(default)]
    pub days: Vec<DayInput>,
    pub comment: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: WeekInput = request.json()?;
    let submitted = parse(request.param("week")?, &input)?;
    let key = keys::week(member.org_id(), &member.account_id, submitted.monday);
    let current: Option<Week> = crate::operations::reads::record(ctx, &key).await?;
    let (commit, week) = decide(member, submitted, current, ctx.clock.now(), ctx.new_id())?;
    commit.run(ctx).await?;
    Output::json(200, &week)
}

/// A week as submitted, checked.
#[derive(Debug)]
struct Submitted {
    monday: jiff::civil::Date,
    days: Vec<DayHours>,
    comment: Option<String>,
}

/// The form's rules, before anything is read: the week is named by its
/// Monday, each day is within it (once, 0 to 1440 minutes), the comment at
/// most 1000 characters; every refused field is answered at once (422).
fn parse(week: &str, input: &WeekInput) -> Result<Submitted, OpError> {
    let mut errors = ValidationErrors::default();
    let monday = errors.take("week", week_start(week));
    let comment = errors
        .take(
            "comment",
            crate::domain::validate::optional_text(input.comment.as_deref(), 1000),
        )
        .flatten();
    let days = match monday {
        Some(monday) => {
            let raw: Vec<(Option<String>, Option<i64>)> = input
                .days
                .iter()
                .map(|d| (d.date.clone(), d.minutes))
                .collect();
            match parse_week(monday, &raw) {
                Ok(days) => days,
                Err(e) => {
                    errors.0.extend(e.0);
                    vec![]
                }
            }
        }
        None => vec![],
    };
    let monday = errors.finish(monday)?.ok_or(OpError::NotFound)?;
    Ok(Submitted {
        monday,
        days,
        comment,
    })
}

/// The week `member` submits over what she submitted before (`current`):
/// an approved week is locked (409 `already-decided`); a pending or refused
/// one is replaced at the version read, back to pending, its decision
/// cleared; a first one is created. The total is the days' minutes summed;
/// audited with the total before and after.
fn decide(
    member: &Member,
    submitted: Submitted,
    current: Option<Week>,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<(Commit, Week), OpError> {
    let Submitted {
        monday,
        days,
        comment,
    } = submitted;
    if let Some(c) = &current
        && c.state == RequestState::Approved
    {
        return Err(EmployeeSpaceError::AlreadyDecided.into());
    }
    let week = Week {
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        employee_name: full_name(&member.membership),
        establishment_id: employee_establishment(member),
        monday,
        total_minutes: week_minutes(&days),
        days,
        state: RequestState::Pending,
        comment,
        decision_comment: None,
        decided_by: None,
        decided_at: None,
        credited: vec![],
        submitted_at: now,
        version: current.as_ref().map_or(1, |c| c.version + 1),
    };
    let write = match &current {
        Some(c) => replace(&week, c.version),
        None => create(&week),
    };
    let mut commit = Commit::new();
    commit.push(write).push(
        Audit::at(
            audit_id,
            now,
            &week.org_id,
            &member.account_id,
            "week.submitted",
        )
        .target(&format!("{}#{}", member.account_id, monday))
        .establishment(week.establishment_id.as_deref())
        .change(
            "total_minutes",
            current.map(|c| c.total_minutes),
            week.total_minutes,
        )
        .write(),
    );
    Ok((commit, week))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::errors::FieldCode;
    use crate::operations::employee_space::support::fixtures::*;
    use crate::ports::Condition;
    use serde_json::json;

    fn day_input(date: &str, minutes: i64) -> DayInput {
        DayInput {
            date: Some(date.into()),
            minutes: Some(minutes),
        }
    }

    /// 8 h on Monday 23 November, 7 h 30 on the Tuesday.
    fn input() -> WeekInput {
        WeekInput {
            days: vec![day_input("2026-11-23", 480), day_input("2026-11-24", 450)],
            comment: Some("Semaine normale".into()),
        }
    }

    /// What Zoé submitted before, in `state`, at version 2 (600 minutes).
    fn before(state: RequestState) -> Week {
        let (_, mut week) = submit(None).unwrap();
        week.state = state;
        week.total_minutes = 600;
        week.decision_comment = Some("Revoir mardi".into());
        week.version = 2;
        week
    }

    fn submit(current: Option<Week>) -> Result<(Commit, Week), OpError> {
        let submitted = parse("2026-11-23", &input()).unwrap();
        decide(
            &member("zoe", &[Permission::OwnTimesheet]),
            submitted,
            current,
            now(),
            "a1".into(),
        )
    }

    #[test]
    fn a_week_is_named_by_its_monday() {
        let error = parse("2026-11-24", &input()).unwrap_err();
        assert_eq!(refused(&error), [("week".into(), FieldCode::NotAMonday)]);
    }

    #[test]
    fn every_day_is_within_the_week() {
        let mut input = input();
        input.days.push(day_input("2026-11-30", 60));
        let error = parse("2026-11-23", &input).unwrap_err();
        assert_eq!(
            refused(&error),
            [("days[2].date".into(), FieldCode::OutsideWeek)]
        );
    }

    #[test]
    fn a_first_week_is_created_pending_with_its_total() {
        let (commit, week) = submit(None).unwrap();
        assert_eq!(week.state, RequestState::Pending);
        assert_eq!((week.total_minutes, week.version), (930, 1));
        assert_eq!(
            writes(&commit)[0],
            (
                keys::week("o", "zoe", day("2026-11-23")),
                Some(Condition::NotExists)
            )
        );
    }

    #[test]
    fn a_refused_week_is_submitted_again_at_the_version_read() {
        let (commit, week) = submit(Some(before(RequestState::Refused))).unwrap();
        assert_eq!(week.state, RequestState::Pending);
        assert_eq!(week.decision_comment, None);
        assert_eq!(week.version, 3);
        assert_eq!(
            writes(&commit)[0],
            (
                keys::week("o", "zoe", day("2026-11-23")),
                Some(Condition::VersionIs(2))
            )
        );
    }

    #[test]
    fn an_approved_week_is_locked() {
        let error = submit(Some(before(RequestState::Approved))).unwrap_err();
        assert_eq!(
            error.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::AlreadyDecided)
        );
    }

    #[test]
    fn the_submission_is_audited_with_the_total_before_and_after() {
        let (commit, _) = submit(Some(before(RequestState::Pending))).unwrap();
        let event = audit_of(&commit);
        assert_eq!(event.action, "week.submitted");
        assert_eq!(event.target.as_deref(), Some("zoe#2026-11-23"));
        assert_eq!(event.establishment.as_deref(), Some(EST));
        assert_eq!(
            event.changes,
            json!({"total_minutes": {"before": 600, "after": 930}})
        );
    }
}
