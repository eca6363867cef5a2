//! The audit log's one way in: every change writes its event in the
//! change's own transaction, built here.
//!
//! ```ignore
//! let event = Audit::new(ctx, org_id, actor, "user.disabled")
//!     .of(&membership)
//!     .change("status", "active", "disabled")
//!     .write();
//! ```

use crate::domain::people::membership::Membership;
use crate::layout::records::{AuditEvent, create};
use crate::operations::Context;
use crate::ports::Write;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// An audit event being built.
#[must_use = "an audit event is only kept once written"]
pub struct Audit {
    event: AuditEvent,
}

impl Audit {
    /// An event of `action` by `actor` (an account id, `system` or
    /// `anonymous`) in the organisation, now.
    pub fn new(ctx: &Context, org_id: &str, actor: &str, action: &str) -> Audit {
        Audit::at(ctx.new_id(), ctx.clock.now(), org_id, actor, action)
    }

    /// The same with the id and time given (pure decisions, tests).
    pub fn at(id: String, at: jiff::Timestamp, org_id: &str, actor: &str, action: &str) -> Audit {
        Audit {
            event: AuditEvent {
                id,
                org_id: org_id.to_string(),
                at,
                actor: actor.to_string(),
                action: action.to_string(),
                target: None,
                establishment: None,
                changes: Value::Object(Map::new()),
            },
        }
    }

    /// The person the change is about, and her main establishment.
    pub fn of(self, membership: &Membership) -> Audit {
        self.target(&membership.account_id)
            .establishment(membership.main_establishment.as_deref())
    }

    /// What the change is about (an account, a request, an establishment…).
    pub fn target(mut self, id: &str) -> Audit {
        self.event.target = Some(id.to_string());
        self
    }

    pub fn establishment(mut self, id: Option<&str>) -> Audit {
        self.event.establishment = id.map(str::to_string);
        self
    }

    /// A changed field: `{"field": {"before": …, "after": …}}`.
    pub fn change(self, field: &str, before: impl Serialize, after: impl Serialize) -> Audit {
        self.field(field, json!({"before": before, "after": after}))
    }

    /// A field set by the change (nothing before).
    pub fn set(self, field: &str, after: impl Serialize) -> Audit {
        self.field(field, json!({ "after": after }))
    }

    /// Changes given whole (an object of fields; anything else is kept
    /// under `details`). Never secrets.
    pub fn changes(mut self, changes: Value) -> Audit {
        match changes {
            Value::Object(fields) => {
                for (field, value) in fields {
                    self = self.field(&field, value);
                }
                self
            }
            Value::Null => self,
            other => self.field("details", other),
        }
    }

    fn field(mut self, field: &str, value: Value) -> Audit {
        if let Value::Object(fields) = &mut self.event.changes {
            fields.insert(field.to_string(), value);
        }
        self
    }

    /// The event, as written.
    pub fn event(&self) -> &AuditEvent {
        &self.event
    }

    /// The write that records it (in the change's transaction).
    pub fn write(self) -> Write {
        create(&self.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> jiff::Timestamp {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn an_event_names_who_did_what_to_whom_and_each_change() {
        let audit = Audit::at("e1".into(), at(), "org", "actor", "user.disabled")
            .target("acc")
            .establishment(Some("est"))
            .change("status", "active", "disabled")
            .set("note", "vacances");
        let event = audit.event();
        assert_eq!(event.action, "user.disabled");
        assert_eq!(event.target.as_deref(), Some("acc"));
        assert_eq!(event.establishment.as_deref(), Some("est"));
        assert_eq!(
            event.changes,
            json!({
                "status": {"before": "active", "after": "disabled"},
                "note": {"after": "vacances"},
            })
        );
    }

    #[test]
    fn changes_given_whole_merge_with_fields_and_keep_a_non_object_as_details() {
        let audit = Audit::at("e1".into(), at(), "org", "actor", "x")
            .changes(json!({"a": {"after": 1}}))
            .changes(json!("free text"))
            .changes(Value::Null);
        assert_eq!(
            audit.event().changes,
            json!({"a": {"after": 1}, "details": "free text"})
        );
    }
}
