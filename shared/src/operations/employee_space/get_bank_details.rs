//! The caller's own bank details, masked (the full value is only for the
//! sensitive-data permission, through `reveal_bank_details`).

use crate::domain::employee_space::bank_details::BankAccount;
use crate::domain::employee_space::employee::Feature;
use crate::domain::people::permission::Permission;
use crate::layout::employee::BankDetails;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::{
    Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "get_bank_details",
    method: "GET",
    path: "/orgs/{org_id}/me/bank-details",
    access: Access::Member(Permission::EditOwnBankDetails),
    summary: "One's own bank details, masked",
    query: &[],
    request: None,
    success: (200, Body::of::<BankDetailsView>()),
    problems: &[401, 403, 404],
    ahead: None,
    handler,
};

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
            kind: match d.account {
                BankAccount::Iban { .. } => "iban".into(),
                BankAccount::Canadian { .. } => "canadian".into(),
            },
            masked: d.account.masked(),
            full: None,
            updated_at: d.updated_at,
            version: d.version,
        }
    }
}

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::BankDetails)?;
    let details: BankDetails = from_item(
        ctx.store
            .get(&keys::bank_details(member.org_id(), &member.account_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    Output::json(200, &BankDetailsView::masked(&details))
}
