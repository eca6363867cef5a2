//! Resolving the verified caller to an account and, for organisation routes,
//! to an active membership — loaded on every request, so a disabled or
//! removed member is refused at once.

use super::{Context, OpError, Request};
use crate::domain::ids;
use crate::domain::membership::{Membership, MembershipStatus};
use crate::domain::organisation::Organisation;
use crate::domain::permission::{Access, Grants};
use crate::layout::keys;
use crate::layout::records::{IdentityLink, from_item};

/// The caller's active membership in the organisation of the path.
#[derive(Debug, Clone)]
pub struct Member {
    pub account_id: String,
    pub membership: Membership,
    /// The membership's grants less those at archived establishments
    /// (they stop working the moment the establishment is archived).
    pub grants: Grants,
    /// The organisation's settings (employee-space features among them).
    pub settings: crate::domain::organisation::OrgSettings,
}

impl Member {
    pub fn access(&self) -> Access<'_> {
        Access {
            manager: self.membership.manager,
            grants: &self.grants,
        }
    }

    pub fn org_id(&self) -> &str {
        &self.membership.org_id
    }

    /// Refuses (403 `feature-disabled`) when the organisation has switched
    /// this employee-space feature off.
    pub fn require(&self, feature: crate::domain::employee::Feature) -> Result<(), OpError> {
        if self.settings.features.contains(&feature) {
            Ok(())
        } else {
            Err(OpError::FeatureDisabled(feature))
        }
    }
}

pub(super) async fn account_of(ctx: &Context, request: &Request) -> Result<String, OpError> {
    let principal = request.principal.as_ref().ok_or(OpError::Unauthenticated)?;
    let link = ctx
        .store
        .get(&keys::identity(&principal.sub))
        .await?
        .ok_or(OpError::Unauthenticated)?;
    Ok(from_item::<IdentityLink>(link)?.account_id)
}

pub(super) async fn member_of(
    ctx: &Context,
    account_id: &str,
    org_id: &str,
    access: super::Access,
) -> Result<Member, OpError> {
    // Junk in the path is simply not found.
    if !ids::is_id(org_id) {
        return Err(OpError::NotFound);
    }
    let found = ctx
        .store
        .get_many(&[keys::membership(org_id, account_id), keys::org(org_id)])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(item)), Some(Some(org))) = (found.next(), found.next()) else {
        return Err(OpError::NotFound);
    };
    let membership: Membership = from_item(item)?;
    let org: Organisation = from_item(org)?;
    match membership.status {
        MembershipStatus::Active => {}
        MembershipStatus::Disabled => return Err(OpError::MembershipDisabled),
        _ => return Err(OpError::NotFound),
    }
    let grants = org.live_grants(&membership.grants);
    let member = Member {
        account_id: account_id.to_string(),
        membership,
        grants,
        settings: org.settings,
    };
    let allowed = match access {
        super::Access::Member(permission) => member.access().allows_somewhere(permission),
        super::Access::Manager => member.membership.manager,
        _ => false,
    };
    if !allowed {
        return Err(OpError::Forbidden);
    }
    Ok(member)
}
