//! The caller's account, memberships, and permissions per establishment.

use crate::domain::accounts::account::Account;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::{Grants, Permission};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("me")
    .get("/me")
    .access(Access::Authenticated)
    .summary("The caller's account, memberships and permissions per establishment")
    .answers(200, Body::of::<MeView>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipSummary {
    pub org_id: String,
    pub org_name: String,
    pub status: MembershipStatus,
    pub manager: bool,
    pub first_name: String,
    pub last_name: String,
    pub main_establishment: Option<String>,
    /// Effective permissions per establishment id (empty when the
    /// membership is not active, or has no roles).
    #[schema(value_type = BTreeMap<String, Vec<Permission>>)]
    pub permissions: Grants,
    /// The employee-space features the organisation has switched on.
    pub features: Vec<crate::domain::employee_space::employee::Feature>,
    /// The organisation's IANA time zone: the portal shows every time in it.
    pub time_zone: String,
    /// The second factor this organisation requires of her (a manager's
    /// mode for her, or the organisation's policy), met or not.
    pub mfa_required: Option<crate::domain::accounts::mfa::Requirement>,
    /// The caller's own profile in this organisation, for the personal-info
    /// screen: its values, the fields the organisation lets her edit, and
    /// the version `PATCH /orgs/{org_id}/me/profile` expects.
    pub profile: OwnProfile,
}

/// The caller's profile as she may edit it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnProfile {
    pub civility: crate::domain::people::membership::Civility,
    pub phone: String,
    pub birth_date: Option<jiff::civil::Date>,
    pub editable: Vec<crate::domain::employee_space::employee::ProfileField>,
    pub version: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub account_id: String,
    pub email: String,
    pub last_login_at: Option<jiff::Timestamp>,
    pub memberships: Vec<MembershipSummary>,
    /// A platform operator (creates organisations, gives a manager back to
    /// one that has none).
    pub operator: bool,
    /// The second factor: whether an authenticator app or codes by SMS are
    /// on, and how many recovery codes are left.
    pub mfa: MfaView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MfaView {
    pub authenticator: bool,
    /// Codes by SMS are on.
    pub sms: bool,
    /// The last four digits of her authentication phone: the confirmed
    /// one when codes by SMS are on, else the one a manager set for her
    /// (the set-up offers it), if any.
    pub phone_ends_with: Option<String>,
    /// The authentication phone a manager set for her (E.164), for the
    /// SMS set-up to offer; none once codes by SMS are on.
    pub suggested_phone: Option<String>,
    pub recovery_codes_left: usize,
    /// A second factor an active membership requires and she has not set
    /// up: until she does, every organisation route answers 403
    /// `mfa-enrolment-required` (the portal opens the set-up at once).
    pub enrolment_required: Option<crate::domain::accounts::mfa::Requirement>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let account_id = request.account_id.clone().ok_or(OpError::Unauthenticated)?;
    // The account and its memberships: one Query.
    let (account, memberships) =
        crate::operations::reads::account_with_memberships(ctx, &account_id).await?;
    let account: Account = account.ok_or(OpError::Unauthenticated)?;
    let memberships: Vec<Membership> = memberships
        .into_iter()
        .filter(|m| m.status != MembershipStatus::Deleted)
        .collect();
    // Her organisations and whether she is an operator: one BatchGetItem.
    let mut wanted: Vec<_> = memberships.iter().map(|m| keys::org(&m.org_id)).collect();
    wanted.push(keys::operator(&account_id));
    let mut orgs = ctx.store.get_many(&wanted).await?;
    let operator = orgs.pop().flatten().is_some();
    let mut summaries = Vec::new();
    let mut enrolment_required = None;
    // The phone a manager set for her, in an active membership first.
    let suggested_phone = memberships
        .iter()
        .filter(|m| m.auth_phone.is_some())
        .min_by_key(|m| m.status != MembershipStatus::Active)
        .and_then(|m| m.auth_phone.clone());
    for (m, org) in memberships.iter().zip(orgs) {
        let org: Option<Organisation> = org.map(from_item).transpose()?;
        let permissions = match m.access() {
            None => Grants::new(),
            Some(access) if access.manager => {
                let ests = crate::operations::people::support::creation::active_establishments(
                    ctx, &m.org_id,
                )
                .await?;
                access.effective(&ests)
            }
            Some(access) => {
                let live = org
                    .as_ref()
                    .map(|o| o.live_grants(access.grants))
                    .unwrap_or_default();
                crate::domain::people::permission::Access {
                    manager: false,
                    grants: &live,
                }
                .effective(&[])
            }
        };
        let features = org
            .as_ref()
            .map(|o| o.settings.features.iter().copied().collect())
            .unwrap_or_default();
        let editable = org
            .as_ref()
            .map(|o| o.settings.editable_profile_fields.iter().copied().collect())
            .unwrap_or_default();
        let time_zone = org.as_ref().map_or_else(
            || crate::domain::organisation::model::DEFAULT_TIME_ZONE.to_string(),
            |o| o.settings.time_zone.clone(),
        );
        let mfa_required = match (&org, m.status) {
            (Some(org), MembershipStatus::Active) => crate::operations::member_requirement(m, org),
            _ => None,
        };
        if let Some(required) = mfa_required
            && !account.mfa.satisfies(required)
            && enrolment_required != Some(required)
        {
            // A named method outranks "any": it is what she must set up.
            enrolment_required = match enrolment_required {
                Some(crate::domain::accounts::mfa::Requirement::Method(method)) => {
                    Some(crate::domain::accounts::mfa::Requirement::Method(method))
                }
                _ => Some(required),
            };
        }
        summaries.push(MembershipSummary {
            mfa_required,
            org_id: m.org_id.clone(),
            org_name: org.map(|o| o.name).unwrap_or_default(),
            status: m.status,
            manager: m.manager && m.status == MembershipStatus::Active,
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            main_establishment: m.main_establishment.clone(),
            permissions,
            features,
            time_zone,
            profile: OwnProfile {
                civility: m.civility,
                phone: m.phone.clone(),
                birth_date: m.birth_date,
                editable,
                version: m.version,
            },
        });
    }
    Output::json(
        200,
        &MeView {
            account_id: account.id,
            email: account.email,
            last_login_at: account.last_login_at,
            memberships: summaries,
            operator,
            mfa: MfaView {
                authenticator: account.mfa.totp,
                sms: account.mfa.sms,
                phone_ends_with: if account.mfa.sms {
                    account.mfa.phone.as_deref()
                } else {
                    suggested_phone.as_deref()
                }
                .map(crate::domain::accounts::mfa::last_four),
                suggested_phone: suggested_phone.filter(|_| !account.mfa.sms),
                recovery_codes_left: account.mfa.recovery.len(),
                enrolment_required,
            },
        },
    )
}
