//! The employee enters her bank details: an IBAN (check digits verified) or
//! a Canadian transit/institution/account. She is emailed that they
//! changed; the audit event holds only the masked values. The numbers
//! are stored sealed (one KMS data key each), the masked form in clear
//! beside them ([`BankDetails`]).

use crate::domain::employee_space::bank_details::BankAccount;
use crate::domain::employee_space::emails;
use crate::domain::employee_space::employee::Feature;
use crate::domain::locale::Locale;
use crate::domain::people::permission::Permission;
use crate::layout::employee::BankDetails;
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::bank::seal_account;
use crate::operations::employee_space::support::bodies::BankDetailsView;
use crate::operations::employee_space::support::employee_space::full_name;
use crate::operations::{
    Access, Body, CipherCall, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_bank_details")
    .put("/orgs/{org_id}/me/bank-details")
    .access(Access::Member(Permission::EditOwnBankDetails))
    .summary("Enter one's bank details: an IBAN (ISO 13616 check digits) or a Canadian transit (5), institution (3) and account (7-12); answered masked")
    .takes(Body::of::<BankDetailsInput>())
    .answers(200, Body::of::<BankDetailsView>())
    .problems(&[409])
    .cipher(&[CipherCall::Seal])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BankDetailsInput {
    pub iban: Option<String>,
    pub transit: Option<String>,
    pub institution: Option<String>,
    pub account: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::BankDetails)?;
    let input: BankDetailsInput = request.json()?;
    let account = BankAccount::parse(
        input.iban.as_deref(),
        input.transit.as_deref(),
        input.institution.as_deref(),
        input.account.as_deref(),
    )?;
    let key = keys::bank_details(member.org_id(), &member.account_id);
    // The current item and the sealing (one KMS call per number) at once.
    let (current, sealed) = tokio::try_join!(
        async { Ok::<_, OpError>(ctx.store.get(&key).await?) },
        seal_account(ctx, member.org_id(), &member.account_id, &account),
    )?;
    let current: Option<BankDetails> = current.map(from_item).transpose()?;
    let now = ctx.clock.now();
    let masked = account.masked();
    let next = BankDetails {
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        holder: full_name(&member.membership),
        account_type: match &account {
            BankAccount::Iban { .. } => "iban".into(),
            BankAccount::Canadian { .. } => "canadian".into(),
        },
        masked: masked.clone(),
        sealed: Some(sealed),
        // Never written in clear (an item from before is replaced whole).
        account: None,
        updated_at: now,
        version: current.as_ref().map_or(1, |c| c.version + 1),
    };
    let message = crate::operations::outbox::notice(
        ctx,
        &member.org,
        &member.membership,
        emails::bank_details_changed(Locale::Fr, &masked),
        emails::bank_details_changed(Locale::En, &masked),
    );
    let write = match &current {
        Some(c) => replace(&next, c.version),
        None => create(&next),
    };
    // A failed condition: changed at the same moment from another tab.
    let mut commit = Commit::new();
    commit.push(write).push(create(&message)).push(
        Audit::at(
            ctx.new_id(),
            now,
            &next.org_id,
            &member.account_id,
            "bank_details.changed",
        )
        .target(&member.account_id)
        .change(
            "account",
            current.as_ref().map(BankDetails::view_masked),
            masked,
        )
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &BankDetailsView::masked(&next))
}
