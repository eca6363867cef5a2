//! The full bank details of a member, for holders of the sensitive-data
//! permission at her establishment (managers); every read is audited in a
//! write that must succeed before the value is given. The numbers are
//! opened with the bank-details key (KMS `Decrypt`, bound to the
//! organisation and the member the route names).

use crate::domain::employee_space::employee::Feature;
use crate::domain::ids;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::layout::employee::BankDetails;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::bank::open_account;
use crate::operations::employee_space::support::bodies::BankDetailsView;
use crate::operations::employee_space::support::employee_space::may_decide;
use crate::operations::{
    Access, Body, CipherCall, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
    Table, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("reveal_bank_details")
    .get("/orgs/{org_id}/users/{user_id}/bank-details")
    .access(Access::Member(Permission::SensitiveData))
    .table(Table::ReadsAndWrites)
    .cipher(&[CipherCall::Open])
    .summary("A member's full bank details (sensitive-data permission); every read is audited")
    .answers(200, Body::of::<BankDetailsView>())
    .handler(Handler::plan(
        crate::operations::people::support::plans::target_user,
        run_fn!(run),
    ));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::BankDetails)?;
    let user_id = request.param("user_id")?;
    if !ids::is_id(user_id) {
        return Err(OpError::NotFound);
    }
    let found = ctx
        .store
        .get_many(&[
            keys::membership(member.org_id(), user_id),
            keys::bank_details(member.org_id(), user_id),
        ])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(m)), Some(Some(d))) = (found.next(), found.next()) else {
        return Err(OpError::NotFound);
    };
    let owner: Membership = from_item(m)?;
    if !may_decide(
        member,
        Permission::SensitiveData,
        owner.main_establishment.as_deref(),
    ) {
        return Err(OpError::NotFound);
    }
    let details: BankDetails = from_item(d)?;
    // Opened first: a value that does not open (moved from another
    // person's item) answers an error, and no reveal is recorded.
    let full = open_account(ctx, member.org_id(), user_id, &details).await?;
    let mut commit = Commit::new();
    commit.push(
        Audit::new(
            ctx,
            member.org_id(),
            &member.account_id,
            "bank_details.revealed",
        )
        .target(user_id)
        .establishment(owner.main_establishment.as_deref())
        .set("version", details.version)
        .write(),
    );
    commit.run(ctx).await?;
    let mut view = BankDetailsView::masked(&details);
    view.full = Some(full);
    Output::json(200, &view)
}
