//! A manager (or a holder of `approve_hours` at the employee's main
//! establishment) approves or refuses a submitted week; approval feeds the
//! banks of hours by their rules (each credit a movement of her history,
//! with its counter's ADD, in the same transaction) and locks
//! the week; the employee is emailed.

use crate::domain::employee_space::emails;
use crate::domain::employee_space::employee::{Feature, RequestState, week_start};
use crate::domain::ids;
use crate::domain::locale::Locale;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::{self, Permission};
use crate::layout::employee::{BankMovement, HourBank, MovementKind, Week};
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::{
    DecisionInput, admit_decider, banks,
};
use crate::operations::employee_space::support::movements;
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};

pub const SPEC: OperationSpec = OperationSpec::named("decide_week")
    .post("/orgs/{org_id}/users/{user_id}/weeks/{week}/decision")
    .access(Access::Member(Permission::ApproveHours))
    .summary("Approve (feeds the banks of hours by their rules, locks) or refuse (comment) an employee's submitted week; she is emailed")
    .takes(Body::of::<DecisionInput>())
    .answers(200, Body::of::<Week>())
    .problems(&[409])
    .handler(Handler::plan(
        plans::week_of_target_user_and_hour_banks,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: DecisionInput = request.json()?;
    let user_id = request.param("user_id")?;
    let monday = week_start(request.param("week")?).map_err(|_| OpError::NotFound)?;
    if !ids::is_id(user_id) {
        return Err(OpError::NotFound);
    }
    let found = ctx
        .store
        .get_many(&[
            keys::week(member.org_id(), user_id, monday),
            keys::membership(member.org_id(), user_id),
        ])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(w)), Some(Some(m))) = (found.next(), found.next()) else {
        return Err(OpError::NotFound);
    };
    let current: Week = from_item(w)?;
    let employee: Membership = from_item(m)?;
    // Read ahead with the caller (the plan): no call of its own.
    let banks = banks(ctx, member.org_id()).await?;
    let decided = decide(
        current,
        &member.account_id,
        member.access(),
        &input,
        &banks,
        ctx.clock.now(),
        ctx.new_id(),
    )?;
    let (fr, en) = decided.notice;
    let message = crate::operations::outbox::notification(
        ctx,
        &member.org,
        &employee,
        crate::domain::people::notifications::Notification::RequestsDecided,
        fr,
        en,
    );
    let mut commit = decided.commit;
    commit.extend(message.iter().map(create));
    commit.run(ctx).await?;
    Output::json(200, &decided.next)
}

/// A decision on a week: the writes (the week, the banks' credits, the
/// audit event), the week as it becomes and the employee's notice
/// (French, English), whose message is written with them.
#[derive(Debug)]
struct WeekDecided {
    commit: Commit,
    next: Week,
    notice: ((String, Vec<String>), (String, Vec<String>)),
}

