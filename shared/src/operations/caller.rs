//! Resolving the verified caller to an account and, for organisation routes,
//! to an active membership — loaded on every request, so a disabled or
//! removed member is refused at once.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::mfa::{self, Requirement};
use crate::domain::ids;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::{Access, Grants};
use crate::layout::keys;
use crate::layout::records::{IdentityLink, from_item};
use crate::operations::{Context, OpError, Request};
use crate::ports::{Item, Key};

/// The caller's active membership in the organisation of the path.
#[derive(Debug, Clone)]
pub struct Member {
    pub account_id: String,
    pub membership: Membership,
    /// The membership's grants less those at archived establishments
    /// (they stop working the moment the establishment is archived).
    pub grants: Grants,
    /// The organisation, read with the membership (its settings carry the
    /// employee-space features).
    pub org: Organisation,
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
    pub fn require(
        &self,
        feature: crate::domain::employee_space::employee::Feature,
    ) -> Result<(), OpError> {
        if self.org.settings.features.contains(&feature) {
            Ok(())
        } else {
            Err(
                crate::operations::employee_space::EmployeeSpaceError::FeatureDisabled(feature)
                    .into(),
            )
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

/// The caller's membership in the organisation of the path, read in one
/// `BatchGetItem` with the organisation and the keys the operation reads
/// ahead (`ahead`); every item read comes back too, for the request's
/// [`crate::operations::load::Loaded`] store.
pub(super) async fn member_of(
    ctx: &Context,
    account_id: &str,
    org_id: &str,
    access: crate::operations::Access,
    ahead: Vec<Key>,
) -> Result<(Member, Vec<(Key, Option<Item>)>), OpError> {
    // Junk in the path is simply not found.
    if !ids::is_id(org_id) {
        return Err(OpError::NotFound);
    }
    // The caller's account rides along (its second factor), in the same
    // call, unless the operation reads it ahead anyway.
    let account_key = keys::account(account_id);
    let mut keys = vec![keys::membership(org_id, account_id), keys::org(org_id)];
    keys.extend(ahead);
    if !keys.contains(&account_key) {
        keys.push(account_key.clone());
    }
    let found = ctx.store.get_many(&keys).await?;
    let read: Vec<(Key, Option<Item>)> = keys.into_iter().zip(found).collect();
    let (Some(item), Some(org)) = (read[0].1.clone(), read[1].1.clone()) else {
        return Err(OpError::NotFound);
    };
    let membership: Membership = from_item(item)?;
    let org: Organisation = from_item(org)?;
    let account: Option<Account> = read
        .iter()
        .find(|(key, _)| *key == account_key)
        .and_then(|(_, item)| item.clone())
        .map(from_item)
        .transpose()?;
    let member = admit(account_id, membership, org, account.as_ref(), access)?;
    Ok((member, read))
}

/// A membership let in for an operation of `access`: active, its second
/// factor set up if one is required, holding the permission somewhere (or
/// the manager flag). Also what an account-wide read over her
/// organisations (her companies' users) lets in, one membership at a time.
pub(crate) fn admit(
    account_id: &str,
    membership: Membership,
    org: Organisation,
    account: Option<&Account>,
    access: crate::operations::Access,
) -> Result<Member, OpError> {
    match membership.status {
        MembershipStatus::Active => {}
        MembershipStatus::Disabled => {
            return Err(crate::operations::people::errors::PeopleError::MembershipDisabled.into());
        }
        _ => return Err(OpError::NotFound),
    }
    let grants = org.live_grants(&membership.grants);
    // A second factor the organisation or a manager requires of her and
    // that she has not set up: nothing in the organisation until she has.
    if let Some(required) = member_requirement(&membership, &org)
        && !account.is_some_and(|account| account.mfa.satisfies(required))
    {
        return Err(
            crate::operations::accounts::errors::AccountsError::MfaEnrolmentRequired.into(),
        );
    }
    let member = Member {
        account_id: account_id.to_string(),
        membership,
        grants,
        org,
    };
    let allowed = match access {
        crate::operations::Access::Member(permission) => {
            member.access().allows_somewhere(permission)
        }
        crate::operations::Access::MemberAny(permissions) => permissions
            .iter()
            .any(|p| member.access().allows_somewhere(*p)),
        crate::operations::Access::Manager => member.membership.manager,
        _ => false,
    };
    if !allowed {
        return Err(OpError::Forbidden);
    }
    Ok(member)
}

/// What a membership requires of the person's second factor: the mode a
/// manager set for her, else the organisation's policy for who she is
/// (manager, holder of `sensitive_data` at a live establishment).
pub fn member_requirement(membership: &Membership, org: &Organisation) -> Option<Requirement> {
    let sensitive = org
        .live_grants(&membership.grants)
        .values()
        .any(|set| set.contains(&crate::domain::people::permission::Permission::SensitiveData));
    mfa::requirement(
        membership.mfa_mode,
        org.settings.mfa_policy,
        membership.manager,
        sensitive,
    )
}
