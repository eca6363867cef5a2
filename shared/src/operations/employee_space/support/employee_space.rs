//! Shared by the employee-space operations: who may see and decide an
//! employee's request, submitting, listing and deciding leave, expense
//! notes and advances, notices to the employee.

use crate::domain::employee_space::emails::{self, Requested};
use crate::domain::employee_space::employee::{Decision, RequestKind, RequestState};
use crate::domain::locale::Locale;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::layout::employee::{
    BALANCE_MINUTES, EmployeeRequest, HourBank, HourBanks, RequestDetails, balance_minutes,
};
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::employee_space::errors::EmployeeSpaceError;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::reads::query_all;
use crate::operations::{Context, Member, OpError, Outcome, Output, Request};
use crate::ports::{GSI1, PresignedUrl, Query, Write};
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
    let now = ctx.clock.now();
    let request = EmployeeRequest {
        id,
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        employee_name: full_name(&member.membership),
        establishment_id: member
            .membership
            .main_establishment
            .clone()
            .or_else(|| member.grants.keys().next().cloned()),
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
            ctx.new_id(),
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
    commit.run(ctx).await?;
    Ok(request)
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
    Output::json(200, &RequestList { items })
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
    if !may_decide(
        member,
        decider_permission(kind),
        current.establishment_id.as_deref(),
    ) {
        return Err(OpError::NotFound);
    }
    // A supervisor never decides her own request (a manager may: an
    // organisation can have only one).
    if current.account_id == member.account_id && !member.membership.manager {
        return Err(OpError::Forbidden);
    }
    let (decision, comment, version) = input.check()?;
    let state = current
        .state
        .decide(decision)
        .map_err(|_| EmployeeSpaceError::AlreadyDecided)?;
    if version != current.version {
        return Err(OpError::VersionConflict);
    }
    let now = ctx.clock.now();
    let mut next = current.clone();
    next.state = state;
    next.decision_comment = comment.clone();
    next.decided_by = Some(member.account_id.clone());
    next.decided_at = Some(now);
    next.updated_at = now;
    next.version += 1;
    let employee: Membership = from_item(
        ctx.store
            .get(&keys::membership(&current.org_id, &current.account_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let approved = state == RequestState::Approved;
    let message = crate::operations::outbox::notice(
        ctx,
        &member.org,
        &employee,
        emails::request_decided(Locale::Fr, &requested(&current.details), approved, comment.as_deref()),
        emails::request_decided(Locale::En, &requested(&current.details), approved, comment.as_deref()),
    );
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(create(&message));
    if let (
        RequestState::Approved,
        RequestDetails::Leave {
            bank_id: Some(bank),
            minutes,
            ..
        },
    ) = (state, &current.details)
    {
        commit.push(Write::Add {
            key: keys::bank_balance(&current.org_id, &current.account_id, bank),
            add: vec![(BALANCE_MINUTES.into(), -minutes)],
            condition: None,
        });
    }
    commit.push(
        Audit::at(
            ctx.new_id(),
            now,
            &current.org_id,
            &member.account_id,
            &format!("{}.{}", kind.slug(), decision_word(state)),
        )
        .target(&current.id)
        .establishment(current.establishment_id.as_deref())
        .change("state", current.state, state)
        .set("comment", &comment)
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &next)
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
    match ctx.store.get(&keys::hour_banks(org_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// The organisation's banks of hours, in the order they were defined.
pub(crate) async fn banks(ctx: &Context, org_id: &str) -> Result<Vec<HourBank>, OpError> {
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
    let mut next = current.clone();
    next.state = state;
    next.updated_at = now;
    next.version += 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        Audit::at(
            ctx.new_id(),
            now,
            &current.org_id,
            &member.account_id,
            &format!("{}.cancelled", kind.slug()),
        )
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
