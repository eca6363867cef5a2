//! A manager sets a person's secret question and answer (seed 003), asked
//! at activation when the organisation requires security keys.

use crate::domain::people::permission::Permission;
use crate::layout::records::replace;
use crate::operations::accounts::support::bodies::KeyInput;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::managed_user;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("set_secret_question")
    .put("/orgs/{org_id}/users/{user_id}/secret-question")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Set the user's secret question and answer (asked at activation)")
    .takes(Body::of::<KeyInput>())
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(
        crate::operations::people::support::plans::target_user,
        run_fn!(run),
    ));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: KeyInput = request.json()?;
    let secret = input.secret(ctx)?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    let mut next = current.clone();
    next.secret = Some(secret);
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        Audit::new(ctx, &org.id, &member.account_id, "user.secret_question_set")
            .of(&current)
            .change(
                "secret_question",
                current.secret.as_ref().map(|s| &s.question),
                next.secret.as_ref().map(|s| &s.question),
            )
            .write(),
    );
    // A stale version fails the condition: 409 version-conflict.
    commit.run(ctx).await?;
    Output::json(200, &UserView::new(&next, None, None))
}
