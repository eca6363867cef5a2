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

    /// Whether only a manager may grant it (DESIGN §5.16).
    pub fn granted_by_managers_only(self) -> bool {
        MANAGER_GRANTED.contains(&self)
    }

    /// Its name for people, in French or English.
    pub fn label(self, fr: bool) -> &'static str {
        use Permission::*;
        match (self, fr) {
            (ManageUsers, true) => "gérer les utilisateurs",
            (ManageUsers, false) => "manage users",
            (RequestReplacements, true) => "demander des remplacements",
            (RequestReplacements, false) => "request replacements",
            (ApproveHours, true) => "approuver les heures",
            (ApproveHours, false) => "approve hours",
            (Dispatch, true) => "affecter les remplaçantes",
            (Dispatch, false) => "dispatch replacement workers",
            (OwnTimesheet, true) => "sa feuille de temps",
            (OwnTimesheet, false) => "own timesheet",
            (Leave, true) => "congés et absences",
            (Leave, false) => "leave and absences",
            (Expenses, true) => "notes de frais",
            (Expenses, false) => "expense notes",
            (Advances, true) => "avances sur salaire",
            (Advances, false) => "salary advances",
            (EditOwnProfile, true) => "modifier son profil",
            (EditOwnProfile, false) => "edit own profile",
            (EditOwnBankDetails, true) => "modifier ses coordonnées bancaires",
            (EditOwnBankDetails, false) => "edit own bank details",
            (Documents, true) => "documents",
            (Documents, false) => "documents",
            (Reports, true) => "rapports",
            (Reports, false) => "reports",
            (SensitiveData, true) => "données sensibles",
            (SensitiveData, false) => "sensitive data",
        }
    }
}

/// The permissions only a manager grants (DESIGN §5.16): whoever holds
/// them could otherwise hand out every other permission, or read every
/// bank account.
pub const MANAGER_GRANTED: [Permission; 2] = [Permission::ManageUsers, Permission::SensitiveData];

/// The grant rule as published with the permission matrix (French).
pub const GRANT_RULE_FR: &str = "Un gestionnaire accorde toute permission partout et peut nommer des gestionnaires. \
Un non-gestionnaire n'accorde que les permissions qu'il détient lui-même, seulement aux établissements où il détient « gérer les utilisateurs », \
et jamais à sa propre adhésion ; « gérer les utilisateurs » et « données sensibles » ne sont accordées que par un gestionnaire, \
et seul un gestionnaire nomme un gestionnaire.";
/// The grant rule as published with the permission matrix (English).
pub const GRANT_RULE_EN: &str = "A manager grants any permission anywhere and may appoint managers. \
A non-manager grants only permissions she holds herself, only at establishments where she holds manage_users, \
and never to her own membership; manage_users and sensitive_data are granted by managers only, \
and only a manager makes someone a manager.";

/// Why a grant was refused: the first permission (by establishment, then
/// catalogue order) the grantor may not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantRefusal {
    /// Only a manager makes someone a manager.
    ManagerFlag,
    /// A non-manager never grants to her own membership.
    OwnMembership,
    /// Managers alone grant this permission.
    ManagersOnly {
        permission: Permission,
        establishment: String,
    },
    /// The grantor does not hold `manage_users` at this establishment.
    NotManagingAt {
        permission: Permission,
        establishment: String,
    },
    /// The grantor does not hold this permission there herself.
    NotHeld {
        permission: Permission,
        establishment: String,
    },
}

/// A change of someone's access, as the grant rule sees it: what she had
/// (nothing for a new user), what she would have, and whether she is the
/// grantor herself.
#[derive(Debug, Clone, Copy)]
pub struct GrantChange<'a> {
    pub own_membership: bool,
    pub manager_before: bool,
    pub manager_after: bool,
    pub before: &'a Grants,
    pub after: &'a Grants,
}

