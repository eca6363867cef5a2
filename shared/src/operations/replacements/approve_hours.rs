//! "Approbation des heures" (seed 001): the client approves the hours as
//! submitted, or modifies shifts with a signed adjustment ("-1,00"), meal
//! yes/no and a mandatory note. Submitted hours are never overwritten: each
//! adjustment is its own record. Approval locks the timesheet; the worker
//! is emailed the approved hours with every adjustment and its note.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::{self, Permission};
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::{
    Adjustment, RequestEvent, check_modifications, day_in, parse_adjustment,
};
use crate::layout::records::Replacement;
use crate::operations::replacements::support::decision::{Decision, Notice, To};
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load_of};
use crate::operations::{Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Request};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("approve_hours")
    .post("/orgs/{org_id}/replacements/{replacement_id}/approval")
    .access(Access::Member(Permission::ApproveHours))
    .summary("Approve the submitted hours, with modifications if any (one per date: signed adjustment, meal, mandatory note; the shift's payable hours, adjustments summed, stay within 0 and its span); locks them")
    .takes(Body::of::<ApprovalInput>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(
        plans::replacement,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

/// One modified shift ("Ajustement", "Repas", note).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Modification {
    /// `YYYY-MM-DD`: a submitted shift.
    pub date: Option<String>,
    /// Signed hours: `-1,00`, `1,00`, `-1.00`, `+0,25`.
    pub adjustment: Option<String>,
    /// Meal taken.
    #[serde(default)]
    pub meal: bool,
    /// Mandatory justification.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalInput {
    /// The version the client saw; a concurrent approval makes it stale.
    pub version: Option<u64>,
    /// Empty to approve as submitted. At most one per date (a second one
    /// for the same date is refused on its `date`). Each is kept as its own
    /// record; a shift's payable minutes are its worked minutes less the
    /// unpaid break plus every adjustment of its date summed, and must stay
    /// within 0 and the shift's span (end − start as submitted): otherwise
    /// 422 on `modifications[i].adjustment`.
    #[serde(default)]
    pub modifications: Vec<Modification>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ApprovalInput = request.json()?;
    let current = load_of(ctx, &request, Permission::ApproveHours).await?;
    let approver = Approver {
        account_id: &member.account_id,
        access: member.access(),
    };
    // Someone approved at the same moment: exactly one wins, the other's
    // version condition fails (409 version-conflict).
    decide(current, approver, &input, ctx.clock.now(), ctx.new_id())?
        .commit(ctx)
        .await
}

/// Who approves, with her rights.
struct Approver<'a> {
    account_id: &'a str,
    access: permission::Access<'a>,
}

