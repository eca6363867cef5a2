//! A presigned download URL for an expense note's receipt: the employee's
//! own, or one she may decide.

use crate::domain::employee_space::employee::{Feature, RequestKind};
use crate::domain::people::permission::Permission;
use crate::layout::employee::RequestDetails;
use crate::layout::keys;
use crate::operations::employee_space::support::employee_space::{download, load_request};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, FileCall, Handler, OpError, OperationSpec, Outcome, Output, Request,
};
use crate::ports::PresignedUrl;

pub const SPEC: OperationSpec = OperationSpec::named("expense_receipt")
    .get("/orgs/{org_id}/expenses/{request_id}/receipt")
    .access(Access::Member(Permission::Expenses))
    .files(&[FileCall::Download])
    .summary("A presigned download URL for the receipt of an expense note (one's own, or one the caller may decide)")
    .answers(200, Body::of::<PresignedUrl>())
    .problems(&[409])
    .handler(Handler::plan(
        plans::expense,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::ExpenseNotes)?;
    let expense = load_request(
        ctx,
        member,
        RequestKind::Expense,
        request.param("request_id")?,
    )
    .await?;
    let RequestDetails::Expense {
        receipt: Some(receipt),
        ..
    } = &expense.details
    else {
        return Err(OpError::NotFound);
    };
    let url = download(
        ctx,
        &keys::receipt_object(&expense.org_id, &expense.account_id, &expense.id),
        receipt,
    )
    .await?;
    Output::json(200, &url)
}
