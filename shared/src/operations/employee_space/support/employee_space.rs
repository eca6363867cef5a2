//! Shared by the employee-space operations: who may see and decide an
//! employee's request, submitting, listing and deciding leave, expense
//! notes and advances, notices to the employee.

use crate::domain::employee_space::emails::{self, Requested};
use crate::domain::employee_space::employee::{Decision, RequestKind, RequestState};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::locale::Locale;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::layout::employee::{
    BankMovement, EmployeeRequest, HourBank, HourBanks, MovementKind, RequestDetails,
    balance_minutes,
};
use crate::layout::keys;
use crate::layout::records::{Revised, create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::EmployeeSpaceError;
use crate::operations::reads::query_all;
use crate::operations::{Context, Member, OpError, Outcome, Output, Request};
use crate::ports::{GSI1, PresignedUrl, Query};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// How long presigned URLs live.
pub const URL_VALIDITY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// May decide on (or see) the records of an employee whose main
/// establishment is `est`: a manager, or a holder of `permission` there.
pub(crate) fn may_decide(member: &Member, permission: Permission, est: Option<&str>) -> bool {
    let access = member.access();
    access.manager || est.is_some_and(|e| access.allows_at(permission, e))
}

/// The permission that lets a supervisor decide requests of this kind.
pub(crate) fn decider_permission(kind: RequestKind) -> Permission {
    match kind {
        RequestKind::Leave | RequestKind::Expense | RequestKind::Advance => Permission::ManageUsers,
    }
}

pub(crate) fn full_name(m: &Membership) -> String {
    format!("{} {}", m.first_name, m.last_name)
}

/// The establishment an employee's request or week belongs to (who may
/// decide it): her main one, else the first she has grants at.
pub(crate) fn employee_establishment(member: &Member) -> Option<String> {
    member
        .membership
        .main_establishment
        .clone()
        .or_else(|| member.grants.keys().next().cloned())
}

/// A request the caller may see: her own, or one she may decide. Anything
/// else, another organisation's included, is not found.
pub(crate) async fn load_request(
    ctx: &Context,
    member: &Member,
    kind: RequestKind,
    id: &str,
) -> Result<EmployeeRequest, OpError> {
    if !ids::is_id(id) {
        return Err(OpError::NotFound);
    }
    let r: EmployeeRequest = from_item(
        ctx.store
            .get(&keys::employee_request(member.org_id(), kind.slug(), id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    if r.account_id != member.account_id
        && !may_decide(
            member,
            decider_permission(kind),
            r.establishment_id.as_deref(),
        )
    {
        return Err(OpError::NotFound);
    }
    Ok(r)
}

/// The answer to a submitted request.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestAnswer {
    pub request: EmployeeRequest,
    /// Where to upload the receipt (expense notes with a receipt).
    pub upload: Option<PresignedUrl>,
    /// What the leave takes from its bank (leave taken from a bank).
    pub impact: Option<BalanceImpact>,
}

/// A leave's effect on the bank it is taken from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BalanceImpact {
    pub half_days: u32,
    pub minutes: i64,
    pub bank_id: Option<String>,
    pub bank_name: Option<String>,
    /// The balance now and once approved (minutes).
    pub balance_minutes: Option<i64>,
    pub balance_after_minutes: Option<i64>,
}

/// Writes a new request with its audit event.
pub(crate) async fn submit(
    ctx: &Context,
    member: &Member,
    id: String,
    details: RequestDetails,
    comment: Option<String>,
) -> Result<EmployeeRequest, OpError> {
    let (request, commit) = submission(member, id, details, comment, ctx.clock.now(), ctx.new_id());
    commit.run(ctx).await?;
    Ok(request)
}

/// A new request of `member`, pending at her establishment, and its writes
/// (the request, created once; its audit event), pure.
pub(crate) fn submission(
    member: &Member,
    id: String,
    details: RequestDetails,
    comment: Option<String>,
    now: jiff::Timestamp,
    audit_id: String,
) -> (EmployeeRequest, Commit) {
    let request = EmployeeRequest {
        id,
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        employee_name: full_name(&member.membership),
        establishment_id: employee_establishment(member),
        state: RequestState::Pending,
        details,
        comment,
        decision_comment: None,
        decided_by: None,
        decided_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let kind = request.details.kind();
    let mut commit = Commit::new();
    commit.push(create(&request)).push(
        Audit::at(
            audit_id,
            now,
            &request.org_id,
            &member.account_id,
            &format!("{}.submitted", kind.slug()),
        )
        .target(&request.id)
        .establishment(request.establishment_id.as_deref())
        .set("state", request.state)
        .write(),
    );
    (request, commit)
}

/// The list of requests of one kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestList {
    pub items: Vec<EmployeeRequest>,
}

pub(crate) const LIST_QUERY: &[(&str, &str)] = &[
    (
        "scope",
        "`mine` (default) or `team`: the requests the caller may decide",
    ),
    ("state", "pending, approved, refused or cancelled"),
];

/// The caller's requests of `kind`, or (`scope=team`) those she may decide,
/// newest first.
pub(crate) async fn list(ctx: &Context, request: &Request, kind: RequestKind) -> Outcome {
    let items = list_items(ctx, request, kind).await?;
    Output::json(200, &RequestList { items })
}

/// The requests [`list`] answers.
pub(crate) async fn list_items(
    ctx: &Context,
    request: &Request,
    kind: RequestKind,
) -> Result<Vec<EmployeeRequest>, OpError> {
    let member = request.member()?;
    member.require(kind.feature())?;
    let state = match request.query("state") {
        None => None,
        Some(raw) => {
            Some(serde_json::from_value::<RequestState>(json!(raw)).map_err(|_| invalid("state"))?)
        }
    };
    let mut items: Vec<EmployeeRequest> = match request.query("scope") {
        None | Some("mine") => {
            query_all(
                ctx,
                Query {
                    index: Some(GSI1),
                    pk: keys::employee_requests_of(member.org_id(), &member.account_id),
                    sk_prefix: Some(format!("{}#", kind.slug())),
                    forward: false,
                    ..Query::default()
                },
            )
            .await?
        }
        Some("team") => {
            let all: Vec<EmployeeRequest> = query_all(
                ctx,
                Query {
                    pk: keys::org_pk(member.org_id()),
                    sk_prefix: Some(format!("{}{}#", keys::EMPLOYEE_REQUEST_PREFIX, kind.slug())),
                    forward: false,
                    ..Query::default()
                },
            )
            .await?;
            all.into_iter()
                .filter(|r| {
                    may_decide(
                        member,
                        decider_permission(kind),
                        r.establishment_id.as_deref(),
                    )
                })
                .collect()
        }
        Some(_) => return Err(invalid("scope")),
    };
    if let Some(state) = state {
        items.retain(|r| r.state == state);
    }
    Ok(items)
}

pub(crate) fn invalid(field: &str) -> OpError {
    let mut errors = ValidationErrors::default();
    errors.push(field, FieldCode::InvalidValue);
    OpError::Validation(errors)
}

/// A decision on an employee's request (or week of hours).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub decision: Option<Decision>,
    /// Mandatory when refusing.
    pub comment: Option<String>,
    /// The version the decider saw.
    pub version: Option<u64>,
}

impl DecisionInput {
    /// The state a pending record at `version` takes and the comment:
    /// checked input, decided once, at the version the decider saw.
    pub(crate) fn decide(
        &self,
        state: RequestState,
        version: u64,
    ) -> Result<(RequestState, Option<String>), OpError> {
        let (decision, comment, seen) = self.check()?;
        let next = state
            .decide(decision)
            .map_err(|_| EmployeeSpaceError::AlreadyDecided)?;
        if seen != version {
            return Err(OpError::VersionConflict);
        }
        Ok((next, comment))
    }

    /// The decision and its comment, checked.
    pub(crate) fn check(&self) -> Result<(Decision, Option<String>, u64), OpError> {
        let mut errors = ValidationErrors::default();
        let comment = errors
            .take(
                "comment",
                crate::domain::validate::optional_text(self.comment.as_deref(), 1000),
            )
            .flatten();
        if self.decision.is_none() {
            errors.push("decision", FieldCode::Required);
        }
        if self.decision == Some(Decision::Refuse) && comment.is_none() {
            errors.push("comment", FieldCode::Required);
        }
        if self.version.is_none() {
            errors.push("version", FieldCode::Required);
        }
        errors.finish(())?;
        match (self.decision, self.version) {
            (Some(d), Some(v)) => Ok((d, comment, v)),
            _ => Err(OpError::Internal("validated fields missing".into())),
        }
    }
}

/// What a request asked for, as its notice tells it.
pub(crate) fn requested(details: &RequestDetails) -> Requested<'_> {
    match details {
        RequestDetails::Leave {
            start_date,
            end_date,
            half_days,
            ..
        } => Requested::Leave {
            start_date: *start_date,
            end_date: *end_date,
            half_days: *half_days,
        },
        RequestDetails::Expense {
            date,
            category,
            amount,
            ..
        } => Requested::Expense {
            date: *date,
            category,
            amount,
        },
        RequestDetails::Advance { amount } => Requested::Advance { amount },
    }
}

