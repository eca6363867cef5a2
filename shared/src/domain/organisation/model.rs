//! The organisation (tenant) and its establishments.

use crate::domain::accounts::invitation::DEFAULT_VALIDITY_DAYS;
use crate::domain::locale::Locale;
use crate::domain::people::permission::Grants;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Settings a manager controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrgSettings {
    pub locale: Locale,
    /// IANA time zone, e.g. `America/Toronto`.
    pub time_zone: String,
    pub invitation_validity_days: i64,
    pub auto_invite: bool,
    pub require_security_keys: bool,
    /// Functions of replacement workers the service offers.
    #[serde(default = "default_functions")]
    pub replacement_functions: Vec<String>,
    /// Age groups of the children.
    #[serde(default = "default_age_groups")]
    pub age_groups: Vec<String>,
    /// Employee-space features switched on (seed 002); absent ones are off.
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::employee_space::employee::Feature>)]
    pub features: crate::domain::employee_space::employee::Features,
    /// Profile fields employees may edit themselves.
    #[serde(default = "default_profile_fields")]
    #[schema(value_type = Vec<crate::domain::employee_space::employee::ProfileField>)]
    pub editable_profile_fields:
        std::collections::BTreeSet<crate::domain::employee_space::employee::ProfileField>,
    /// A working day, in minutes: what a day of leave takes from a bank.
    #[serde(default = "default_day_minutes")]
    pub working_day_minutes: u32,
    /// Leave may take a bank of hours below zero (default: no, a leave is
    /// refused, when asked and when approved, beyond the balance).
    #[serde(default)]
    pub banks_may_go_negative: bool,
    /// Whom the organisation requires a second factor of (DESIGN §5.15).
    #[serde(default)]
    pub mfa_policy: crate::domain::accounts::mfa::Policy,
    /// The emails members receive unless they chose otherwise (absent: on).
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<crate::domain::people::notifications::Notification, bool>)]
    pub notification_defaults: crate::domain::people::notifications::Choices,
    /// One activation email, or two: the address validated first (seed 004).
    #[serde(default)]
    pub activation_emails: crate::domain::accounts::invitation::ActivationEmails,
    /// Minutes between an offer's first wave (those preferring the
    /// installation) and the second (every match), and between the second
    /// and the dispatcher's alert when nobody took it.
    #[serde(default = "default_offer_wave_minutes")]
    pub offer_wave_minutes: u32,
}

/// A wave's wait when the service set none: a 6 a.m. call leaves little.
pub const DEFAULT_OFFER_WAVE_MINUTES: u32 = 15;

fn default_offer_wave_minutes() -> u32 {
    DEFAULT_OFFER_WAVE_MINUTES
}

fn default_profile_fields()
-> std::collections::BTreeSet<crate::domain::employee_space::employee::ProfileField> {
    [
        crate::domain::employee_space::employee::ProfileField::Phone,
        crate::domain::employee_space::employee::ProfileField::BirthDate,
    ]
    .into()
}

fn default_day_minutes() -> u32 {
    420
}

fn default_functions() -> Vec<String> {
    [
        "Éducatrice qualifiée",
        "Éducatrice",
        "Aide-éducatrice",
        "Cuisinière",
        "Préposée à l'entretien",
    ]
    .map(String::from)
    .to_vec()
}

fn default_age_groups() -> Vec<String> {
    ["Poupons (0-18 mois)", "18 mois - 5 ans", "Scolaire"]
        .map(String::from)
        .to_vec()
}

/// The zone a new organisation starts in, and the one a link sent outside
/// any organisation (sign-up, password reset) gives its expiry in.
pub const DEFAULT_TIME_ZONE: &str = "America/Toronto";

impl Default for OrgSettings {
    fn default() -> Self {
        OrgSettings {
            locale: Locale::Fr,
            time_zone: DEFAULT_TIME_ZONE.into(),
            invitation_validity_days: DEFAULT_VALIDITY_DAYS,
            auto_invite: false,
            require_security_keys: false,
            replacement_functions: default_functions(),
            age_groups: default_age_groups(),
            features: Default::default(),
            editable_profile_fields: default_profile_fields(),
            working_day_minutes: default_day_minutes(),
            banks_may_go_negative: false,
            mfa_policy: Default::default(),
            notification_defaults: Default::default(),
            activation_emails: Default::default(),
            offer_wave_minutes: DEFAULT_OFFER_WAVE_MINUTES,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    /// Immutable once set.
    pub category: Option<String>,
    /// Immutable once set.
    pub identifier: Option<String>,
    /// Immutable once set.
    pub registry_numbers: Vec<String>,
    pub settings: OrgSettings,
    pub active_managers: u32,
    /// Members per status (changed only by `ADD`, in the same transaction
    /// as the status change).
    #[serde(default)]
    pub members_draft: i64,
    #[serde(default)]
    pub members_invited: i64,
    #[serde(default)]
    pub members_active: i64,
    #[serde(default)]
    pub members_disabled: i64,
    /// Establishments archived: their history stays, their grants stop.
    #[serde(default)]
    pub archived_establishments: Vec<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// The organisation's mail security key (question + hashed answer).
    #[serde(default)]
    pub mail_key: Option<crate::domain::accounts::secrets::SecretKey>,
    pub created_at: jiff::Timestamp,
    pub version: u64,
}

impl Organisation {
    /// Grants less those at archived establishments.
    pub fn live_grants(&self, grants: &Grants) -> Grants {
        grants
            .iter()
            .filter(|(est, _)| !self.archived_establishments.contains(est))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Establishment {
    pub org_id: String,
    pub id: String,
    pub name: String,
    /// Where it is (street, city), as the replacement worker is told.
    #[serde(default)]
    pub address: Option<String>,
    pub archived: bool,
}
