//! What the API answers: response bodies, shared by several operations.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::DeliveryStatus;
use crate::domain::locale::Locale;
use crate::domain::people::membership::{Civility, Membership, MembershipStatus};
use crate::domain::people::permission::{Grants, Permission};
use crate::layout::records::OutboxMessage;
use serde::Serialize;
use utoipa::ToSchema;

/// Invitation state, as managers see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationView {
    pub sent_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub times_sent: u32,
    /// Outcome of the last email delivery.
    pub delivery: Option<DeliveryStatus>,
}

/// A user of an organisation (one membership and its account).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    /// The account id (same in every organisation the person belongs to).
    pub id: String,
    pub org_id: String,
    pub civility: Civility,
    pub last_name: String,
    pub first_name: String,
    /// `null`: a record kept before her email is known; set it, then send
    /// the activation email.
    pub email: Option<String>,
    pub phone: String,
    pub function: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<jiff::civil::Date>,
    pub main_establishment: Option<String>,
    pub manager: bool,
    /// Permissions per establishment id.
    #[schema(value_type = BTreeMap<String, Vec<Permission>>)]
    pub grants: Grants,
    pub status: MembershipStatus,
    pub locale: Option<Locale>,
    pub invitation: Option<InvitationView>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_login_at: Option<jiff::Timestamp>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    /// The authentication mode a manager set for her (seed 003): none
    /// (the organisation's policy decides), `sms` or `totp`.
    pub mfa_mode: Option<crate::domain::accounts::mfa::Method>,
    /// Whether her second factor is on.
    pub mfa_on: bool,
    /// The authentication phone a manager set (E.164), if any.
    pub auth_phone: Option<String>,
    /// What the organisation requires of her second factor (her mode, or
    /// the policy for who she is): said by the users list and the user
    /// page; absent when nothing is required.
    pub mfa_required: Option<crate::domain::accounts::mfa::Requirement>,
    /// Optimistic-locking version: send it back when editing.
    pub version: u64,
}

impl UserView {
    pub fn new(
        membership: &Membership,
        account: Option<&Account>,
        outbox: Option<&OutboxMessage>,
    ) -> UserView {
        UserView {
            id: membership.account_id.clone(),
            org_id: membership.org_id.clone(),
            civility: membership.civility,
            last_name: membership.last_name.clone(),
            first_name: membership.first_name.clone(),
            email: Some(membership.email.clone()).filter(|e| !e.is_empty()),
            phone: membership.phone.clone(),
            function: membership.function.clone(),
            birth_date: membership.birth_date,
            main_establishment: membership.main_establishment.clone(),
            manager: membership.manager,
            grants: membership.grants.clone(),
            status: membership.status,
            locale: membership.locale,
            invitation: membership.invitation.as_ref().map(|i| InvitationView {
                sent_at: i.sent_at,
                expires_at: i.expires_at,
                times_sent: i.times_sent,
                delivery: outbox.filter(|o| o.id == i.outbox_id).map(|o| o.status),
            }),
            last_login_at: membership
                .last_login_at
                .or(account.and_then(|a| a.last_login_at)),
            created_at: membership.created_at,
            updated_at: membership.updated_at,
            mfa_mode: membership.mfa_mode,
            mfa_on: membership.mfa_on,
            auth_phone: membership.auth_phone.clone(),
            mfa_required: None,
            version: membership.version,
        }
    }

    /// The view with what the organisation requires of her second factor.
    pub fn requiring(
        mut self,
        membership: &Membership,
        org: &crate::domain::organisation::model::Organisation,
    ) -> UserView {
        self.mfa_required = crate::operations::member_requirement(membership, org);
        self
    }
}
