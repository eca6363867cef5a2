//! A manager renames an establishment.

use crate::domain::organisation::model::Establishment;
use crate::layout::records::to_item;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{EstablishmentInput, audit, load};
use crate::operations::organisation::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{Condition, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("update_establishment")
    .patch("/orgs/{org_id}/establishments/{establishment_id}")
    .access(Access::Manager)
    .summary("Rename an establishment (and set its address, when given)")
    .takes(Body::of::<EstablishmentInput>())
    .answers(200, Body::of::<Establishment>())
    .handler(Handler::plan(plans::establishment, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: EstablishmentInput = request.json()?;
    let name = input.name()?;
    let address = input.address()?;
    let current = load(ctx, member.org_id(), request.param("establishment_id")?).await?;
    let (commit, next) = decide(
        &current,
        (name, address),
        &member.account_id,
        (ctx.new_id(), ctx.clock.now()),
    );
    commit.run(ctx).await?;
    Output::json(200, &next)
}

/// The renamed establishment and its writes (it must still exist).
fn decide(
    current: &Establishment,
    (name, address): (String, Option<String>),
    actor: &str,
    at: (String, jiff::Timestamp),
) -> (Commit, Establishment) {
    let mut next = current.clone();
    next.name = name;
    if address.is_some() {
        next.address = address;
    }
    let mut commit = Commit::new();
    commit
        .push(Write::Put {
            item: to_item(&next),
            condition: Some(Condition::Exists),
        })
        .push(audit(
            at,
            actor,
            current,
            "establishment.renamed",
            json!({"name": {"before": current.name, "after": next.name}}),
        ));
    (commit, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::organisation::support::fixtures::{at, establishment};

    #[test]
    fn a_renamed_establishment_is_written_only_while_it_exists_and_audited() {
        let current = establishment();
        let (commit, next) = decide(
            &current,
            ("Villeray".into(), None),
            "boss",
            ("e1".into(), at()),
        );
        assert_eq!(next.name, "Villeray");
        let writes = commit.writes();
        let Write::Put { condition, .. } = &writes[0] else {
            panic!("{writes:?}")
        };
        assert_eq!(*condition, Some(Condition::Exists));
        let Write::Put { item, .. } = &writes[1] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["action"], "establishment.renamed");
        assert_eq!(
            item["changes"],
            json!({"name": {"before": "Installation Rosemont", "after": "Villeray"}})
        );
    }
}
