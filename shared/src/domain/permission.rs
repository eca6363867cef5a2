//! The permission catalogue, role presets and grants per establishment.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// The fixed list of permissions. Every operation declares the one it needs;
/// a manager holds them all, everywhere in the organisation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ManageUsers,
    RequestReplacements,
    ApproveHours,
    Dispatch,
    OwnTimesheet,
    Leave,
    Expenses,
    Advances,
    EditOwnProfile,
    EditOwnBankDetails,
    Documents,
    Reports,
    SensitiveData,
}

impl Permission {
    pub const ALL: [Permission; 13] = [
        Permission::ManageUsers,
        Permission::RequestReplacements,
        Permission::ApproveHours,
        Permission::Dispatch,
        Permission::OwnTimesheet,
        Permission::Leave,
        Permission::Expenses,
        Permission::Advances,
        Permission::EditOwnProfile,
        Permission::EditOwnBankDetails,
        Permission::Documents,
        Permission::Reports,
        Permission::SensitiveData,
    ];
}

/// Named bundles of permissions a manager ticks in one go (seed 000's
/// highlighted roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RolePreset {
    Employee,
    Client,
    ReplacementWorker,
    Dispatcher,
}

impl RolePreset {
    pub const ALL: [RolePreset; 4] = [
        RolePreset::Employee,
        RolePreset::Client,
        RolePreset::ReplacementWorker,
        RolePreset::Dispatcher,
    ];

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            RolePreset::Employee => &[
                OwnTimesheet,
                Leave,
                Expenses,
                Advances,
                EditOwnProfile,
                EditOwnBankDetails,
                Documents,
            ],
            RolePreset::Client => &[RequestReplacements, ApproveHours],
            RolePreset::ReplacementWorker => &[OwnTimesheet, EditOwnProfile, Documents],
            RolePreset::Dispatcher => &[Dispatch, Reports],
        }
    }

    /// Whether the preset is one typically given to an employee account
    /// (the highlighted roles of seed 000).
    pub fn typical(self) -> bool {
        matches!(self, RolePreset::Employee)
    }
}

/// Permissions per establishment id.
pub type Grants = BTreeMap<String, BTreeSet<Permission>>;

/// What a member may do: the manager flag or per-establishment grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access<'a> {
    pub manager: bool,
    pub grants: &'a Grants,
}

impl Access<'_> {
    /// Holds the permission at the given establishment.
    pub fn allows_at(&self, permission: Permission, establishment: &str) -> bool {
        self.manager
            || self
                .grants
                .get(establishment)
                .is_some_and(|set| set.contains(&permission))
    }

    /// Holds the permission at one establishment at least.
    pub fn allows_somewhere(&self, permission: Permission) -> bool {
        self.manager || self.grants.values().any(|set| set.contains(&permission))
    }

    /// May give these grants to someone else: a manager may give anything; a
    /// holder of `manage_users` only at the establishments where they hold it.
    pub fn may_grant(&self, grants: &Grants, manager_flag: bool) -> bool {
        if self.manager {
            return true;
        }
        !manager_flag
            && grants
                .keys()
                .all(|est| self.allows_at(Permission::ManageUsers, est))
    }

    /// The effective permissions per establishment, for `me`.
    pub fn effective(&self, establishments: &[String]) -> Grants {
        if self.manager {
            establishments
                .iter()
                .map(|e| (e.clone(), Permission::ALL.into_iter().collect()))
                .collect()
        } else {
            self.grants
                .iter()
                .filter(|(_, set)| !set.is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants(est: &str, perms: &[Permission]) -> Grants {
        [(est.to_string(), perms.iter().copied().collect())].into()
    }

    #[test]
    fn manager_has_every_permission_everywhere() {
        let none = Grants::new();
        let access = Access {
            manager: true,
            grants: &none,
        };
        for p in Permission::ALL {
            assert!(access.allows_at(p, "any"));
        }
        assert!(access.may_grant(&grants("x", &[Permission::SensitiveData]), true));
    }

    #[test]
    fn grants_are_per_establishment() {
        let g = grants("est-a", &[Permission::ManageUsers]);
        let access = Access {
            manager: false,
            grants: &g,
        };
        assert!(access.allows_at(Permission::ManageUsers, "est-a"));
        assert!(!access.allows_at(Permission::ManageUsers, "est-b"));
        assert!(!access.allows_at(Permission::Leave, "est-a"));
        assert!(access.allows_somewhere(Permission::ManageUsers));
        assert!(access.may_grant(&grants("est-a", &[Permission::Leave]), false));
        assert!(!access.may_grant(&grants("est-b", &[Permission::Leave]), false));
        assert!(!access.may_grant(&grants("est-a", &[]), true));
    }

    #[test]
    fn no_roles_no_access() {
        let none = Grants::new();
        let access = Access {
            manager: false,
            grants: &none,
        };
        for p in Permission::ALL {
            assert!(!access.allows_somewhere(p));
        }
        assert!(access.effective(&["a".into()]).is_empty());
    }

    #[test]
    fn presets_bundle_permissions() {
        assert!(
            RolePreset::Client
                .permissions()
                .contains(&Permission::ApproveHours)
        );
        assert!(RolePreset::Employee.typical());
        assert!(!RolePreset::Dispatcher.typical());
    }
}