/// Approve or refuse (a manager, or a holder of the deciding permission at
/// the employee's establishment); the employee is emailed in the same
/// transaction; approved leave is taken from its bank.
pub(crate) async fn decide(ctx: &Context, request: &Request, kind: RequestKind) -> Outcome {
    let member = request.member()?;
    member.require(kind.feature())?;
    let input: DecisionInput = request.json()?;
    let current = load_request(ctx, member, kind, request.param("request_id")?).await?;
    let decided = decide_request(
        &current,
        &member.account_id,
        member.access(),
        &input,
        member.org.settings.banks_may_go_negative,
        ctx.clock.now(),
        ctx.new_id(),
    )?;
    let employee: Membership = from_item(
        ctx.store
            .get(&keys::membership(&current.org_id, &current.account_id))
            .await?
            .ok_or(OpError::NotFound)?,
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

/// A decision on a request: the writes, the request as it becomes and the
/// employee's notice (French, English).
#[derive(Debug)]
pub(crate) struct RequestDecided {
    pub(crate) commit: Commit,
    pub(crate) next: EmployeeRequest,
    pub(crate) notice: ((String, Vec<String>), (String, Vec<String>)),
}

/// Who may decide an employee's request or week: a manager, or a holder of
/// `permission` at the employee's establishment (anyone else is not told it
/// exists: 404); never the employee herself, unless a manager (403).
pub(crate) fn admit_decider(
    access: &crate::domain::people::permission::Access<'_>,
    permission: crate::domain::people::permission::Permission,
    establishment: Option<&str>,
    owner: &str,
    decider: &str,
) -> Result<(), OpError> {
    let allowed = access.manager || establishment.is_some_and(|e| access.allows_at(permission, e));
    if !allowed {
        return Err(OpError::NotFound);
    }
    if owner == decider && !access.manager {
        return Err(OpError::Forbidden);
    }
    Ok(())
}

/// The rules of deciding `current` by `decider` (with her `access`), pure:
/// only who may decide it sees it; a supervisor never decides her own
/// request (a manager may: an organisation can have only one); refusing
/// takes a comment; a request is decided once, at the version the decider
/// saw; approved leave is taken from its bank, on condition that the
/// balance there still covers it when the write lands (unless banks
/// `may_go_negative`): two approvals racing for one balance cannot both take
/// it below zero, and the one refused changes nothing (409
/// `balance-no-longer-covers`).
pub(crate) fn decide_request(
    current: &EmployeeRequest,
    decider: &str,
    access: crate::domain::people::permission::Access<'_>,
    input: &DecisionInput,
    may_go_negative: bool,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<RequestDecided, OpError> {
    let kind = current.details.kind();
    admit_decider(
        &access,
        decider_permission(kind),
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
    next.updated_at = now;
    next.version += 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    if let (
        RequestState::Approved,
        RequestDetails::Leave {
            bank_id: Some(bank),
            minutes,
            ..
        },
    ) = (state, &current.details)
    {
        let taken = BankMovement {
            id: current.id.clone(),
            org_id: current.org_id.clone(),
            account_id: current.account_id.clone(),
            bank_id: bank.clone(),
            movement: MovementKind::Leave,
            minutes: -minutes,
            note: None,
            by: decider.to_string(),
            by_name: None,
            source: Some(current.id.clone()),
            at: now,
        };
        let [counter, record] = super::movements::writes(
            &taken,
            super::movements::covering(-minutes, may_go_negative),
        );
        commit.push_or(counter, EmployeeSpaceError::BalanceNoLongerCovers);
        commit.push(record);
    }
    commit.push(
        Audit::at(
            audit_id,
            now,
            &current.org_id,
            decider,
            &format!("{}.{}", kind.slug(), decision_word(state)),
        )
        .target(&current.id)
        .establishment(current.establishment_id.as_deref())
        .change("state", current.state, state)
        .set("comment", &comment)
        .write(),
    );
    let approved = state == RequestState::Approved;
    let requested = requested(&current.details);
    let notice = |locale| emails::request_decided(locale, &requested, approved, comment.as_deref());
    let notice = (notice(Locale::Fr), notice(Locale::En));
    Ok(RequestDecided {
        commit,
        next,
        notice,
    })
}

fn decision_word(state: RequestState) -> &'static str {
    match state {
        RequestState::Approved => "approved",
        RequestState::Refused => "refused",
        RequestState::Cancelled => "cancelled",
        RequestState::Pending => "submitted",
    }
}

/// The organisation's banks of hours record, if it has any bank (read
/// ahead by the operations that declare [`super::plans::hour_banks`]).
pub(crate) async fn hour_banks(ctx: &Context, org_id: &str) -> Result<Option<HourBanks>, OpError> {
    crate::operations::reads::record(ctx, &keys::hour_banks(org_id)).await
}

/// The organisation's banks of hours in use (not archived), in the order
/// they were defined: those approved weeks feed, leave is taken from and
/// an employee's timesheet shows.
pub(crate) async fn banks(ctx: &Context, org_id: &str) -> Result<Vec<HourBank>, OpError> {
    Ok(all_banks(ctx, org_id)
        .await?
        .into_iter()
        .filter(HourBank::is_active)
        .collect())
}

/// Every bank of hours of the organisation, archived ones included.
pub(crate) async fn all_banks(ctx: &Context, org_id: &str) -> Result<Vec<HourBank>, OpError> {
    Ok(hour_banks(ctx, org_id)
        .await?
        .map(|record| record.banks)
        .unwrap_or_default())
}

/// One employee's balance in one bank (minutes; 0 before any movement).
pub(crate) async fn balance(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    bank_id: &str,
) -> Result<i64, OpError> {
    Ok(ctx
        .store
        .get(&keys::bank_balance(org_id, account_id, bank_id))
        .await?
        .as_ref()
        .map_or(0, balance_minutes))
}

/// One employee's balances: bank id → minutes.
pub(crate) async fn balances(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
) -> Result<std::collections::BTreeMap<String, i64>, OpError> {
    let mut out = std::collections::BTreeMap::new();
    let prefix = keys::balances_of(account_id);
    let items = crate::operations::reads::query_items(
        ctx,
        Query {
            pk: keys::org_pk(org_id),
            sk_prefix: Some(prefix.clone()),
            forward: true,
            ..Query::default()
        },
    )
    .await?;
    for item in items {
        let bank = item
            .get(crate::ports::store::SK)
            .and_then(|v| v.as_str())
            .and_then(|sk| sk.strip_prefix(&prefix))
            .map(str::to_string);
        let minutes = balance_minutes(&item);
        if let Some(bank) = bank {
            out.insert(bank, minutes);
        }
    }
    Ok(out)
}

/// An audit event of the caller's in her organisation, at `now`.
pub(crate) fn by_caller(
    ctx: &Context,
    member: &Member,
    now: jiff::Timestamp,
    action: &str,
) -> Audit {
    Audit::at(
        ctx.new_id(),
        now,
        member.org_id(),
        &member.account_id,
        action,
    )
}

/// Cancels a pending request of the caller's own.
pub(crate) async fn cancel(ctx: &Context, request: &Request, kind: RequestKind) -> Outcome {
    let member = request.member()?;
    member.require(kind.feature())?;
    let current = load_request(ctx, member, kind, request.param("request_id")?).await?;
    if current.account_id != member.account_id {
        return Err(OpError::NotFound);
    }
    let state = current
        .state
        .cancel()
        .map_err(|_| EmployeeSpaceError::AlreadyDecided)?;
    let now = ctx.clock.now();
    let mut next = current.revised(now);
    next.state = state;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        by_caller(ctx, member, now, &format!("{}.cancelled", kind.slug()))
            .target(&current.id)
            .establishment(current.establishment_id.as_deref())
            .change("state", current.state, state)
            .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &next)
}

/// A download URL for a stored file: 409 `file-not-uploaded` while it was
/// never uploaded, 409 `file-mismatch` when what was uploaded is not what
/// was declared (size or type), whatever the storage let through.
pub(crate) async fn download(
    ctx: &Context,
    object: &str,
    declared: &crate::layout::employee::Attachment,
) -> Result<PresignedUrl, OpError> {
    let file = ctx
        .files
        .stat(object)
        .await
        .map_err(|e| OpError::Unavailable(e.to_string()))?
        .ok_or(EmployeeSpaceError::FileNotUploaded)?;
    let same_type = file
        .content_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(&declared.content_type));
    if file.size_bytes != declared.size_bytes || !same_type {
        return Err(EmployeeSpaceError::FileMismatch.into());
    }
    ctx.files
        .download_url(object, &declared.file_name, URL_VALIDITY)
        .await
        .map_err(|e| OpError::Unavailable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::{HalfDay, LeaveType, Money};
    use crate::domain::people::permission::{Access, Grants};
    use crate::layout::employee::BALANCE_MINUTES;
    use crate::layout::records::AuditEvent;
    use crate::operations::employee_space::support::fixtures::decision_input;
    use crate::ports::{Condition, Item, Key, Write};

    fn at() -> jiff::Timestamp {
        "2026-06-01T09:00:00Z".parse().unwrap()
    }

    fn leave(bank: Option<&str>) -> EmployeeRequest {
        EmployeeRequest {
            id: "r1".into(),
            org_id: "o".into(),
            account_id: "employee".into(),
            employee_name: "Zoé Roy".into(),
            establishment_id: Some("e1".into()),
            state: RequestState::Pending,
            details: RequestDetails::Leave {
                leave_type: LeaveType::Vacation,
                start_date: "2026-07-06".parse().unwrap(),
                start_half: HalfDay::Morning,
                end_date: "2026-07-10".parse().unwrap(),
                end_half: HalfDay::Afternoon,
                half_days: 10,
                minutes: 2100,
                bank_id: bank.map(str::to_string),
            },
            comment: None,
            decision_comment: None,
            decided_by: None,
            decided_at: None,
            created_at: at(),
            updated_at: at(),
            version: 3,
        }
    }

    fn advance() -> EmployeeRequest {
        EmployeeRequest {
            details: RequestDetails::Advance {
                amount: Money {
                    amount_cents: 50000,
                    currency: "CAD".into(),
                },
            },
            ..leave(None)
        }
    }

    fn supervisor_at(est: &str) -> Grants {
        let mut grants = Grants::new();
        grants.insert(est.into(), [Permission::ManageUsers].into_iter().collect());
        grants
    }

    fn by_supervisor(
        current: &EmployeeRequest,
        who: &str,
        input: &DecisionInput,
    ) -> Result<RequestDecided, OpError> {
        let grants = supervisor_at("e1");
        let access = Access {
            manager: false,
            grants: &grants,
        };
        decide_request(current, who, access, input, false, at(), "a1".into())
    }

    fn by_manager(
        current: &EmployeeRequest,
        who: &str,
        input: &DecisionInput,
    ) -> Result<RequestDecided, OpError> {
        by_manager_of(current, who, input, false)
    }

    /// A manager of an organisation whose banks may go negative or not.
    fn by_manager_of(
        current: &EmployeeRequest,
        who: &str,
        input: &DecisionInput,
        may_go_negative: bool,
    ) -> Result<RequestDecided, OpError> {
        let grants = Grants::new();
        let access = Access {
            manager: true,
            grants: &grants,
        };
        decide_request(
            current,
            who,
            access,
            input,
            may_go_negative,
            at(),
            "a1".into(),
        )
    }

    /// The bank balance write and its condition, with the error its failed
    /// condition stands for.
    fn bank_condition(decided: RequestDecided) -> (Option<Condition>, OpError) {
        let writes = decided.commit.writes().to_vec();
        let index = writes
            .iter()
            .position(|w| matches!(w, Write::Add { .. }))
            .expect("a bank move");
        let Write::Add { condition, .. } = &writes[index] else {
            unreachable!()
        };
        let meaning = decided
            .commit
            .meaning(crate::ports::StoreError::ConditionFailed { index });
        (condition.clone(), meaning)
    }

    fn audit(decided: &RequestDecided) -> AuditEvent {
        let item: Item = match decided.commit.writes().last() {
            Some(Write::Put { item, .. }) => item.clone(),
            other => panic!("the audit event is written last: {other:?}"),
        };
        from_item(item).unwrap()
    }

    fn bank_moves(decided: &RequestDecided) -> Vec<(Key, Vec<(String, i64)>)> {
        decided
            .commit
            .writes()
            .iter()
            .filter_map(|w| match w {
                Write::Add { key, add, .. } => Some((key.clone(), add.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_supervisor_decides_the_requests_of_her_establishment() {
        let decided = by_supervisor(
            &leave(None),
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap();
        assert_eq!(decided.next.state, RequestState::Approved);
        assert_eq!(decided.next.decided_by.as_deref(), Some("boss"));
        assert_eq!(decided.next.decided_at, Some(at()));
        assert_eq!(decided.next.version, 4);
    }

    #[test]
    fn a_request_of_another_establishment_is_not_found() {
        let mut current = leave(None);
        current.establishment_id = Some("e2".into());
        let error = by_supervisor(
            &current,
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap_err();
        assert!(matches!(error, OpError::NotFound), "{error:?}");
    }

    #[test]
    fn a_supervisor_never_decides_her_own_request() {
        let error = by_supervisor(
            &leave(None),
            "employee",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap_err();
        assert!(matches!(error, OpError::Forbidden), "{error:?}");
    }

    #[test]
    fn a_manager_may_decide_her_own_request() {
        let decided = by_manager(
            &leave(None),
            "employee",
            &decision_input(Decision::Approve, None, 3),
        );
        assert!(decided.is_ok());
    }

    #[test]
    fn refusing_takes_a_comment() {
        let error = by_manager(
            &leave(None),
            "boss",
            &decision_input(Decision::Refuse, None, 3),
        )
        .unwrap_err();
        assert!(matches!(error, OpError::Validation(_)), "{error:?}");
    }

    #[test]
    fn a_decided_request_is_not_decided_again() {
        let mut current = leave(None);
        current.state = RequestState::Refused;
        let error = by_manager(
            &current,
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap_err();
        assert_eq!(
            error.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::AlreadyDecided)
        );
    }

    #[test]
    fn a_decision_on_a_stale_version_is_a_conflict() {
        let error = by_manager(
            &leave(None),
            "boss",
            &decision_input(Decision::Approve, None, 2),
        )
        .unwrap_err();
        assert!(matches!(error, OpError::VersionConflict), "{error:?}");
    }

    #[test]
    fn approved_leave_is_taken_from_its_bank() {
        let decided = by_manager(
            &leave(Some("b1")),
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap();
        assert_eq!(
            bank_moves(&decided),
            vec![(
                keys::bank_balance("o", "employee", "b1"),
                vec![(BALANCE_MINUTES.to_string(), -2100)]
            )]
        );
    }

    #[test]
    fn approved_leave_is_taken_only_while_the_balance_covers_it_when_written() {
        let decided = by_manager(
            &leave(Some("b1")),
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap();
        let (condition, meaning) = bank_condition(decided);
        assert_eq!(condition, Some(Condition::AtLeast(BALANCE_MINUTES, 2100)));
        assert_eq!(
            meaning.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::BalanceNoLongerCovers)
        );
    }

    #[test]
    fn approved_leave_is_taken_whatever_the_balance_when_banks_may_go_negative() {
        let decided = by_manager_of(
            &leave(Some("b1")),
            "boss",
            &decision_input(Decision::Approve, None, 3),
            true,
        )
        .unwrap();
        let (condition, _) = bank_condition(decided);
        assert_eq!(condition, None);
    }

    #[test]
    fn refused_leave_takes_nothing_from_its_bank() {
        let decided = by_manager(
            &leave(Some("b1")),
            "boss",
            &decision_input(Decision::Refuse, Some("Période chargée"), 3),
        )
        .unwrap();
        assert!(bank_moves(&decided).is_empty());
        assert_eq!(
            decided.next.decision_comment.as_deref(),
            Some("Période chargée")
        );
    }

    #[test]
    fn leave_without_a_bank_takes_from_none() {
        let decided = by_manager(
            &leave(None),
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap();
        assert!(bank_moves(&decided).is_empty());
    }

    #[test]
    fn the_decision_is_audited_with_its_state_and_comment() {
        let decided = by_manager(
            &advance(),
            "boss",
            &decision_input(Decision::Refuse, Some("Trop tôt"), 3),
        )
        .unwrap();
        let event = audit(&decided);
        assert_eq!(event.action, "advance.refused");
        assert_eq!(event.actor, "boss");
        assert_eq!(event.target.as_deref(), Some("r1"));
        assert_eq!(event.establishment.as_deref(), Some("e1"));
        assert_eq!(
            event.changes,
            json!({"state": {"before": "pending", "after": "refused"}, "comment": {"after": "Trop tôt"}})
        );
    }

    #[test]
    fn the_employee_is_told_the_decision_in_both_languages() {
        let decided = by_manager(
            &advance(),
            "boss",
            &decision_input(Decision::Approve, None, 3),
        )
        .unwrap();
        let ((fr, _), (en, _)) = &decided.notice;
        assert_eq!(fr, "Demande d'acompte acceptée");
        assert_eq!(en, "Advance request approved");
    }
}
