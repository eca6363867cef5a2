//! What the workers' operations share (issue 21): a worker's profile as the
//! API shows it, loading it (empty until first saved), the service's lists
//! it is checked against, and saving it under its version.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::domain::replacements::worker::{
    ExceptionInput, SpanInput, UsualWeekInput, WorkerProfile,
};
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::reads::partition;
use crate::operations::{Context, OpError};
use crate::ports::Write;
use serde::Serialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// A worker's profile as the service and she see it; times as `HH:MM`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerProfileView {
    pub worker_id: String,
    pub first_name: String,
    pub last_name: String,
    pub functions: Vec<String>,
    pub age_groups: Vec<String>,
    pub qualified: bool,
    /// Installations (establishment ids) she prefers: offered first.
    pub preferred: Vec<String>,
    /// Installations she refuses.
    pub refused: Vec<String>,
    /// Installations that refuse her (kept by the service; she does not
    /// see them).
    pub refused_by: Option<Vec<String>>,
    pub max_weekly_minutes: Option<u32>,
    pub week: UsualWeekInput,
    pub exceptions: Vec<ExceptionInput>,
    /// She receives her offers by text message too.
    pub sms_offers: bool,
    /// The number texts go to (her phone on file, E.164); none when it
    /// cannot receive them.
    pub sms_phone: Option<String>,
    /// The service's lists, to choose from (in the answers of reads).
    pub choices: Option<Choices>,
    /// 0 until first saved; send it back to save.
    pub version: u64,
}