impl GrantChange<'_> {
    /// The (establishment, permission) pairs the change adds.
    pub fn added(&self) -> Vec<(&str, Permission)> {
        self.after
            .iter()
            .flat_map(|(est, set)| {
                let had = self.before.get(est);
                set.iter()
                    .filter(move |p| had.is_none_or(|h| !h.contains(p)))
                    .map(move |p| (est.as_str(), *p))
            })
            .collect()
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// May manage a member with these grants (see, edit, disable, invite
    /// her): a manager anyone; a holder of `manage_users` a non-manager
    /// whose establishments all are ones where she holds it. What she may
    /// *give* is [`Access::check_grant`].
    pub fn may_manage(&self, grants: &Grants, manager_flag: bool) -> bool {
        if self.manager {
            return true;
        }
        !manager_flag
            && grants
                .keys()
                .all(|est| self.allows_at(Permission::ManageUsers, est))
    }

    /// The grant rule (DESIGN §5.16), for every operation that writes
    /// grants or the manager flag. A manager may make any change. A
    /// non-manager never makes a manager, never adds to her own membership,
    /// and adds a permission only where she holds `manage_users`, only one
    /// she holds there herself, and never one of [`MANAGER_GRANTED`].
    /// Taking permissions away is not granting: who may touch the member at
    /// all is [`Access::may_manage`].
    pub fn check_grant(&self, change: &GrantChange<'_>) -> Result<(), GrantRefusal> {
        if self.manager {
            return Ok(());
        }
        if change.manager_after && !change.manager_before {
            return Err(GrantRefusal::ManagerFlag);
        }
        let added = change.added();
        if added.is_empty() {
            return Ok(());
        }
        if change.own_membership {
            return Err(GrantRefusal::OwnMembership);
        }
        for (est, permission) in added {
            let establishment = est.to_string();
            if permission.granted_by_managers_only() {
                return Err(GrantRefusal::ManagersOnly {
                    permission,
                    establishment,
                });
            }
            if !self.allows_at(Permission::ManageUsers, est) {
                return Err(GrantRefusal::NotManagingAt {
                    permission,
                    establishment,
                });
            }
            if !self.allows_at(permission, est) {
                return Err(GrantRefusal::NotHeld {
                    permission,
                    establishment,
                });
            }
        }
        Ok(())
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

    /// Without grants, the manager flag decides: a manager has every
    /// permission everywhere, anyone else none.
    #[test]
    fn a_manager_has_every_permission_everywhere_and_no_roles_no_access() {
        let none = Grants::new();
        for manager in [true, false] {
            let access = Access {
                manager,
                grants: &none,
            };
            for p in Permission::ALL {
                assert_eq!(access.allows_at(p, "any"), manager, "{p:?}");
                assert_eq!(access.allows_somewhere(p), manager, "{p:?}");
            }
            let sensitive = grants("x", &[Permission::SensitiveData]);
            assert_eq!(access.may_manage(&sensitive, true), manager);
            assert_eq!(access.effective(&["a".into()]).is_empty(), !manager);
        }
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
        assert!(access.may_manage(&grants("est-a", &[Permission::Leave]), false));
        assert!(!access.may_manage(&grants("est-b", &[Permission::Leave]), false));
        assert!(!access.may_manage(&grants("est-a", &[]), true));
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

    /// The grantor kinds of the grant matrix (DESIGN §5.16), each for one
    /// permission `p` given at establishment A.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Grantor {
        Manager,
        /// `manage_users` and `p` at A.
        ManagesAndHolds,
        /// `manage_users` at A, not `p`.
        ManagesOnly,
        /// `p` at A, `manage_users` only at B.
        HoldsOnly,
    }

    const A: &str = "est-a";
    const B: &str = "est-b";

    fn grantor_grants(kind: Grantor, p: Permission) -> Grants {
        let mut g = Grants::new();
        let mut at = |est: &str, perm: Permission| {
            g.entry(est.to_string()).or_default().insert(perm);
        };
        match kind {
            Grantor::Manager => {}
            Grantor::ManagesAndHolds => {
                at(A, Permission::ManageUsers);
                at(A, p);
            }
            Grantor::ManagesOnly => at(A, Permission::ManageUsers),
            Grantor::HoldsOnly => {
                at(A, p);
                at(B, Permission::ManageUsers);
            }
        }
        g
    }

    /// What the rule must answer, written out independently of it.
    fn expected(kind: Grantor, p: Permission, herself: bool) -> Result<(), &'static str> {
        match kind {
            Grantor::Manager => Ok(()),
            _ if herself => Err("own"),
            _ if MANAGER_GRANTED.contains(&p) => Err("managers-only"),
            Grantor::ManagesAndHolds => Ok(()),
            Grantor::ManagesOnly => Err("not-held"),
            Grantor::HoldsOnly => Err("not-managing"),
        }
    }

    fn slug(r: &GrantRefusal) -> &'static str {
        match r {
            GrantRefusal::ManagerFlag => "manager-flag",
            GrantRefusal::OwnMembership => "own",
            GrantRefusal::ManagersOnly { .. } => "managers-only",
            GrantRefusal::NotManagingAt { .. } => "not-managing",
            GrantRefusal::NotHeld { .. } => "not-held",
        }
    }

    #[test]
    fn the_grant_rule_over_every_permission_grantor_and_target() {
        let kinds = [
            Grantor::Manager,
            Grantor::ManagesAndHolds,
            Grantor::ManagesOnly,
            Grantor::HoldsOnly,
        ];
        let mut checked = 0;
        for p in Permission::ALL {
            for kind in kinds {
                let mine = grantor_grants(kind, p);
                let access = Access {
                    manager: kind == Grantor::Manager,
                    grants: &mine,
                };
                for herself in [true, false] {
                    // Herself: her grants plus `p` where she lacks it; another
                    // member: none before, `p` at A after.
                    let (before, after) = if herself {
                        let mut after = mine.clone();
                        let est = [A, B, "est-c"]
                            .into_iter()
                            .find(|e| !mine.get(*e).is_some_and(|s| s.contains(&p)))
                            .unwrap_or("est-c");
                        after.entry(est.to_string()).or_default().insert(p);
                        (mine.clone(), after)
                    } else {
                        (Grants::new(), grants(A, &[p]))
                    };
                    let change = GrantChange {
                        own_membership: herself,
                        manager_before: kind == Grantor::Manager && herself,
                        manager_after: kind == Grantor::Manager && herself,
                        before: &before,
                        after: &after,
                    };
                    let got = access.check_grant(&change);
                    assert_eq!(
                        got.as_ref().map(|_| ()).map_err(slug),
                        expected(kind, p, herself),
                        "{p:?} by {kind:?} to {}",
                        if herself { "herself" } else { "another" }
                    );
                    if let Err(
                        GrantRefusal::ManagersOnly {
                            permission,
                            establishment,
                        }
                        | GrantRefusal::NotHeld {
                            permission,
                            establishment,
                        }
                        | GrantRefusal::NotManagingAt {
                            permission,
                            establishment,
                        },
                    ) = &got
                    {
                        assert_eq!((*permission, establishment.as_str()), (p, A));
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, Permission::ALL.len() * kinds.len() * 2);
        eprintln!("grant matrix: {checked} combinations checked");
    }

    #[test]
    fn only_a_manager_makes_a_manager_and_taking_away_is_not_granting() {
        let mine = grants(A, &[Permission::ManageUsers, Permission::Leave]);
        let access = Access {
            manager: false,
            grants: &mine,
        };
        let none = Grants::new();
        let make_manager = GrantChange {
            own_membership: false,
            manager_before: false,
            manager_after: true,
            before: &none,
            after: &none,
        };
        assert_eq!(
            access.check_grant(&make_manager),
            Err(GrantRefusal::ManagerFlag)
        );
        // Removing sensitive data, or keeping what a manager gave, is no grant.
        let before = grants(A, &[Permission::SensitiveData, Permission::Expenses]);
        let after = grants(A, &[Permission::Expenses, Permission::Leave]);
        let change = GrantChange {
            own_membership: false,
            manager_before: false,
            manager_after: false,
            before: &before,
            after: &after,
        };
        assert_eq!(access.check_grant(&change), Ok(()));
        assert_eq!(change.added(), vec![(A, Permission::Leave)]);
        // Her own grants: she may drop one, never add one.
        let own = GrantChange {
            own_membership: true,
            before: &mine,
            after: &grants(A, &[Permission::ManageUsers]),
            manager_before: false,
            manager_after: false,
        };
        assert_eq!(access.check_grant(&own), Ok(()));
        let manager = Access {
            manager: true,
            grants: &none,
        };
        assert_eq!(manager.check_grant(&make_manager), Ok(()));
    }

    #[test]
    fn every_permission_has_a_label_in_both_languages() {
        for p in Permission::ALL {
            assert!(!p.label(true).is_empty() && !p.label(false).is_empty());
        }
        assert!(MANAGER_GRANTED.iter().all(|p| p.granted_by_managers_only()));
        assert!(!Permission::Leave.granted_by_managers_only());
    }
}
