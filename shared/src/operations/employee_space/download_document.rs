//! A presigned download URL for a document shared with the caller (or any
//! document, for a manager). Anyone else's: not found.

use crate::domain::employee_space::employee::Feature;
use crate::domain::ids;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Document;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::employee_space::support::employee_space::download;
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, FileCall, Handler, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use crate::ports::PresignedUrl;

pub const SPEC: OperationSpec = OperationSpec::named("download_document")
    .get("/orgs/{org_id}/documents/{document_id}/download")
    .access(Access::Member(Permission::Documents))
    .files(&[FileCall::Download])
    .summary("A presigned download URL for a document shared with the caller")
    .answers(200, Body::of::<PresignedUrl>())
    .problems(&[409])
    .handler(Handler::plan(plans::document, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Documents)?;
    let id = request.param("document_id")?;
    if !ids::is_id(id) {
        return Err(OpError::NotFound);
    }
    let document: Document = from_item(
        ctx.store
            .get(&keys::document(member.org_id(), id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let mine = document
        .recipient_id
        .as_deref()
        .is_none_or(|r| r == member.account_id);
    if !mine && !member.membership.manager {
        return Err(OpError::NotFound);
    }
    let url = download(
        ctx,
        &keys::document_object(&document.org_id, &document.id),
        &document.file,
    )
    .await?;
    Output::json(200, &url)
}
