//! Bodies several employee-space operations share.

use crate::domain::employee_space::bank_details::BankAccount;
use crate::layout::employee::BankDetails;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct BankDetailsView {
    pub account_id: String,
    pub holder: String,
    /// `iban` or `canadian`.
    pub kind: String,
    /// E.g. `DE89 •••• 3000`.
    pub masked: String,
    /// Only from `reveal_bank_details` (sensitive-data permission).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full: Option<BankAccount>,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl BankDetailsView {
    pub fn masked(d: &BankDetails) -> BankDetailsView {
        BankDetailsView {
            account_id: d.account_id.clone(),
            holder: d.holder.clone(),
            kind: d.view_kind(),
            masked: d.view_masked(),
            full: None,
            updated_at: d.updated_at,
            version: d.version,
        }
    }
}
