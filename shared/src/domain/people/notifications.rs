//! Which emails a person receives (seed 002's notification choices): the
//! ones that only inform her. Security emails — activation, password reset,
//! a changed login email, second-factor changes, a changed bank account,
//! the security key — are not in this list and always go.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An email a person may choose not to receive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Notification {
    /// A manager is told when someone activates her account.
    MemberActivated,
    /// Her leave, expense, advance or timesheet was decided.
    RequestsDecided,
    /// A document was shared with her.
    DocumentsShared,
    /// Her replacements: assigned, cancelled, hours approved or changed.
    Replacements,
}

impl Notification {
    pub const ALL: [Notification; 4] = [
        Notification::MemberActivated,
        Notification::RequestsDecided,
        Notification::DocumentsShared,
        Notification::Replacements,
    ];
}

/// Choices made, each on (`true`) or off; what is absent follows the
/// organisation's default, and an absent default is on.
pub type Choices = BTreeMap<Notification, bool>;

/// Whether she receives `n`: her choice, else the organisation's default,
/// else yes.
pub fn receives(hers: &Choices, defaults: &Choices, n: Notification) -> bool {
    hers.get(&n)
        .or_else(|| defaults.get(&n))
        .copied()
        .unwrap_or(true)
}

/// `choices` with `changes` applied: `Some(on)` sets a choice, `None`
/// returns it to the default.
pub fn changed(choices: &Choices, changes: &BTreeMap<Notification, Option<bool>>) -> Choices {
    let mut next = choices.clone();
    for (n, on) in changes {
        match on {
            Some(on) => next.insert(*n, *on),
            None => next.remove(n),
        };
    }
    next
}

#[cfg(test)]
mod tests {
    use super::Notification::*;
    use super::*;

    #[test]
    fn her_choice_comes_before_the_default_and_an_unset_one_is_on() {
        let none = Choices::new();
        let off: Choices = [(RequestsDecided, false)].into();
        let on: Choices = [(RequestsDecided, true)].into();
        for n in Notification::ALL {
            assert!(receives(&none, &none, n), "{n:?} is on by default");
        }
        assert!(!receives(&none, &off, RequestsDecided));
        assert!(receives(&on, &off, RequestsDecided));
        assert!(!receives(&off, &on, RequestsDecided));
        assert!(receives(&off, &none, DocumentsShared), "only what is named");
    }

    #[test]
    fn a_change_sets_a_choice_or_returns_it_to_the_default() {
        let hers: Choices = [(Replacements, false), (DocumentsShared, true)].into();
        let next = changed(
            &hers,
            &[(Replacements, None), (MemberActivated, Some(false))].into(),
        );
        assert_eq!(
            next,
            [(DocumentsShared, true), (MemberActivated, false)].into()
        );
    }
}
