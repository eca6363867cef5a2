//! An employee asks for leave: type, start and end with half days, the
//! bank of hours it is taken from, comment; the answer shows what it takes
//! from that bank. Beyond the bank's balance it is refused (409), unless the
//! organisation lets banks go negative.

use crate::domain::employee_space::employee::{
    Feature, HalfDay, LeavePeriod, LeaveType, balance_covers, bank_serves,
};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::layout::employee::{HourBank, RequestDetails};
use crate::operations::commit::Commit;
use crate::operations::employee_space::EmployeeSpaceError;
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
        "Ask for leave (type, start and end with half days, bank of hours, comment); shows the balance impact; refused beyond the balance unless banks may go negative",
    )
    .takes(Body::of::<LeaveInput>())
    .answers(201, Body::of::<RequestAnswer>())
    .problems(&[409])
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
    /// The bank of hours it is taken from: one of the organisation's banks
    /// for this type of leave (vacation from a vacation bank). Default: the
    /// first bank for this type, if there is one.
    pub bank_id: Option<String>,
    pub comment: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Absences)?;
    let input: LeaveInput = request.json()?;
    let banks = banks(ctx, member.org_id()).await?;
    let leave = parse(&input, &banks)?;
    let balance = match &leave.bank {
        Some(b) => Some(balance(ctx, member.org_id(), &member.account_id, &b.id).await?),
        None => None,
    };
    let id = ctx.new_id();
    let (commit, answer) = decide(member, leave, balance, ctx.clock.now(), id, ctx.new_id())?;
    commit.run(ctx).await?;
    Output::json(201, &answer)
}

/// The leave asked for, checked.
#[derive(Debug)]
struct Leave {
    leave_type: LeaveType,
    period: LeavePeriod,
    /// The bank it is taken from.
    bank: Option<HourBank>,
    comment: Option<String>,
}

/// The form's rules, before any balance is read: a type, a period (its
/// start before its end, half days included), a bank of the organisation's
/// for that type (vacation from a vacation bank, never from overtime) and
/// a comment of at most 1000 characters; every refused field is answered at
/// once (422).
fn parse(input: &LeaveInput, banks: &[HourBank]) -> Result<Leave, OpError> {
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
    let bank = match input.leave_type {
        Some(leave_type) => errors
            .take(
                "bank_id",
                bank_for(banks, input.bank_id.as_deref(), leave_type),
            )
            .flatten(),
        None => None,
    };
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
        bank,
        comment,
    })
}

/// The bank leave of `leave_type` is taken from: the one named, which must
/// be a bank for that type; else the first bank for that type; else none.
fn bank_for(
    banks: &[HourBank],
    named: Option<&str>,
    leave_type: LeaveType,
) -> Result<Option<HourBank>, FieldCode> {
    let serves = |b: &&HourBank| bank_serves(&b.rule, b.leave_type, leave_type);
    match named {
        Some(id) => {
            let bank = banks
                .iter()
                .find(|b| b.id == id)
                .ok_or(FieldCode::UnknownBank)?;
            if serves(&bank) {
                Ok(Some(bank.clone()))
            } else {
                Err(FieldCode::BankOfAnotherKind)
            }
        }
        None => Ok(banks.iter().find(serves).cloned()),
    }
}

