//! An employee asks for leave: type, start and end with half days, comment;
//! the answer shows what it takes from its bank of hours.

use crate::domain::employee_space::employee::{Feature, HalfDay, LeavePeriod, LeaveType};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::layout::employee::{HourBank, RequestDetails};
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::{
    BalanceImpact, RequestAnswer, balance, banks, submission,
};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, Member, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_leave")
    .post("/orgs/{org_id}/leave")
    .access(Access::Member(Permission::Leave))
    .summary(
        "Ask for leave (type, start and end with half days, comment); shows the balance impact",
    )
    .takes(Body::of::<LeaveInput>())
    .answers(201, Body::of::<RequestAnswer>())
    .handler(Handler::plan(plans::hour_banks, run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    pub leave_type: Option<LeaveType>,
    /// `YYYY-MM-DD`
    pub start_date: Option<String>,
    /// Default `morning`.
    pub start_half: Option<HalfDay>,
    pub end_date: Option<String>,
    /// Default `afternoon` (the whole last day).
    pub end_half: Option<HalfDay>,
    pub comment: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Absences)?;
    let input: LeaveInput = request.json()?;
    let leave = parse(&input)?;
    let bank = banks(ctx, member.org_id())
        .await?
        .into_iter()
        .find(|b| b.leave_type == Some(leave.leave_type));
    let bank = match bank {
        Some(b) => {
            let minutes = balance(ctx, member.org_id(), &member.account_id, &b.id).await?;
            Some((b, minutes))
        }
        None => None,
    };
    let id = ctx.new_id();
    let (commit, answer) = decide(member, leave, bank, ctx.clock.now(), id, ctx.new_id());
    commit.run(ctx).await?;
    Output::json(201, &answer)
}

/// The leave asked for, checked.
#[derive(Debug)]
struct Leave {
    leave_type: LeaveType,
    period: LeavePeriod,
    comment: Option<String>,
}

/// The form's rules, before anything is read: a type, a period (its start
/// before its end, half days included) and a comment of at most 1000
/// characters; every refused field is answered at once (422).
fn parse(input: &LeaveInput) -> Result<Leave, OpError> {
    let mut errors = match LeavePeriod::parse(
        input.start_date.as_deref(),
        input.start_half,
        input.end_date.as_deref(),
        input.end_half,
    ) {
        Ok(_) => ValidationErrors::default(),
        Err(e) => e,
    };
    if input.leave_type.is_none() {
        errors.push("leave_type", FieldCode::Required);
    }
    let comment = errors
        .take(
            "comment",
            crate::domain::validate::optional_text(input.comment.as_deref(), 1000),
        )
        .flatten();
    errors.finish(())?;
    let period = LeavePeriod::parse(
        input.start_date.as_deref(),
        input.start_half,
        input.end_date.as_deref(),
        input.end_half,
    )?;
    Ok(Leave {
        leave_type: input.leave_type.unwrap_or(LeaveType::Other),
        period,
        comment,
    })
}