/// The approval: only by a holder of the approval permission at the
/// request's establishment (a dispatcher elsewhere sees the request but may
/// not approve: 404), only once submitted (409); the version is required
/// (422) and must be the one read (409); each modification is on a
/// submitted date, once per date, with a note, its shift's payable minutes
/// within 0 and its span (422). The submitted hours stay as they were, each
/// adjustment is added as its own record; the worker is emailed.
fn decide(
    current: Replacement,
    approver: Approver<'_>,
    input: &ApprovalInput,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    if !approver
        .access
        .allows_at(Permission::ApproveHours, &current.establishment_id)
    {
        return Err(OpError::NotFound);
    }
    let next_status = current.status.apply(RequestEvent::Approve)?;
    let mut errors = ValidationErrors::default();
    if input.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    let submitted: Vec<jiff::civil::Date> = current.timesheet.iter().map(|e| e.date).collect();
    let mut adjustments = Vec::new();
    for (i, m) in input.modifications.iter().enumerate() {
        let date = errors.take(
            &format!("modifications[{i}].date"),
            day_in(m.date.as_deref(), &submitted),
        );
        let delta = errors.take(
            &format!("modifications[{i}].adjustment"),
            parse_adjustment(m.adjustment.as_deref().unwrap_or("")),
        );
        let note = match crate::domain::validate::optional_text(m.note.as_deref(), 1000) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                errors.push(format!("modifications[{i}].note"), FieldCode::NoteRequired);
                None
            }
            Err(c) => {
                errors.push(format!("modifications[{i}].note"), c);
                None
            }
        };
        if let (Some(date), Some(delta_minutes), Some(note)) = (date, delta, note) {
            adjustments.push((
                i,
                Adjustment {
                    date,
                    delta_minutes,
                    meal: m.meal,
                    note,
                    by: approver.account_id.to_string(),
                    at: now,
                },
            ));
        }
    }
    errors
        .0
        .extend(check_modifications(&current.timesheet, &current.adjustments, &adjustments).0);
    errors.finish(())?;
    let adjustments: Vec<Adjustment> = adjustments.into_iter().map(|(_, a)| a).collect();
    if input.version != Some(current.version) {
        return Err(OpError::VersionConflict);
    }
    let mut next = current.clone();
    next.status = next_status;
    next.adjustments.extend(adjustments.iter().cloned());
    next.approved_by = Some(approver.account_id.to_string());
    next.approved_at = Some(now);
    next.updated_at = now;
    next.version = current.version + 1;
    let notices = current
        .worker_id
        .iter()
        .map(|worker| {
            let wording = emails::both(|l| {
                emails::hours_approved(
                    l,
                    &current.task,
                    &next.timesheet,
                    &next.adjustments,
                    &adjustments,
                )
            });
            Notice::new(To::Account(worker.clone()), wording)
        })
        .collect();
    let audit = audit(
        audit_id,
        now,
        approver.account_id,
        &current,
        "hours.approved",
    )
    .change("status", current.status, next.status)
    .set("adjustments", &adjustments);
    Ok(Decision::new(&current, next, audit).told(notices))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::permission::Grants;
    use crate::operations::replacements::ReplacementsError;
    use crate::operations::replacements::support::decision::fixtures::*;
    use serde_json::json;

    /// Hours submitted for 7 and 8 December (480 payable minutes each).
    fn submitted() -> Replacement {
        let mut r = assigned("r", RequestStatus::TimesheetSubmitted);
        r.timesheet = vec![entry("2026-12-07"), entry("2026-12-08")];
        r
    }

    fn grants_at(establishment: &str, permission: Permission) -> Grants {
        let mut grants = Grants::new();
        grants.insert(establishment.into(), [permission].into_iter().collect());
        grants
    }

    fn modification(date: &str, adjustment: &str, note: Option<&str>) -> Modification {
        Modification {
            date: Some(date.into()),
            adjustment: Some(adjustment.into()),
            meal: false,
            note: note.map(str::to_string),
        }
    }

    fn approval(modifications: Vec<Modification>) -> ApprovalInput {
        ApprovalInput {
            version: Some(3),
            modifications,
        }
    }

    /// Approves as the client holding the approval permission at `EST`.
    fn approve(current: Replacement, input: &ApprovalInput) -> Result<Decision, OpError> {
        let grants = grants_at(EST, Permission::ApproveHours);
        let approver = Approver {
            account_id: CLIENT,
            access: permission::Access {
                manager: false,
                grants: &grants,
            },
        };
        decide(current, approver, input, now(), "audit-1".into())
    }

    /// The fields and codes refused when the submitted hours are approved
    /// with `modifications`.
    fn refused(modifications: Vec<Modification>) -> Vec<(String, FieldCode)> {
        codes(&approve(submitted(), &approval(modifications)).unwrap_err())
    }

    fn codes(error: &OpError) -> Vec<(String, FieldCode)> {
        match error {
            OpError::Validation(v) => v.0.iter().map(|e| (e.field.clone(), e.code)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn only_an_approver_at_the_request_s_establishment_approves() {
        for grants in [
            grants_at("elsewhere", Permission::ApproveHours),
            grants_at(EST, Permission::Dispatch),
        ] {
            let approver = Approver {
                account_id: "someone",
                access: permission::Access {
                    manager: false,
                    grants: &grants,
                },
            };
            let error =
                decide(submitted(), approver, &approval(vec![]), now(), "a".into()).unwrap_err();
            assert!(matches!(error, OpError::NotFound), "{error:?}");
        }
    }

    #[test]
    fn a_manager_approves_at_every_establishment() {
        let grants = Grants::new();
        let approver = Approver {
            account_id: "manager",
            access: permission::Access {
                manager: true,
                grants: &grants,
            },
        };
        let decision = decide(submitted(), approver, &approval(vec![]), now(), "a".into()).unwrap();
        assert_eq!(decision.next.approved_by.as_deref(), Some("manager"));
    }

    #[test]
    fn hours_are_approved_only_once_submitted() {
        for status in [RequestStatus::Assigned, RequestStatus::Approved] {
            let mut current = submitted();
            current.status = status;
            let error = approve(current, &approval(vec![])).unwrap_err();
            assert_eq!(
                error.refusal::<ReplacementsError>(),
                Some(&ReplacementsError::WrongRequestStatus(status))
            );
        }
    }

    #[test]
    fn the_version_read_is_required() {
        let input = ApprovalInput {
            version: None,
            modifications: vec![],
        };
        let error = approve(submitted(), &input).unwrap_err();
        assert_eq!(codes(&error), [("version".into(), FieldCode::Required)]);
    }

    #[test]
    fn a_stale_version_is_a_conflict() {
        let input = ApprovalInput {
            version: Some(2),
            modifications: vec![],
        };
        let error = approve(submitted(), &input).unwrap_err();
        assert!(matches!(error, OpError::VersionConflict), "{error:?}");
    }

    #[test]
    fn every_modification_needs_a_note() {
        assert_eq!(
            refused(vec![modification("2026-12-07", "-1,00", None)]),
            [("modifications[0].note".into(), FieldCode::NoteRequired)]
        );
    }

    #[test]
    fn a_modification_is_of_a_submitted_shift() {
        assert_eq!(
            refused(vec![modification("2026-12-09", "-1,00", Some("n"))]),
            [("modifications[0].date".into(), FieldCode::InvalidValue)]
        );
    }

    #[test]
    fn an_adjustment_is_signed_hours_as_the_seed_writes_them() {
        assert_eq!(
            refused(vec![modification("2026-12-07", "1h", Some("n"))]),
            [(
                "modifications[0].adjustment".into(),
                FieldCode::InvalidAdjustment
            )]
        );
    }

    #[test]
    fn a_date_is_modified_once_per_approval() {
        assert_eq!(
            refused(vec![
                modification("2026-12-07", "-1,00", Some("n")),
                modification("2026-12-07", "-0,50", Some("n")),
            ]),
            [("modifications[1].date".into(), FieldCode::Duplicate)]
        );
    }

    #[test]
    fn payable_hours_do_not_go_below_zero() {
        assert_eq!(
            refused(vec![modification("2026-12-07", "-8,25", Some("n"))]),
            [(
                "modifications[0].adjustment".into(),
                FieldCode::PayableNegative
            )]
        );
    }

    #[test]
    fn payable_hours_do_not_exceed_the_shift_s_span() {
        // 480 payable of a 510-minute span: +0,50 is exactly the span, +0,75 over.
        assert!(
            approve(
                submitted(),
                &approval(vec![modification("2026-12-07", "0,50", Some("n"))])
            )
            .is_ok()
        );
        assert_eq!(
            refused(vec![modification("2026-12-07", "0,75", Some("n"))]),
            [(
                "modifications[0].adjustment".into(),
                FieldCode::PayableOverSpan
            )]
        );
    }

    #[test]
    fn earlier_adjustments_count_towards_the_bounds() {
        let mut current = submitted();
        current.adjustments = vec![Adjustment {
            date: day("2026-12-07"),
            delta_minutes: -420,
            meal: false,
            note: "earlier".into(),
            by: CLIENT.into(),
            at: now(),
        }];
        let input = approval(vec![modification("2026-12-07", "-1,25", Some("n"))]);
        let error = approve(current, &input).unwrap_err();
        assert_eq!(
            codes(&error),
            [(
                "modifications[0].adjustment".into(),
                FieldCode::PayableNegative
            )]
        );
    }

    #[test]
    fn the_fields_are_answered_before_the_version() {
        let input = ApprovalInput {
            version: Some(2),
            modifications: vec![modification("2026-12-07", "-1,00", None)],
        };
        let error = approve(submitted(), &input).unwrap_err();
        assert!(matches!(error, OpError::Validation(_)), "{error:?}");
    }

    #[test]
    fn approval_keeps_the_submitted_hours_and_adds_each_adjustment() {
        let input = approval(vec![modification(
            "2026-12-08",
            "-1,00",
            Some("Départ hâtif"),
        )]);
        let decision = approve(submitted(), &input).unwrap();
        let next = &decision.next;
        assert_eq!(next.status, RequestStatus::Approved);
        assert_eq!(next.timesheet, submitted().timesheet);
        assert_eq!(
            next.adjustments,
            [Adjustment {
                date: day("2026-12-08"),
                delta_minutes: -60,
                meal: false,
                note: "Départ hâtif".into(),
                by: CLIENT.into(),
                at: now(),
            }]
        );
        assert_eq!(next.approved_by.as_deref(), Some(CLIENT));
        assert_eq!(next.approved_at, Some(now()));
        assert_eq!((decision.current_version, next.version), (3, 4));
    }

    #[test]
    fn the_worker_is_emailed_her_approved_hours_with_each_adjustment() {
        let input = approval(vec![modification(
            "2026-12-08",
            "-1,00",
            Some("Départ hâtif"),
        )]);
        let decision = approve(submitted(), &input).unwrap();
        let notice = only_notice(&decision);
        assert_eq!(notice.to, To::Account(WORKER.into()));
        assert_eq!(
            notice.fr.1[1..],
            [
                "2026-12-07 : 8,00 h",
                "2026-12-08 : 7,00 h",
                "Ajustement du 2026-12-08 : -1,00 h, repas : non. Note : Départ hâtif"
            ]
        );
    }

    #[test]
    fn the_approval_is_audited_with_the_status_and_the_adjustments() {
        let decision = approve(submitted(), &approval(vec![])).unwrap();
        let event = decision.audit.event();
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("hours.approved", CLIENT)
        );
        assert_eq!(
            event.changes,
            json!({"status": {"before": "timesheet_submitted", "after": "approved"}, "adjustments": {"after": []}})
        );
    }
}