/// The request `member` submits for `leave`, pending, and the answer: the
/// leave takes the organisation's working day per two half days from its
/// bank (`balance`: the employee's balance there); the answer shows the
/// balance now and once approved. Nothing is taken before approval; a leave
/// beyond the balance is refused (409, nothing written) unless the
/// organisation lets banks go negative.
fn decide(
    member: &Member,
    leave: Leave,
    balance: Option<i64>,
    now: jiff::Timestamp,
    id: String,
    audit_id: String,
) -> Result<(Commit, RequestAnswer), OpError> {
    let Leave {
        leave_type,
        period,
        bank,
        comment,
    } = leave;
    let settings = &member.org.settings;
    let minutes = period.minutes(settings.working_day_minutes);
    if let (Some(_), Some(balance_minutes)) = (&bank, balance)
        && !balance_covers(balance_minutes, minutes, settings.banks_may_go_negative)
    {
        return Err(EmployeeSpaceError::LeaveExceedsBalance {
            balance_minutes,
            minutes,
        }
        .into());
    }
    let balance = bank.as_ref().and(balance);
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
    Ok((commit, answer))
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
            bank_id: None,
            comment: None,
        }
    }

    fn bank(id: &str, name: &str, rule: BankRule, leave_type: Option<LeaveType>) -> HourBank {
        HourBank {
            id: id.into(),
            org_id: "o".into(),
            name: name.into(),
            rule,
            leave_type,
            created_at: now(),
            archived_at: None,
            version: 1,
        }
    }

    /// An overtime bank that (wrongly) names vacation, then a vacation bank.
    fn banks() -> Vec<HourBank> {
        vec![
            bank(
                "ot",
                "Heures supplémentaires",
                BankRule::Overtime {
                    weekly_threshold_minutes: 2400,
                },
                Some(LeaveType::Vacation),
            ),
            bank("b1", "Vacances", BankRule::None, Some(LeaveType::Vacation)),
            bank("sick", "Maladie", BankRule::None, Some(LeaveType::Sick)),
        ]
    }

    /// Zoé submits `input` against [`banks`] with `balance` in the bank it
    /// takes from (the organisation's working day: 420 minutes; banks may
    /// go negative when `negative`).
    fn submit_with(
        input: &LeaveInput,
        balance: i64,
        negative: bool,
    ) -> Result<(Commit, RequestAnswer), OpError> {
        let leave = parse(input, &banks())?;
        let balance = leave.bank.as_ref().map(|_| balance);
        let mut zoe = member("zoe", &[Permission::Leave]);
        zoe.org.settings.banks_may_go_negative = negative;
        decide(&zoe, leave, balance, now(), "r1".into(), "a1".into())
    }

    fn submit(input: &LeaveInput, balance: i64) -> (Commit, RequestAnswer) {
        submit_with(input, balance, false).unwrap()
    }

    #[test]
    fn a_leave_needs_its_type_and_a_period_ending_after_it_starts() {
        let mut input = input("2026-07-03", HalfDay::Afternoon);
        input.leave_type = None;
        let error = parse(&input, &banks()).unwrap_err();
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
            refused(&parse(&input, &banks()).unwrap_err()),
            [("comment".into(), FieldCode::TooLong)]
        );
    }

    #[test]
    fn a_leave_counts_half_working_days_of_the_organisation_s_day() {
        // Monday morning to Tuesday morning: three half days of 210 minutes.
        let (_, answer) = submit(&input("2026-07-07", HalfDay::Morning), 5000);
        let impact = answer.impact.unwrap();
        assert_eq!((impact.half_days, impact.minutes), (3, 630));
        let RequestDetails::Leave { minutes, .. } = answer.request.details else {
            panic!("a leave: {:?}", answer.request.details);
        };
        assert_eq!(minutes, 630);
    }

    #[test]
    fn vacation_is_taken_from_the_vacation_bank_not_the_overtime_one_naming_vacation() {
        let (_, answer) = submit(&input("2026-07-06", HalfDay::Afternoon), 600);
        let impact = answer.impact.unwrap();
        assert_eq!(impact.bank_id.as_deref(), Some("b1"));
        assert_eq!(impact.bank_name.as_deref(), Some("Vacances"));
        assert_eq!(
            (impact.balance_minutes, impact.balance_after_minutes),
            (Some(600), Some(180))
        );
        let RequestDetails::Leave { bank_id, .. } = answer.request.details else {
            panic!("a leave");
        };
        assert_eq!(bank_id.as_deref(), Some("b1"));
    }

    #[test]
    fn a_bank_of_another_kind_is_refused_on_its_field() {
        // Vacation from the overtime bank, or from the sick-leave bank.
        for id in ["ot", "sick"] {
            let mut input = input("2026-07-06", HalfDay::Afternoon);
            input.bank_id = Some(id.into());
            let error = parse(&input, &banks()).unwrap_err();
            assert_eq!(
                refused(&error),
                [("bank_id".into(), FieldCode::BankOfAnotherKind)],
                "{id}"
            );
        }
        let mut input = input("2026-07-06", HalfDay::Afternoon);
        input.bank_id = Some("nope".into());
        assert_eq!(
            refused(&parse(&input, &banks()).unwrap_err()),
            [("bank_id".into(), FieldCode::UnknownBank)]
        );
        // Named, and of its kind: taken.
        input.bank_id = Some("b1".into());
        assert_eq!(parse(&input, &banks()).unwrap().bank.unwrap().id, "b1");
    }

    #[test]
    fn a_leave_beyond_the_balance_is_refused_and_writes_nothing() {
        // A week (2100 minutes) against 600.
        let error = submit_with(&input("2026-07-10", HalfDay::Afternoon), 600, false).unwrap_err();
        assert_eq!(
            error.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::LeaveExceedsBalance {
                balance_minutes: 600,
                minutes: 2100
            })
        );
        // Exactly the balance: accepted, down to zero.
        let (_, answer) = submit(&input("2026-07-10", HalfDay::Afternoon), 2100);
        assert_eq!(answer.impact.unwrap().balance_after_minutes, Some(0));
    }

    #[test]
    fn a_leave_beyond_the_balance_is_taken_when_banks_may_go_negative() {
        let (_, answer) = submit_with(&input("2026-07-10", HalfDay::Afternoon), 600, true).unwrap();
        let impact = answer.impact.unwrap();
        assert_eq!(
            (impact.balance_minutes, impact.balance_after_minutes),
            (Some(600), Some(-1500))
        );
    }

    #[test]
    fn a_leave_without_a_bank_of_its_type_takes_from_none() {
        let mut input = input("2026-07-06", HalfDay::Afternoon);
        input.leave_type = Some(LeaveType::Unpaid);
        let (_, answer) = submit(&input, 0);
        let impact = answer.impact.unwrap();
        assert_eq!((impact.bank_id, impact.balance_minutes), (None, None));
        // An overtime bank naming only vacation serves nothing at all.
        assert!(
            bank_for(&banks()[..1], None, LeaveType::Vacation)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn nothing_is_taken_before_approval_the_request_is_created_pending_and_audited() {
        let (commit, answer) = submit(&input("2026-07-06", HalfDay::Afternoon), 600);
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