/// The request `member` submits for `leave`, pending, and the answer: the
/// leave takes the organisation's working day per two half days, from the
/// bank of its type if there is one (`bank`, with the employee's balance
/// there): the answer shows the balance now and once approved (nothing is
/// taken before approval, and a balance may go below zero).
fn decide(
    member: &Member,
    leave: Leave,
    bank: Option<(HourBank, i64)>,
    now: jiff::Timestamp,
    id: String,
    audit_id: String,
) -> (Commit, RequestAnswer) {
    let Leave {
        leave_type,
        period,
        comment,
    } = leave;
    let minutes = period.minutes(member.org.settings.working_day_minutes);
    let (bank, balance) = bank.unzip();
    let details = RequestDetails::leave(
        leave_type,
        &period,
        minutes,
        bank.as_ref().map(|b| b.id.clone()),
    );
    let (created, commit) = submission(member, id, details, comment, now, audit_id);
    let impact = BalanceImpact {
        half_days: period.half_days(),
        minutes,
        bank_id: bank.as_ref().map(|b| b.id.clone()),
        bank_name: bank.map(|b| b.name),
        balance_minutes: balance,
        balance_after_minutes: balance.map(|b| b - minutes),
    };
    let answer = RequestAnswer {
        request: created,
        upload: None,
        impact: Some(impact),
    };
    (commit, answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::{BankRule, RequestState};
    use crate::layout::keys;
    use crate::operations::employee_space::support::fixtures::*;
    use crate::ports::Condition;

    /// Vacation from Monday 6 July, morning, to `end` (`end_half`).
    fn input(end: &str, end_half: HalfDay) -> LeaveInput {
        LeaveInput {
            leave_type: Some(LeaveType::Vacation),
            start_date: Some("2026-07-06".into()),
            start_half: None,
            end_date: Some(end.into()),
            end_half: Some(end_half),
            comment: None,
        }
    }

    fn vacation_bank() -> HourBank {
        HourBank {
            id: "b1".into(),
            org_id: "o".into(),
            name: "Vacances".into(),
            rule: BankRule::None,
            leave_type: Some(LeaveType::Vacation),
            created_at: now(),
            version: 1,
        }
    }

    /// Zoé submits `input` (the organisation's working day: 420 minutes).
    fn submit(input: &LeaveInput, bank: Option<(HourBank, i64)>) -> (Commit, RequestAnswer) {
        let leave = parse(input).unwrap();
        decide(
            &member("zoe", &[Permission::Leave]),
            leave,
            bank,
            now(),
            "r1".into(),
            "a1".into(),
        )
    }

    #[test]
    fn a_leave_needs_its_type_and_a_period_ending_after_it_starts() {
        let mut input = input("2026-07-03", HalfDay::Afternoon);
        input.leave_type = None;
        let error = parse(&input).unwrap_err();
        assert_eq!(
            refused(&error),
            [
                ("end_date".into(), FieldCode::EndBeforeStart),
                ("leave_type".into(), FieldCode::Required)
            ]
        );
    }

    #[test]
    fn a_comment_is_at_most_a_thousand_characters() {
        let mut input = input("2026-07-06", HalfDay::Afternoon);
        input.comment = Some("a".repeat(1001));
        assert_eq!(
            refused(&parse(&input).unwrap_err()),
            [("comment".into(), FieldCode::TooLong)]
        );
    }

    #[test]
    fn a_leave_counts_half_working_days_of_the_organisation_s_day() {
        // Monday morning to Tuesday morning: three half days of 210 minutes.
        let (_, answer) = submit(&input("2026-07-07", HalfDay::Morning), None);
        let impact = answer.impact.unwrap();
        assert_eq!((impact.half_days, impact.minutes), (3, 630));
        let RequestDetails::Leave { minutes, .. } = answer.request.details else {
            panic!("a leave: {:?}", answer.request.details);
        };
        assert_eq!(minutes, 630);
    }

    #[test]
    fn the_answer_shows_the_balance_of_the_bank_of_its_type_once_approved() {
        // A week (2100 minutes) against 600: the balance may go below zero.
        let (_, answer) = submit(
            &input("2026-07-10", HalfDay::Afternoon),
            Some((vacation_bank(), 600)),
        );
        let impact = answer.impact.unwrap();
        assert_eq!(impact.bank_id.as_deref(), Some("b1"));
        assert_eq!(impact.bank_name.as_deref(), Some("Vacances"));
        assert_eq!(
            (impact.balance_minutes, impact.balance_after_minutes),
            (Some(600), Some(-1500))
        );
        let RequestDetails::Leave { bank_id, .. } = answer.request.details else {
            panic!("a leave");
        };
        assert_eq!(bank_id.as_deref(), Some("b1"));
    }

    #[test]
    fn a_leave_without_a_bank_of_its_type_takes_from_none() {
        let (_, answer) = submit(&input("2026-07-06", HalfDay::Afternoon), None);
        let impact = answer.impact.unwrap();
        assert_eq!((impact.bank_id, impact.balance_minutes), (None, None));
    }

    #[test]
    fn nothing_is_taken_before_approval_the_request_is_created_pending_and_audited() {
        let (commit, answer) = submit(
            &input("2026-07-06", HalfDay::Afternoon),
            Some((vacation_bank(), 600)),
        );
        assert!(additions(&commit).is_empty());
        assert_eq!(answer.request.state, RequestState::Pending);
        assert_eq!(answer.request.establishment_id.as_deref(), Some(EST));
        assert_eq!(
            writes(&commit)[0],
            (
                keys::employee_request("o", "leave", "r1"),
                Some(Condition::NotExists)
            )
        );
        let event = audit_of(&commit);
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("leave.submitted", "zoe")
        );
        assert_eq!(event.target.as_deref(), Some("r1"));
    }
}
