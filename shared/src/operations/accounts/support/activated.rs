//! What an activation tells (seed 003): the person her identifier and a
//! summary of her information, and every active manager of the
//! organisation who activated, when, and where her user page is.
//! Shared by the activation link and the confirmed self-registration.

use crate::domain::accounts::emails::{self, Summary};
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::layout::keys;
use crate::layout::records::OutboxMessage;
use crate::operations::{Context, outbox};
use crate::ports::Key;

/// Managers told of one activation at most: the activation's own writes
/// (about ten) and these messages stay within DynamoDB's 100 items per
/// transaction. Past it (an organisation with more active managers than
/// that), the first ones by account id are told and the rest is logged.
pub(crate) const MAX_TOLD: usize = 80;

/// The establishments whose names the summary needs: those where she
/// holds roles.
pub(crate) fn establishment_keys(person: &Membership) -> Vec<Key> {
    person
        .grants
        .iter()
        .filter(|(_, permissions)| !permissions.is_empty())
        .map(|(id, _)| keys::establishment(&person.org_id, id))
        .collect()
}

/// The person's summary, her roles by establishment name (an
/// establishment not found keeps its id).
pub(crate) fn summary(
    person: &Membership,
    login: &str,
    establishments: &[Establishment],
) -> Summary {
    Summary {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        email: login.to_string(),
        function: person.function.clone(),
        manager: person.manager,
        establishments: person
            .grants
            .iter()
            .filter(|(_, permissions)| !permissions.is_empty())
            .map(|(id, permissions)| {
                let name = establishments
                    .iter()
                    .find(|e| e.org_id == person.org_id && &e.id == id)
                    .map_or_else(|| id.clone(), |e| e.name.clone());
                (name, permissions.iter().copied().collect())
            })
            .collect(),
    }
}

/// The person's confirmation, in her language (or the organisation's).
pub(crate) fn confirmation(
    ctx: &Context,
    org: &Organisation,
    person: &Membership,
    summary: &Summary,
) -> OutboxMessage {
    let locale = person.locale.unwrap_or(org.settings.locale);
    let content = emails::activated(locale, &org.name, summary, &ctx.settings.portal_url);
    outbox::message(ctx, Some(&org.id), &summary.email, content)
}

/// Who is told: the organisation's active managers but the person herself,
/// [`MAX_TOLD`] at most.
pub(crate) fn managers_to_tell<'a>(members: &'a [Membership], person: &str) -> Vec<&'a Membership> {
    let mut managers: Vec<&Membership> = members
        .iter()
        .filter(|m| m.manager && m.status == MembershipStatus::Active && m.account_id != person)
        .collect();
    managers.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    if managers.len() > MAX_TOLD {
        tracing::warn!(
            person = %person,
            managers = managers.len(),
            told = MAX_TOLD,
            "too many active managers to tell of an activation in one transaction"
        );
        managers.truncate(MAX_TOLD);
    }
    managers
}

/// The link to the person's user page in the portal.
pub(crate) fn user_link(portal_url: &str, org_id: &str, account_id: &str) -> String {
    format!(
        "{}/#/org/{org_id}/users/{account_id}",
        portal_url.trim_end_matches('/')
    )
}

/// One notice per manager, each in her language (or the organisation's),
/// the time in the organisation's time zone.
pub(crate) fn notices(
    ctx: &Context,
    org: &Organisation,
    managers: &[&Membership],
    person: &Membership,
    summary: &Summary,
    at: jiff::Timestamp,
) -> Vec<OutboxMessage> {
    let link = user_link(&ctx.settings.portal_url, &org.id, &person.account_id);
    managers
        .iter()
        // Each manager may choose not to be told (seed 002's choices).
        .filter(|manager| {
            crate::domain::people::notifications::receives(
                &manager.notifications,
                &org.settings.notification_defaults,
                crate::domain::people::notifications::Notification::MemberActivated,
            )
        })
        .map(|manager| {
            let locale = manager.locale.unwrap_or(org.settings.locale);
            let content = emails::member_activated(
                locale,
                &org.name,
                &manager.first_name,
                summary,
                (at, &org.settings.time_zone),
                &link,
            );
            outbox::message(ctx, Some(&org.id), &manager.email, content)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::permission::Permission;
    use crate::operations::accounts::support::fixtures::membership;

    fn manager(id: &str, status: MembershipStatus) -> Membership {
        let mut m = membership(status);
        m.account_id = id.into();
        m.manager = true;
        m
    }

    #[test]
    fn the_active_managers_but_the_person_are_told() {
        let members = vec![
            manager("a", MembershipStatus::Active),
            manager("b", MembershipStatus::Disabled),
            manager("c", MembershipStatus::Invited),
            membership(MembershipStatus::Active),
            manager("p", MembershipStatus::Active),
        ];
        let told: Vec<&str> = managers_to_tell(&members, "p")
            .iter()
            .map(|m| m.account_id.as_str())
            .collect();
        assert_eq!(told, ["a"]);
    }

    #[test]
    fn an_organisation_with_very_many_managers_tells_at_most_max_told() {
        let members: Vec<Membership> = (0..MAX_TOLD + 5)
            .map(|i| manager(&format!("m{i:03}"), MembershipStatus::Active))
            .collect();
        assert_eq!(managers_to_tell(&members, "p").len(), MAX_TOLD);
    }

    #[test]
    fn the_summary_names_her_establishments_and_roles() {
        let mut person = membership(MembershipStatus::Active);
        person.grants = [
            ("e1".to_string(), [Permission::Leave].into()),
            ("e2".to_string(), Default::default()),
            ("gone".to_string(), [Permission::Expenses].into()),
        ]
        .into();
        let est = Establishment {
            org_id: person.org_id.clone(),
            id: "e1".into(),
            name: "Rosemont".into(),
            address: None,
            archived: false,
        };
        assert_eq!(establishment_keys(&person).len(), 2);
        let summary = summary(&person, "zoe@exemple.ca", &[est]);
        assert_eq!(
            summary.establishments,
            vec![
                ("Rosemont".to_string(), vec![Permission::Leave]),
                ("gone".to_string(), vec![Permission::Expenses]),
            ]
        );
        assert_eq!(summary.email, "zoe@exemple.ca");
    }

    #[test]
    fn the_link_opens_her_user_page() {
        assert_eq!(
            user_link("https://portail.exemple.ca/", "o1", "u1"),
            "https://portail.exemple.ca/#/org/o1/users/u1"
        );
    }
}
