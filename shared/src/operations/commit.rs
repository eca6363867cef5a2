//! The commit phase: the writes of one change in one transaction, each
//! carrying the error its failed condition stands for, so an operation
//! never recognises a refusal by a write's position.
//!
//! ```ignore
//! let mut commit = Commit::new();
//! commit.push_or(create(&claim), PeopleError::EmailTaken);
//! commit.push(replace(&membership, version)); // failed: changed meanwhile (409)
//! commit.run(ctx).await?;
//! ```

use crate::operations::{Context, OpError};
use crate::ports::{StoreError, Write};

/// The writes of a change, with what each failed condition means.
#[derive(Debug, Default)]
#[must_use = "nothing is written until the commit runs"]
pub struct Commit {
    writes: Vec<Write>,
    meanings: Vec<Option<OpError>>,
}

impl Commit {
    pub fn new() -> Commit {
        Commit::default()
    }

    /// A write whose failed condition means the item changed meanwhile
    /// (409 `version-conflict`: reload and try again).
    pub fn push(&mut self, write: Write) -> &mut Commit {
        self.writes.push(write);
        self.meanings.push(None);
        self
    }

    /// A write whose failed condition means `error`.
    pub fn push_or(&mut self, write: Write, error: impl Into<OpError>) -> &mut Commit {
        self.writes.push(write);
        self.meanings.push(Some(error.into()));
        self
    }

    pub fn extend(&mut self, writes: impl IntoIterator<Item = Write>) -> &mut Commit {
        for write in writes {
            self.push(write);
        }
        self
    }

    pub fn writes(&self) -> &[Write] {
        &self.writes
    }

    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// The error a failure of the store stands for.
    pub fn meaning(mut self, error: StoreError) -> OpError {
        match error {
            StoreError::ConditionFailed { index } => self
                .meanings
                .get_mut(index)
                .and_then(Option::take)
                .unwrap_or(OpError::VersionConflict),
            other => other.into(),
        }
    }

    /// Writes everything or nothing.
    pub async fn run(self, ctx: &Context) -> Result<(), OpError> {
        if self.writes.is_empty() {
            return Ok(());
        }
        let mut this = self;
        let writes = std::mem::take(&mut this.writes);
        match ctx.store.transact(writes).await {
            Ok(()) => Ok(()),
            Err(error) => Err(this.meaning(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::{Condition, Key};

    fn check(n: &str) -> Write {
        Write::Check {
            key: Key::new("P", n),
            condition: Condition::Exists,
        }
    }

    #[test]
    fn a_failed_condition_answers_the_error_its_write_carries() {
        let mut commit = Commit::new();
        commit
            .push(check("a"))
            .push_or(check("b"), OpError::NotFound)
            .push(check("c"));
        let error = commit.meaning(StoreError::ConditionFailed { index: 1 });
        assert!(matches!(error, OpError::NotFound), "{error:?}");
    }

    #[test]
    fn a_failed_condition_without_meaning_is_a_version_conflict() {
        let mut commit = Commit::new();
        commit
            .push(check("a"))
            .push_or(check("b"), OpError::NotFound);
        let error = commit.meaning(StoreError::ConditionFailed { index: 0 });
        assert!(matches!(error, OpError::VersionConflict), "{error:?}");
    }

    #[test]
    fn other_store_failures_keep_their_meaning() {
        let mut commit = Commit::new();
        commit.push_or(check("a"), OpError::NotFound);
        let error = commit.meaning(StoreError::Unavailable("throttled".into()));
        assert!(matches!(error, OpError::Unavailable(_)), "{error:?}");
    }
}
