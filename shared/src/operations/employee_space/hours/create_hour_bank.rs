//! A manager defines a bank of hours (overtime, sick days…): its name, the
//! rule by which approved hours feed it, and the leave type taken from it.

use crate::domain::employee_space::employee::{BankRule, Feature, LeaveType};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::layout::employee::{HourBank, HourBanks};
use crate::layout::records::{create, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::hour_banks;
use crate::operations::employee_space::support::plans;
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("create_hour_bank")
    .post("/orgs/{org_id}/hour-banks")
    .access(Access::Manager)
    .summary("Define a bank of hours: name, feeding rule (overtime beyond a weekly threshold, accrual per mille, none), leave type taken from it")
    .takes(Body::of::<HourBankInput>())
    .answers(201, Body::of::<HourBank>())
    .problems(&[409])
    .handler(Handler::plan(
        plans::hour_banks,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HourBankInput {
    pub name: Option<String>,
    pub rule: Option<BankRule>,
    pub leave_type: Option<LeaveType>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: HourBankInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let name = errors.take(
        "name",
        crate::domain::validate::required_text(input.name.as_deref(), 100),
    );
    match &input.rule {
        None => errors.push("rule", FieldCode::Required),
        Some(rule) => {
            if let Err(c) = rule.check() {
                errors.push("rule", c);
            }
            // Overtime is taken back as time off, never as vacation or
            // sick leave (their banks are their own).
            if let Some(leave) = input.leave_type
                && !rule.serves(leave)
            {
                errors.push("leave_type", FieldCode::BankOfAnotherKind);
            }
        }
    }
    let name = errors.finish(name)?.unwrap_or_default();
    let now = ctx.clock.now();
    let bank = HourBank {
        id: ctx.new_id(),
        org_id: member.org_id().to_string(),
        name,
        rule: input.rule.unwrap_or(BankRule::None),
        leave_type: input.leave_type,
        created_at: now,
        archived_at: None,
        version: 1,
    };
    // The banks are one item: added to with a condition on its version (a
    // concurrent definition answers 409 and may be sent again).
    let write = match hour_banks(ctx, member.org_id()).await? {
        Some(mut record) => {
            let expected = record.version;
            record.banks.push(bank.clone());
            record.version += 1;
            replace(&record, expected)
        }
        None => create(&HourBanks {
            org_id: bank.org_id.clone(),
            banks: vec![bank.clone()],
            version: 1,
        }),
    };
    let mut commit = Commit::new();
    commit.push(write).push(
        Audit::at(
            ctx.new_id(),
            now,
            &bank.org_id,
            &member.account_id,
            "hour_bank.created",
        )
        .target(&bank.id)
        .set("name", &bank.name)
        .set("rule", bank.rule)
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(201, &bank)
}
