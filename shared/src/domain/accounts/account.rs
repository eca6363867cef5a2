//! An account: one person, one normalised email on the whole platform.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub email: String,
    /// The directory identity, once activated.
    pub identity: Option<String>,
    pub created_at: jiff::Timestamp,
    pub last_login_at: Option<jiff::Timestamp>,
    pub version: u64,
    /// The second factor (none on older items).
    #[serde(default)]
    pub mfa: super::mfa::Mfa,
}