/// The rules of deciding the week `current` by `decider` (with her
/// `access`), pure: only a manager or a holder of `approve_hours` at the
/// employee's establishment sees it (404); a supervisor never decides her
/// own week (403; a manager may); the decision is checked, once, at the
/// version read (see [`DecisionInput::decide`]); approval credits each bank
/// its rule gives minutes to (ADD, in the same transaction) and says so on
/// the week; audited as approved or refused.
fn decide(
    current: Week,
    decider: &str,
    access: permission::Access<'_>,
    input: &DecisionInput,
    banks: &[HourBank],
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<WeekDecided, OpError> {
    admit_decider(
        &access,
        Permission::ApproveHours,
        current.establishment_id.as_deref(),
        &current.account_id,
        decider,
    )?;
    let (state, comment) = input.decide(current.state, current.version)?;
    let mut next = current.clone();
    next.state = state;
    next.decision_comment = comment.clone();
    next.decided_by = Some(decider.to_string());
    next.decided_at = Some(now);
    next.version += 1;
    let mut credits = Vec::new();
    if state == RequestState::Approved {
        for bank in banks {
            let credit = bank.rule.credit(current.total_minutes);
            if credit != 0 {
                let movement = BankMovement {
                    id: format!("{}-{}", current.monday, bank.id),
                    org_id: current.org_id.clone(),
                    account_id: current.account_id.clone(),
                    bank_id: bank.id.clone(),
                    movement: MovementKind::Week,
                    minutes: credit,
                    note: None,
                    by: decider.to_string(),
                    by_name: None,
                    source: Some(current.monday.to_string()),
                    at: now,
                };
                credits.extend(movements::writes(&movement, None));
                next.credited.push(crate::layout::employee::Credit {
                    bank: bank.name.clone(),
                    minutes: credit,
                });
            }
        }
    }
    let approved = state == RequestState::Approved;
    let credited: Vec<(&str, i64)> = next
        .credited
        .iter()
        .map(|c| (c.bank.as_str(), c.minutes))
        .collect();
    let notice = |locale| {
        emails::week_decided(
            locale,
            current.monday,
            current.total_minutes.into(),
            approved,
            &credited,
            comment.as_deref(),
        )
    };
    let notice = (notice(Locale::Fr), notice(Locale::En));
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.extend(credits);
    commit.push(
        Audit::at(
            audit_id,
            now,
            &current.org_id,
            decider,
            if approved {
                "week.approved"
            } else {
                "week.refused"
            },
        )
        .target(&format!("{}#{}", current.account_id, current.monday))
        .establishment(current.establishment_id.as_deref())
        .change("state", current.state, state)
        .set("credited", &next.credited)
        .write(),
    );
    Ok(WeekDecided {
        commit,
        next,
        notice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::{BankRule, Decision};
    use crate::domain::people::permission::Grants;
    use crate::layout::employee::BALANCE_MINUTES;
    use crate::operations::employee_space::EmployeeSpaceError;
    use crate::operations::employee_space::support::fixtures::*;
    use crate::ports::Condition;
    use serde_json::json;

    /// Zoé's week of 23 November, 42 h 30 submitted, version 3.
    fn submitted() -> Week {
        Week {
            org_id: "o".into(),
            account_id: "zoe".into(),
            employee_name: "Zoé Roy".into(),
            establishment_id: Some(EST.into()),
            monday: day("2026-11-23"),
            days: vec![],
            total_minutes: 2550,
            state: RequestState::Pending,
            comment: None,
            decision_comment: None,
            decided_by: None,
            decided_at: None,
            credited: vec![],
            submitted_at: now(),
            version: 3,
        }
    }

    fn bank(id: &str, name: &str, rule: BankRule) -> HourBank {
        HourBank {
            id: id.into(),
            org_id: "o".into(),
            name: name.into(),
            rule,
            leave_type: None,
            created_at: now(),
            archived_at: None,
            version: 1,
        }
    }

    /// Overtime beyond 40 h, and a bank that takes nothing.
    fn banks() -> Vec<HourBank> {
        vec![
            bank(
                "b1",
                "Heures supplémentaires",
                BankRule::Overtime {
                    weekly_threshold_minutes: 2400,
                },
            ),
            bank("b2", "Rien", BankRule::None),
        ]
    }

    fn approve() -> DecisionInput {
        decision_input(Decision::Approve, None, 3)
    }

    /// Decided by `who`, holding `approve_hours` at `est` (none: a manager).
    fn by(
        who: &str,
        est: Option<&str>,
        current: Week,
        input: &DecisionInput,
    ) -> Result<WeekDecided, OpError> {
        let mut grants = Grants::new();
        if let Some(est) = est {
            grants.insert(est.into(), [Permission::ApproveHours].into_iter().collect());
        }
        let access = permission::Access {
            manager: est.is_none(),
            grants: &grants,
        };
        decide(current, who, access, input, &banks(), now(), "a1".into())
    }

    #[test]
    fn only_an_approver_at_the_employee_s_establishment_sees_her_week() {
        let error = by("boss", Some("e2"), submitted(), &approve()).unwrap_err();
        assert!(matches!(error, OpError::NotFound), "{error:?}");
    }

    #[test]
    fn a_supervisor_never_decides_her_own_week_a_manager_may() {
        let error = by("zoe", Some(EST), submitted(), &approve()).unwrap_err();
        assert!(matches!(error, OpError::Forbidden), "{error:?}");
        assert!(by("zoe", None, submitted(), &approve()).is_ok());
    }

    #[test]
    fn a_decided_week_is_not_decided_again() {
        let mut current = submitted();
        current.state = RequestState::Approved;
        let error = by("boss", Some(EST), current, &approve()).unwrap_err();
        assert_eq!(
            error.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::AlreadyDecided)
        );
    }

    #[test]
    fn a_decision_on_a_stale_version_is_a_conflict() {
        let error = by(
            "boss",
            Some(EST),
            submitted(),
            &decision_input(Decision::Approve, None, 2),
        )
        .unwrap_err();
        assert!(matches!(error, OpError::VersionConflict), "{error:?}");
    }

    #[test]
    fn approval_credits_each_bank_by_its_rule_and_locks_the_week() {
        let decided = by("boss", Some(EST), submitted(), &approve()).unwrap();
        assert_eq!(
            additions(&decided.commit),
            [(
                keys::bank_balance("o", "zoe", "b1"),
                BALANCE_MINUTES.to_string(),
                150
            )]
        );
        assert_eq!(decided.next.state, RequestState::Approved);
        assert_eq!(decided.next.credited.len(), 1);
        assert_eq!(decided.next.credited[0].minutes, 150);
        assert_eq!(
            writes(&decided.commit)[0],
            (
                keys::week("o", "zoe", day("2026-11-23")),
                Some(Condition::VersionIs(3))
            )
        );
    }

    #[test]
    fn a_refused_week_credits_nothing_and_keeps_its_comment() {
        let decided = by(
            "boss",
            Some(EST),
            submitted(),
            &decision_input(Decision::Refuse, Some("Mardi manquant"), 3),
        )
        .unwrap();
        assert!(additions(&decided.commit).is_empty());
        assert_eq!(decided.next.state, RequestState::Refused);
        assert_eq!(
            decided.next.decision_comment.as_deref(),
            Some("Mardi manquant")
        );
    }

    #[test]
    fn the_decision_is_audited_and_the_employee_told_her_credits() {
        let decided = by("boss", Some(EST), submitted(), &approve()).unwrap();
        let event = audit_of(&decided.commit);
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("week.approved", "boss")
        );
        assert_eq!(event.target.as_deref(), Some("zoe#2026-11-23"));
        assert_eq!(
            event.changes["state"],
            json!({"before": "pending", "after": "approved"})
        );
        let ((_, fr), _) = &decided.notice;
        assert!(
            fr.iter().any(|l| l.contains("Heures supplémentaires")),
            "{fr:?}"
        );
    }
}
