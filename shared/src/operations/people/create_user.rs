//! A manager creates a user record (DESIGN §5.1): validated fields, grants
//! per establishment, manager flag; one account per email on the platform.

use crate::domain::people::permission::Permission;
use crate::domain::people::user::NewUserInput;
use crate::operations::organisation::support::establishments::active_among;
use crate::operations::people::support::creation::{created, may_create};
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;

pub const SPEC: OperationSpec = OperationSpec::named("create_user")
    .post("/orgs/{org_id}/users")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Create a user record in an organisation (status draft)")
    .takes(Body::of::<NewUserInput>())
    .answers(201, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

/// The email's claim and the establishments named are read with the caller.
struct Phases;

impl Phased for Phases {
    type Input = NewUserInput;

    fn plan(ctx: &Context, request: &Request, input: &NewUserInput) -> Vec<Key> {
        let _ = ctx;
        let ids = input.establishment_ids();
        crate::operations::accounts::support::plans::email_claim(input.email.as_deref())
            .into_iter()
            .chain(
                crate::operations::organisation::support::plans::establishments(
                    request,
                    ids.iter().map(|id| Some(id.as_str())),
                ),
            )
            .collect()
    }

    async fn run(ctx: &Context, request: Request, input: Result<NewUserInput, OpError>) -> Outcome {
        let member = request.member()?;
        let org_id = member.org_id().to_string();
        let input = input?;
        let establishments = active_among(ctx, &org_id, &input.establishment_ids()).await?;
        let user = input.validate_record(&establishments)?;
        may_create(member, &user)?;
        // "Invite every new user automatically".
        let (membership, commit) = created(
            ctx,
            &member.org,
            &member.account_id,
            user,
            member.org.settings.auto_invite,
        )
        .await?;
        // The email taken (by this organisation already, or by a concurrent
        // create) fails the claim's or the membership's condition.
        commit.run(ctx).await?;
        tracing::info!(org = %org_id, user = %membership.account_id, "user created");
        let mut view = UserView::new(&membership, None, None);
        if let Some(inv) = view.invitation.as_mut() {
            inv.delivery = Some(crate::domain::accounts::invitation::DeliveryStatus::Pending);
        }
        Output::json(201, &view)
    }
}
