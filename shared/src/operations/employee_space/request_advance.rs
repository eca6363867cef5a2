//! An employee asks for an advance on her pay: amount and reason.

use crate::domain::employee_space::employee::{Feature, Money};
use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::layout::employee::RequestDetails;
use crate::operations::employee_space::support::employee_space::{RequestAnswer, submit};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("request_advance")
    .post("/orgs/{org_id}/advances")
    .access(Access::Member(Permission::Advances))
    .summary("Ask for an advance (amount in cents and currency, reason)")
    .takes(Body::of::<AdvanceInput>())
    .answers(201, Body::of::<RequestAnswer>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvanceInput {
    /// Integer cents, strictly positive.
    pub amount_cents: Option<i64>,
    /// ISO 4217 (default `CAD`).
    pub currency: Option<String>,
    pub reason: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Advances)?;
    let input: AdvanceInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let amount = match Money::parse(input.amount_cents, input.currency.as_deref()) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let reason = errors.take(
        "reason",
        crate::domain::validate::required_text(input.reason.as_deref(), 1000),
    );
    let amount = errors.finish(amount)?.unwrap_or(Money {
        amount_cents: 0,
        currency: "CAD".into(),
    });
    let created = submit(
        ctx,
        member,
        ctx.new_id(),
        RequestDetails::Advance { amount },
        reason,
    )
    .await?;
    Output::json(
        201,
        &RequestAnswer {
            request: created,
            upload: None,
            impact: None,
        },
    )
}
