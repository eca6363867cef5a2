//! The caller's own bank details, masked (the full value is only for the
//! sensitive-data permission, through `reveal_bank_details`). The masked
//! form is stored in clear beside the sealed numbers: this function is
//! not given the bank-details key.

use crate::domain::employee_space::employee::Feature;
use crate::domain::people::permission::Permission;
use crate::layout::employee::BankDetails;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::employee_space::support::bodies::BankDetailsView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_bank_details")
    .get("/orgs/{org_id}/me/bank-details")
    .access(Access::Member(Permission::EditOwnBankDetails))
    .summary("One's own bank details, masked")
    .answers(200, Body::of::<BankDetailsView>())
    .handler(Handler::run(run_fn!(run)));

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
