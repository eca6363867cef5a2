//! What a decision on a request is — the request as it becomes, the notices
//! it sends, its audit event — and how it is committed. Each operation's
//! `decide` is pure (no store: the loaded records, the input, the time and
//! the ids in, a [`Decision`] out); `run` loads, decides, then commits here.

use crate::domain::people::membership::Membership;
use crate::domain::replacements::emails::Wording;
use crate::layout::records::{NoticeTo, Replacement, create, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load as load_org;
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::{Context, OpError, Outcome, Output};

/// Whom a notice goes to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum To {
    /// A member already loaded.
    Member(Box<Membership>),
    /// An account: the outbox sender looks up her membership in the
    /// request's organisation (none: no email), so the decision reads
    /// nothing more.
    Account(String),
}

/// An email the decision sends, in both languages (the outbox picks).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Notice {
    pub to: To,
    pub fr: Wording,
    pub en: Wording,
}

impl Notice {
    pub(crate) fn new(to: To, (fr, en): (Wording, Wording)) -> Notice {
        Notice { to, fr, en }
    }
}

/// A change of a request.
pub(crate) struct Decision {
    /// The version read: the write is conditioned on it (stale: 409).
    pub current_version: u64,
    pub next: Replacement,
    pub notices: Vec<Notice>,
    pub audit: Audit,
}

impl Decision {
    /// The change of `current` into `next`, audited, nobody told.
    pub(crate) fn new(current: &Replacement, next: Replacement, audit: Audit) -> Decision {
        Decision {
            current_version: current.version,
            next,
            notices: Vec::new(),
            audit,
        }
    }

    /// The same change, with these emails.
    pub(crate) fn told(mut self, notices: Vec<Notice>) -> Decision {
        self.notices = notices;
        self
    }
}

impl std::fmt::Debug for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decision")
            .field("current_version", &self.current_version)
            .field("next", &self.next)
            .field("notices", &self.notices)
            .field("audit", self.audit.event())
            .finish()
    }
}

impl Decision {
    /// Writes the request, the notices' messages and the audit event in one
    /// transaction, and answers the request's view.
    /// The decision `decide` makes at the request's instant with a new
    /// audit id, committed.
    pub(crate) async fn made(
        ctx: &Context,
        decide: impl FnOnce(jiff::Timestamp, String) -> Result<Decision, OpError>,
    ) -> Outcome {
        decide(ctx.clock.now(), ctx.new_id())?.commit(ctx).await
    }

    pub(crate) async fn commit(self, ctx: &Context) -> Outcome {
        use crate::domain::people::notifications::Notification;
        let org = load_org(ctx, &self.next.org_id).await?;
        let mut messages = Vec::new();
        let mut addressed = Vec::new();
        for notice in self.notices {
            match notice.to {
                To::Member(to) => messages.extend(crate::operations::outbox::notification(
                    ctx,
                    &org,
                    &to,
                    Notification::Replacements,
                    notice.fr,
                    notice.en,
                )),
                To::Account(account_id) => addressed.push(NoticeTo {
                    account_id,
                    fr: notice.fr,
                    en: notice.en,
                }),
            }
        }
        messages.extend(crate::operations::outbox::notices(
            ctx,
            &self.next.org_id,
            Notification::Replacements,
            addressed,
        ));
        let mut commit = Commit::new();
        commit.push(replace(&self.next, self.current_version));
        commit.extend(messages.iter().map(create));
        commit.push(self.audit.write());
        commit.run(ctx).await?;
        Output::json(200, &ReplacementView::new(&self.next))
    }
}

/// Records for the decisions' unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::domain::people::membership::{Membership, testing};
    use crate::domain::people::permission::{Grants, Permission};
    pub use crate::domain::replacements::replacement::RequestStatus;
    use crate::domain::replacements::replacement::{Schedule, TimesheetEntry};
    use crate::layout::records::Replacement;
    use crate::operations::replacements::support::replacements::{Work, new_request};

    pub const ORG: &str = "org";
    pub const EST: &str = "est";
    pub const CLIENT: &str = "client";
    pub const WORKER: &str = "worker";

    /// The refusal is a 409 naming the request's status.
    pub fn refused_at(
        status: RequestStatus,
        outcome: Result<impl std::fmt::Debug, crate::operations::OpError>,
    ) {
        let error = outcome.unwrap_err();
        assert_eq!(
            error.refusal::<crate::operations::replacements::ReplacementsError>(),
            Some(&crate::operations::replacements::ReplacementsError::WrongRequestStatus(status)),
            "{error:?}"
        );
    }

    pub fn now() -> jiff::Timestamp {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    pub fn day(d: &str) -> jiff::civil::Date {
        d.parse().unwrap()
    }

    /// 7–11 December 2026, 07:30–16:00, 30 minutes' break.
    pub fn schedule(from: &str, to: &str, start: &str, end: &str) -> Schedule {
        Schedule::parse(Some(from), Some(to), Some(start), Some(end), Some(30), &[]).unwrap()
    }

    pub fn entry(date: &str) -> TimesheetEntry {
        // 07:30–16:00, 30 min break: 480 payable, span 510.
        TimesheetEntry {
            date: day(date),
            start_minute: 450,
            end_minute: 960,
            break_minutes: 30,
            meal_taken: true,
        }
    }

    /// A request of the client at `EST`, version 3.
    pub fn replacement(id: &str, status: RequestStatus) -> Replacement {
        let work = Work {
            function: "Éducatrice".into(),
            age_group: "poupons".into(),
            task: "Groupe des Lutins".into(),
            qualified: true,
            notes: None,
        };
        let schedule = (status != RequestStatus::Draft)
            .then(|| schedule("2026-12-07", "2026-12-11", "07:30", "16:00"));
        let at = jiff::Timestamp::UNIX_EPOCH;
        Replacement {
            status,
            version: 3,
            ..new_request(id.into(), ORG, CLIENT, EST.into(), work, schedule, at)
        }
    }

    /// A request assigned to `WORKER`.
    pub fn assigned(id: &str, status: RequestStatus) -> Replacement {
        let mut r = replacement(id, status);
        r.worker_id = Some(WORKER.into());
        r.worker_first_name = Some("Léa".into());
        r
    }

    /// An active member holding `permissions` at `EST`.
    pub fn member(id: &str, permissions: &[Permission]) -> Membership {
        let mut grants = Grants::new();
        grants.insert(EST.into(), permissions.iter().copied().collect());
        Membership {
            first_name: "Léa".into(),
            email: format!("{id}@example.ca"),
            main_establishment: Some(EST.into()),
            grants,
            ..testing::membership(ORG, id)
        }
    }

    /// The one notice a decision sends.
    pub fn only_notice(decision: &super::Decision) -> &super::Notice {
        match &decision.notices[..] {
            [notice] => notice,
            other => panic!("one notice: {other:?}"),
        }
    }

    /// The fields a validation error refused.
    pub fn refused_fields(error: &crate::operations::OpError) -> Vec<String> {
        match error {
            crate::operations::OpError::Validation(v) => {
                v.0.iter().map(|e| e.field.clone()).collect()
            }
            other => panic!("not a validation error: {other:?}"),
        }
    }
}
