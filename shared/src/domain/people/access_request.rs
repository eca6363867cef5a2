//! Account-creation requests (seed 004's "Demandes de création de compte").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What is asked: the seed's "Type de demande".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    /// "Ouverture": an account in the organisation, for someone not yet in it.
    #[default]
    Opening,
    /// "Ajout d'un établissement": someone already in the organisation asks
    /// for one more establishment. Approving it adds the establishment to
    /// her access; no new record, no new invitation.
    Establishment,
}

impl RequestType {
    /// What the request becomes once the organisation's members are known:
    /// asking for one more establishment means nothing for someone who has
    /// no record yet (it is an opening), and an opening for someone already
    /// in the organisation is not stored at all (`None`: she signs in, or
    /// resets her password).
    pub fn settled(self, already_member: bool) -> Option<RequestType> {
        match (self, already_member) {
            (RequestType::Opening, true) => None,
            (_, false) => Some(RequestType::Opening),
            (RequestType::Establishment, true) => Some(RequestType::Establishment),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RequestType::*;

    #[test]
    fn a_request_is_settled_by_whether_she_is_already_in_the_organisation() {
        assert_eq!(Opening.settled(false), Some(Opening));
        assert_eq!(Opening.settled(true), None);
        assert_eq!(Establishment.settled(false), Some(Opening));
        assert_eq!(Establishment.settled(true), Some(Establishment));
    }
}
