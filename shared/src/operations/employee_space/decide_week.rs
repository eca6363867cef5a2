//! A manager (or a holder of `approve_hours` at the employee's main
//! establishment) approves or refuses a submitted week; approval feeds the
//! banks of hours by their rules (ADD in the same transaction) and locks
//! the week; the employee is emailed.

use crate::domain::employee_space::emails;
use crate::domain::employee_space::employee::{Feature, RequestState, week_start};
use crate::domain::ids;
use crate::domain::locale::Locale;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Week;
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::{
    DecisionInput, banks, may_decide,
};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};
use crate::ports::Write;

pub const SPEC: OperationSpec = OperationSpec::named("decide_week")
    .post("/orgs/{org_id}/users/{user_id}/weeks/{week}/decision")
    .access(Access::Member(Permission::ApproveHours))
    .summary("Approve (feeds the banks of hours by their rules, locks) or refuse (comment) an employee's submitted week; she is emailed")
    .takes(Body::of::<DecisionInput>())
    .answers(200, Body::of::<Week>())
    .problems(&[409])
    .handler(Handler::plan(
        plans::week_of_target_user_and_hour_banks,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: DecisionInput = request.json()?;
    let user_id = request.param("user_id")?;
    let monday = week_start(request.param("week")?).map_err(|_| OpError::NotFound)?;
    if !ids::is_id(user_id) {
        return Err(OpError::NotFound);
    }
    let found = ctx
        .store
        .get_many(&[
            keys::week(member.org_id(), user_id, monday),
            keys::membership(member.org_id(), user_id),
        ])
        .await?;
    let mut found = found.into_iter();
    let (Some(Some(w)), Some(Some(m))) = (found.next(), found.next()) else {
        return Err(OpError::NotFound);
    };
    let current: Week = from_item(w)?;
    let employee: Membership = from_item(m)?;
    if !may_decide(
        member,
        Permission::ApproveHours,
        current.establishment_id.as_deref(),
    ) {
        return Err(OpError::NotFound);
    }
    if user_id == member.account_id && !member.membership.manager {
        return Err(OpError::Forbidden);
    }
    let (state, comment) = input.decide(current.state, current.version)?;
    let now = ctx.clock.now();
    let mut next = current.clone();
    next.state = state;
    next.decision_comment = comment.clone();
    next.decided_by = Some(member.account_id.clone());
    next.decided_at = Some(now);
    next.version += 1;
    let mut writes = vec![replace(&next, current.version)];
    if state == RequestState::Approved {
        for bank in banks(ctx, member.org_id()).await? {
            let credit = bank.rule.credit(current.total_minutes);
            if credit != 0 {
                writes.push(Write::Add {
                    key: keys::bank_balance(member.org_id(), user_id, &bank.id),
                    add: vec![(crate::layout::employee::BALANCE_MINUTES.into(), credit)],
                    condition: None,
                });
                next.credited.push(crate::layout::employee::Credit {
                    bank: bank.name.clone(),
                    minutes: credit,
                });
            }
        }
        writes[0] = replace(&next, current.version);
    }
    let approved = state == RequestState::Approved;
    let credited: Vec<(&str, i64)> = next
        .credited
        .iter()
        .map(|c| (c.bank.as_str(), c.minutes))
        .collect();
    let notice = |locale| {
        emails::week_decided(
            locale,
            monday,
            current.total_minutes.into(),
            approved,
            &credited,
            comment.as_deref(),
        )
    };
    let message = crate::operations::outbox::notice(
        ctx,
        &member.org,
        &employee,
        notice(Locale::Fr),
        notice(Locale::En),
    );
    writes.push(create(&message));
    writes.push(
        Audit::at(
            ctx.new_id(),
            now,
            &current.org_id,
            &member.account_id,
            if approved {
                "week.approved"
            } else {
                "week.refused"
            },
        )
        .target(&format!("{user_id}#{monday}"))
        .establishment(current.establishment_id.as_deref())
        .change("state", current.state, state)
        .set("credited", &next.credited)
        .write(),
    );
    let mut commit = Commit::new();
    commit.extend(writes);
    commit.run(ctx).await?;
    Output::json(200, &next)
}