/// What a profile's fields are chosen among.
#[derive(Debug, Serialize, ToSchema)]
pub struct Choices {
    pub functions: Vec<String>,
    pub age_groups: Vec<String>,
    pub installations: Vec<InstallationChoice>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstallationChoice {
    pub id: String,
    pub name: String,
}

impl WorkerProfileView {
    /// `service`: the service's view (with the installations that refuse
    /// her); else hers.
    pub fn new(
        p: &WorkerProfile,
        worker: &Membership,
        choices: Option<Choices>,
        service: bool,
    ) -> WorkerProfileView {
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>();
        WorkerProfileView {
            worker_id: p.account_id.clone(),
            first_name: worker.first_name.clone(),
            last_name: worker.last_name.clone(),
            functions: list(&p.functions),
            age_groups: list(&p.age_groups),
            qualified: p.qualified,
            preferred: list(&p.preferred),
            refused: list(&p.refused),
            refused_by: service.then(|| list(&p.refused_by)),
            max_weekly_minutes: p.max_weekly_minutes,
            week: UsualWeekInput::of(&p.availability.week),
            exceptions: p
                .availability
                .exceptions
                .iter()
                .map(|e| ExceptionInput {
                    date: Some(e.date.to_string()),
                    spans: e.spans.iter().map(SpanInput::of).collect(),
                })
                .collect(),
            sms_offers: p.sms_offers,
            sms_phone: crate::domain::validate::sms_phone(&worker.phone),
            choices,
            version: p.version,
        }
    }
}

impl Choices {
    /// The service's functions, age groups and live installations.
    pub fn of(org: &Organisation, establishments: &[Establishment]) -> Choices {
        Choices {
            functions: org.settings.replacement_functions.clone(),
            age_groups: org.settings.age_groups.clone(),
            installations: establishments
                .iter()
                .filter(|e| !e.archived)
                .map(|e| InstallationChoice {
                    id: e.id.clone(),
                    name: e.name.clone(),
                })
                .collect(),
        }
    }
}

/// An active member of the service holding `own_timesheet`: a worker.
pub(crate) fn is_worker(m: &Membership) -> bool {
    m.status == MembershipStatus::Active
        && m.grants
            .values()
            .any(|p| p.contains(&Permission::OwnTimesheet))
}

/// The worker `account_id` of `org_id` and her profile (empty until first
/// saved), from what was read (`worker`, `profile`): 404 when she is no
/// worker of the service.
pub(crate) fn worker_and_profile(
    org_id: &str,
    account_id: &str,
    worker: Option<crate::ports::Item>,
    profile: Option<crate::ports::Item>,
) -> Result<(Membership, WorkerProfile), OpError> {
    let worker: Membership = from_item(worker.ok_or(OpError::NotFound)?)?;
    if !is_worker(&worker) {
        return Err(OpError::NotFound);
    }
    let profile = match profile {
        Some(item) => from_item(item)?,
        None => WorkerProfile::empty(org_id, account_id),
    };
    Ok((worker, profile))
}

/// Reads a worker's membership and profile (one BatchGetItem; nothing more
/// when the operation planned both keys).
pub(crate) async fn load(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
) -> Result<(Membership, WorkerProfile), OpError> {
    if !crate::domain::ids::is_id(account_id) {
        return Err(OpError::NotFound);
    }
    let mut found = ctx
        .store
        .get_many(&[
            keys::membership(org_id, account_id),
            keys::worker_profile(org_id, account_id),
        ])
        .await?
        .into_iter();
    let (worker, profile) = (found.next().flatten(), found.next().flatten());
    worker_and_profile(org_id, account_id, worker, profile)
}

/// The service's establishments (one Query).
pub(crate) async fn establishments(
    ctx: &Context,
    org_id: &str,
) -> Result<Vec<Establishment>, OpError> {
    partition(ctx, org_id, keys::ESTABLISHMENT_PREFIX).await
}

/// Installations a list names at most (what a save reads ahead with the
/// caller: three lists stay within one BatchGetItem).
pub(crate) const MAX_INSTALLATIONS: usize = 20;

/// The establishment keys the installation lists name (the first
/// [`MAX_INSTALLATIONS`] well-formed ids of each), read ahead with the
/// caller.
pub(crate) fn named_keys(org_id: &str, lists: &[&[String]]) -> Vec<crate::ports::Key> {
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for list in lists {
        ids.extend(
            list.iter()
                .take(MAX_INSTALLATIONS)
                .map(String::as_str)
                .filter(|id| crate::domain::ids::is_id(id)),
        );
    }
    ids.into_iter()
        .map(|id| keys::establishment(org_id, id))
        .collect()
}

/// Of the installations named, those that are live establishments of the
/// service (read ahead: no call); a list too long is refused.
pub(crate) async fn live_named(
    ctx: &Context,
    org_id: &str,
    lists: &[(&str, &[String])],
    errors: &mut ValidationErrors,
) -> Result<BTreeSet<String>, OpError> {
    for (field, list) in lists {
        if list.len() > MAX_INSTALLATIONS {
            errors.push(*field, FieldCode::TooLarge);
        }
    }
    let wanted = named_keys(org_id, &lists.iter().map(|(_, l)| *l).collect::<Vec<_>>());
    let found = ctx.store.get_many(&wanted).await?;
    let mut live = BTreeSet::new();
    for item in found.into_iter().flatten() {
        let e: Establishment = from_item(item)?;
        if !e.archived {
            live.insert(e.id);
        }
    }
    Ok(live)
}

/// Saves `next` over `previous` (its version checked: 409 when someone
/// saved meanwhile); created on first save.
pub(crate) fn save(next: &WorkerProfile, previous: u64) -> Write {
    if previous == 0 {
        create(next)
    } else {
        replace(next, previous)
    }
}

/// The version sent back must be the one shown (422 when missing).
pub(crate) fn expected_version(version: Option<u64>, errors: &mut ValidationErrors) -> Option<u64> {
    if version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    version
}

/// The caller's own profile (she is the member resolved), empty until first
/// saved: one GetItem.
pub(crate) async fn profile_of(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
) -> Result<WorkerProfile, OpError> {
    Ok(
        match ctx
            .store
            .get(&keys::worker_profile(org_id, account_id))
            .await?
        {
            Some(item) => from_item(item)?,
            None => WorkerProfile::empty(org_id, account_id),
        },
    )
}

/// One worker assessed against a request.
pub(crate) struct Assessed {
    pub member: Membership,
    /// She prefers the request's installation (the first wave).
    pub prefers: bool,
    /// Every criterion she fails: empty when she matches.
    pub reasons: Vec<crate::domain::replacements::worker::Mismatch>,
    /// She chose her offers by text too, and her phone can receive them:
    /// that number (E.164).
    pub texts_to: Option<String>,
}

/// Every worker of the service assessed against `current` (which has a
/// schedule): her profile, her other bookings in the service. Three
/// Queries of the organisation's partition by sort-key prefix (members,
/// `WORKER#` profiles, `REPL#` requests), never a Scan; their cost grows
/// with the service's members and requests.
pub(crate) async fn assess_request(
    ctx: &Context,
    current: &crate::layout::records::Replacement,
    schedule: &crate::domain::replacements::replacement::Schedule,
) -> Result<Vec<Assessed>, OpError> {
    use crate::domain::replacements::replacement::RequestStatus;
    use crate::domain::replacements::worker::{Booking, Wanted, assess};
    use crate::layout::records::Replacement;
    use std::collections::BTreeMap;
    let org_id = &current.org_id;
    let (members, profiles, requests) = tokio::try_join!(
        partition::<Membership>(ctx, org_id, keys::MEMBER_PREFIX),
        partition::<WorkerProfile>(ctx, org_id, keys::WORKER_PREFIX),
        partition::<Replacement>(ctx, org_id, keys::REPLACEMENT_PREFIX),
    )?;
    let profiles: BTreeMap<&str, &WorkerProfile> = profiles
        .iter()
        .map(|p| (p.account_id.as_str(), p))
        .collect();
    let mut bookings: BTreeMap<&str, Vec<Booking>> = BTreeMap::new();
    for r in &requests {
        if matches!(r.status, RequestStatus::Cancelled | RequestStatus::Unfilled) {
            continue;
        }
        if let (Some(worker), Some(s)) = (r.worker_id.as_deref(), r.schedule.as_ref()) {
            bookings.entry(worker).or_default().push(Booking {
                id: &r.id,
                schedule: s,
            });
        }
    }
    let wanted = Wanted {
        id: &current.id,
        establishment_id: &current.establishment_id,
        function: &current.function,
        age_group: &current.age_group,
        qualified: current.qualified,
        schedule,
    };
    let mut out: Vec<Assessed> = members
        .iter()
        .filter(|m| is_worker(m))
        .map(|m| {
            let profile = profiles.get(m.account_id.as_str()).copied();
            Assessed {
                member: m.clone(),
                prefers: profile.is_some_and(|p| p.prefers(&current.establishment_id)),
                texts_to: profile
                    .filter(|p| p.sms_offers)
                    .and_then(|_| crate::domain::validate::sms_phone(&m.phone)),
                reasons: assess(
                    profile,
                    &wanted,
                    bookings
                        .get(m.account_id.as_str())
                        .map_or(&[][..], Vec::as_slice),
                ),
            }
        })
        .collect();
    // Those preferring the installation first, then by name.
    out.sort_by(|a, b| {
        b.prefers.cmp(&a.prefers).then_with(|| {
            (&a.member.last_name, &a.member.first_name)
                .cmp(&(&b.member.last_name, &b.member.first_name))
        })
    });
    Ok(out)
}
