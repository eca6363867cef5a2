//! A manager adds an establishment (site, installation) to the organisation.

use crate::domain::organisation::model::Establishment;
use crate::layout::records::create;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{EstablishmentInput, audit};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("create_establishment")
    .post("/orgs/{org_id}/establishments")
    .access(Access::Manager)
    .summary("Add an establishment to the organisation")
    .takes(Body::of::<EstablishmentInput>())
    .answers(201, Body::of::<Establishment>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: EstablishmentInput = request.json()?;
    let (commit, est) = decide(
        member.org_id(),
        &member.account_id,
        input.name()?,
        input.address()?,
        ctx.new_id(),
        (ctx.new_id(), ctx.clock.now()),
    );
    commit.run(ctx).await?;
    Output::json(201, &est)
}

/// The new establishment (id `id`) and its writes.
fn decide(
    org_id: &str,
    actor: &str,
    name: String,
    address: Option<String>,
    id: String,
    at: (String, jiff::Timestamp),
) -> (Commit, Establishment) {
    let est = Establishment {
        org_id: org_id.to_string(),
        id,
        name,
        address,
        archived: false,
    };
    let mut commit = Commit::new();
    commit.push(create(&est)).push(audit(
        at,
        actor,
        &est,
        "establishment.created",
        json!({"name": {"after": est.name}}),
    ));
    (commit, est)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::organisation::support::fixtures::at;
    use crate::ports::Write;

    #[test]
    fn a_new_establishment_is_created_live_and_audited_with_its_name() {
        let (commit, est) = decide(
            "o",
            "boss",
            "Rosemont".into(),
            None,
            "est".into(),
            ("e1".into(), at()),
        );
        assert!(!est.archived);
        let writes = commit.writes();
        assert_eq!(writes[0], create(&est));
        let Write::Put { item, .. } = &writes[1] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["action"], "establishment.created");
        assert_eq!(item["establishment"], "est");
        assert_eq!(item["changes"], json!({"name": {"after": "Rosemont"}}));
    }
}
