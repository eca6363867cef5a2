//! A manager archives an establishment: its history stays, its grants stop
//! working on the next request (the organisation lists archived ones and
//! every request filters them out).

use crate::domain::organisation::model::{Establishment, Organisation};
use crate::layout::keys;
use crate::layout::records::to_item;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{audit, load};
use crate::operations::organisation::support::organisations;
use crate::operations::organisation::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{Condition, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("archive_establishment")
    .post("/orgs/{org_id}/establishments/{establishment_id}/archive")
    .access(Access::Manager)
    .summary("Archive an establishment: history kept, grants there stop working")
    .answers(200, Body::of::<Establishment>())
    .problems(&[409])
    .handler(Handler::plan(plans::establishment, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let current = load(ctx, member.org_id(), request.param("establishment_id")?).await?;
    if current.archived {
        return Output::json(200, &current);
    }
    let org = organisations::load(ctx, member.org_id()).await?;
    let (commit, next) = decide(
        &org,
        &current,
        &member.account_id,
        (ctx.new_id(), ctx.clock.now()),
    );
    // A stale version fails the condition: 409 version-conflict.
    commit.run(ctx).await?;
    Output::json(200, &next)
}

/// The archived establishment and its writes: the establishment, the
/// organisation's list of archived ones (on the version read) and the
/// audit. An establishment archived already changes nothing.
fn decide(
    org: &Organisation,
    current: &Establishment,
    actor: &str,
    at: (String, jiff::Timestamp),
) -> (Commit, Establishment) {
    let mut commit = Commit::new();
    if current.archived {
        return (commit, current.clone());
    }
    let mut next = current.clone();
    next.archived = true;
    let mut archived = org.archived_establishments.clone();
    archived.push(current.id.clone());
    let mut set = serde_json::Map::new();
    set.insert("archived_establishments".into(), json!(archived));
    set.insert("version".into(), json!(org.version + 1));
    commit
        .push(Write::Put {
            item: to_item(&next),
            condition: Some(Condition::Exists),
        })
        .push(Write::Update {
            key: keys::org(&org.id),
            set,
            condition: Some(Condition::VersionIs(org.version)),
        })
        .push(audit(
            at,
            actor,
            current,
            "establishment.archived",
            json!({"archived": {"before": false, "after": true}}),
        ));
    (commit, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::organisation::support::fixtures::{at, establishment, org};

    #[test]
    fn an_establishment_archived_already_changes_nothing() {
        let mut current = establishment();
        current.archived = true;
        let (commit, next) = decide(&org(), &current, "boss", ("e1".into(), at()));
        assert!(commit.is_empty());
        assert_eq!(next, current);
    }

    #[test]
    fn an_archived_establishment_joins_the_organisations_list_on_the_version_read() {
        let mut org = org();
        org.archived_establishments = vec!["old".into()];
        let (commit, next) = decide(&org, &establishment(), "boss", ("e1".into(), at()));
        assert!(next.archived);
        let writes = commit.writes();
        assert_eq!(writes.len(), 3);
        let Write::Update { set, condition, .. } = &writes[1] else {
            panic!("{writes:?}")
        };
        assert_eq!(set["archived_establishments"], json!(["old", "est"]));
        assert_eq!(set["version"], 8);
        assert_eq!(*condition, Some(Condition::VersionIs(7)));
        let Write::Put { item, .. } = &writes[2] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["action"], "establishment.archived");
        assert_eq!(
            item["changes"],
            json!({"archived": {"before": false, "after": true}})
        );
    }
}
