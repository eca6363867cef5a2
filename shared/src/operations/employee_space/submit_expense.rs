//! An employee adds an expense note: date, category, amount (integer cents
//! and currency), description, and optionally a receipt, uploaded straight
//! to the bucket through the presigned URL in the answer (type and size
//! checked here and bound into the URL's signature).

use crate::domain::employee_space::employee::{
    EXPENSE_CATEGORIES, Feature, FileDeclaration, Money, RECEIPT_TYPES,
};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::layout::employee::{Attachment, RequestDetails};
use crate::layout::keys;
use crate::operations::employee_space::support::employee_space::{
    RequestAnswer, URL_VALIDITY, submit,
};
use crate::operations::{
    Access, Body, Context, FileCall, Handler, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_expense")
    .post("/orgs/{org_id}/expenses")
    .access(Access::Member(Permission::Expenses))
    .files(&[FileCall::Upload])
    .summary("Add an expense note (date, category, amount in cents and currency, description, receipt: a presigned upload URL comes back)")
    .takes(Body::of::<ExpenseInput>())
    .answers(201, Body::of::<RequestAnswer>())
    .handler(Handler::run(run_fn!(run)));

/// The receipt about to be uploaded.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileInput {
    pub file_name: Option<String>,
    /// `application/pdf`, `image/jpeg`, `image/png` or `image/heic`.
    pub content_type: Option<String>,
    /// At most 10 MiB.
    pub size_bytes: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpenseInput {
    /// `YYYY-MM-DD`
    pub date: Option<String>,
    /// transport, meals, lodging, supplies, training or other.
    pub category: Option<String>,
    /// Integer cents, strictly positive.
    pub amount_cents: Option<i64>,
    /// ISO 4217 (default `CAD`).
    pub currency: Option<String>,
    pub description: Option<String>,
    pub receipt: Option<FileInput>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::ExpenseNotes)?;
    let input: ExpenseInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let date = match crate::domain::validate::date(input.date.as_deref()) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push("date", FieldCode::Required);
            None
        }
        Err(c) => {
            errors.push("date", c);
            None
        }
    };
    let category = match input.category.as_deref().map(str::trim) {
        None | Some("") => {
            errors.push("category", FieldCode::Required);
            None
        }
        Some(c) if !EXPENSE_CATEGORIES.contains(&c) => {
            errors.push("category", FieldCode::InvalidValue);
            None
        }
        Some(c) => Some(c.to_string()),
    };
    let amount = match Money::parse(input.amount_cents, input.currency.as_deref()) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let description = errors
        .take(
            "description",
            crate::domain::validate::optional_text(input.description.as_deref(), 1000),
        )
        .flatten();
    let receipt = match &input.receipt {
        None => None,
        Some(r) => {
            let name = errors.take(
                "receipt.file_name",
                crate::domain::validate::required_text(r.file_name.as_deref(), 200),
            );
            match FileDeclaration::parse(
                "receipt.",
                r.content_type.as_deref(),
                r.size_bytes,
                &RECEIPT_TYPES,
            ) {
                Ok(f) => name.map(|file_name| Attachment {
                    file_name,
                    content_type: f.content_type,
                    size_bytes: f.size_bytes,
                }),
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            }
        }
    };
    errors.finish(())?;
    let (Some(date), Some(category), Some(amount)) = (date, category, amount) else {
        return Err(OpError::Internal("validated fields missing".into()));
    };
    let id = ctx.new_id();
    let upload = match &receipt {
        Some(r) => Some(
            ctx.files
                .upload_url(
                    &keys::receipt_object(member.org_id(), &member.account_id, &id),
                    &r.content_type,
                    r.size_bytes,
                    URL_VALIDITY,
                )
                .await
                .map_err(|e| OpError::Unavailable(e.to_string()))?,
        ),
        None => None,
    };
    let details = RequestDetails::Expense {
        date,
        category,
        amount,
        receipt,
    };
    let created = submit(ctx, member, id, details, description).await?;
    Output::json(
        201,
        &RequestAnswer {
            request: created,
            upload,
            impact: None,
        },
    )
}
