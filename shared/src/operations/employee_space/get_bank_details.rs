//! The caller's own bank details, masked (the full value is only for the
//! sensitive-data permission, through `reveal_bank_details`).

use crate::domain::employee_space::employee::Feature;
use crate::domain::people::permission::Permission;
use crate::layout::employee::BankDetails;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::employee_space::support::bodies::BankDetailsView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};

pub const SPEC: OperationSpec =
    OperationSpec::get("/orgs/{org_id}/me/bank-details", "get_bank_details")
        .access(Access::Member(Permission::EditOwnBankDetails))
        .summary("One's own bank details, masked")
        .answers(200, Body::of::<BankDetailsView>())
        .problems(&[401, 403, 404])
        .handler(Handler::run(|ctx, request| Box::pin(run(ctx, request))));

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
