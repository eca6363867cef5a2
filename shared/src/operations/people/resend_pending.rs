//! "Resend all pending" (seed 002): sends the activation email again to
//! every invited user, a bounded batch per call (so a 5,000-user
//! organisation never times a function out); the answer lists each user's
//! outcome and the cursor to continue from.

use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::people::support::lifecycle::invite;
use crate::operations::reads::{PageSize, Scan};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Invitations sent per call at most.
pub const BATCH: usize = 25;
/// Members read per call at most.
const READ_LIMIT: usize = 500;

pub const SPEC: OperationSpec = OperationSpec::named("resend_pending")
    .post("/orgs/{org_id}/invitations/resend")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Send every pending invitation again, a batch per call; call again with next_cursor until it is absent")
    .takes(Body::optional::<ResendInput>())
    .answers(200, Body::of::<ResendReport>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendInput {
    /// `next_cursor` of the previous call; absent to start.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResendOutcome {
    pub user_id: String,
    /// `queued` (the new link is in the outbox), or `conflict` when the
    /// user changed meanwhile.
    pub outcome: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResendReport {
    pub results: Vec<ResendOutcome>,
    /// Present while some members remain to be looked at.
    pub next_cursor: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ResendInput = if request.body.is_empty() {
        ResendInput::default()
    } else {
        request.json()?
    };
    let mut scan = Scan {
        sk_prefix: keys::MEMBER_PREFIX,
        forward: true,
        wanted: BATCH,
        read_limit: READ_LIMIT,
        page_size: PageSize::Fixed(100),
    }
    .start(ctx, &keys::org_pk(member.org_id()), input.cursor.as_deref())?;
    let org: Organisation =
        crate::operations::organisation::support::organisations::load(ctx, member.org_id()).await?;
    let mut results = Vec::new();
    while let Some(item) = scan.next(results.len()).await? {
        let m: Membership = from_item(item)?;
        let pending = m.status == MembershipStatus::Invited
            && member.access().may_manage(&m.grants, m.manager);
        if pending {
            results.push(resend(ctx, &org, &m, &member.account_id).await);
        }
    }
    let next_cursor = scan.next_cursor();
    Output::json(
        200,
        &ResendReport {
            results,
            next_cursor,
        },
    )
}

async fn resend(ctx: &Context, org: &Organisation, m: &Membership, actor: &str) -> ResendOutcome {
    let outcome = match invite(ctx, org, m, actor) {
        Err(_) => "conflict".to_string(),
        Ok(prepared) => match prepared.commit.run(ctx).await {
            Err(_) => "conflict".to_string(),
            Ok(()) => "queued".to_string(),
        },
    };
    ResendOutcome {
        user_id: m.account_id.clone(),
        outcome,
    }
}
