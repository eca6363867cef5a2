//! Request and response bodies several accounts operations share.

use crate::domain::accounts::secrets::{self, SecretKey};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::validate::{self, SHORT_TEXT_MAX};
use crate::operations::{Context, OpError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivationInput {
    /// The token from the link (`#token=…`).
    pub token: Option<String>,
    pub password: Option<String>,
    /// When given, must equal `password`.
    pub password_confirmation: Option<String>,
    /// Where the organisation requires security keys: its mail key…
    pub mail_key: Option<String>,
    /// …the key sent in a separate email…
    pub email_key: Option<String>,
    /// …and the answer to the person's secret question.
    pub secret_answer: Option<String>,
}

/// The one answer of the public requests that must not tell who exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub status: String,
    pub message: String,
}

impl Accepted {
    pub fn check_email(locale: crate::domain::locale::Locale) -> Accepted {
        Accepted {
            status: "check_your_email".into(),
            message: locale
                .pick(
                    "Si cette adresse nous est connue, un courriel vient d'y être envoyé : suivez ses instructions.",
                    "If this address is known to us, an email was just sent to it: follow its instructions.",
                )
                .into(),
        }
    }
}

/// A question and its answer (the answer is never stored as given).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyInput {
    pub question: Option<String>,
    pub answer: Option<String>,
}

impl KeyInput {
    /// The key that replaces `current` (seed 003: change the question
    /// and/or only the answer): what is given is validated, what is left
    /// out is kept; at least one of the two, and both for a first key.
    pub(crate) fn secret_over(
        &self,
        ctx: &Context,
        current: Option<&SecretKey>,
    ) -> Result<SecretKey, OpError> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        let Some(current) = current else {
            return self.secret(ctx);
        };
        match (given(&self.question), given(&self.answer)) {
            (true, true) => self.secret(ctx),
            (false, false) => {
                let mut errors = ValidationErrors::default();
                errors.push("question", FieldCode::Required);
                errors.push("answer", FieldCode::Required);
                Err(errors.into())
            }
            // The question alone: the answer's hash is kept.
            (true, false) => {
                let mut errors = ValidationErrors::default();
                let question = errors.take(
                    "question",
                    validate::required_text(self.question.as_deref(), 200),
                );
                errors.finish(())?;
                Ok(SecretKey {
                    question: question.unwrap_or_else(|| current.question.clone()),
                    answer_hash: current.answer_hash.clone(),
                })
            }
            // The answer alone: the question is kept.
            (false, true) => KeyInput {
                question: Some(current.question.clone()),
                answer: self.answer.clone(),
            }
            .secret(ctx),
        }
    }

    /// The validated question and the hashed answer.
    pub(crate) fn secret(&self, ctx: &Context) -> Result<SecretKey, OpError> {
        let mut errors = ValidationErrors::default();
        let question = errors.take(
            "question",
            validate::required_text(self.question.as_deref(), 200),
        );
        let answer = errors.take(
            "answer",
            validate::required_text(self.answer.as_deref(), SHORT_TEXT_MAX),
        );
        if answer
            .as_ref()
            .is_some_and(|a| secrets::normalise(a).chars().count() < 3)
        {
            errors.push("answer", FieldCode::InvalidValue);
        }
        errors.finish(())?;
        let (Some(question), Some(answer)) = (question, answer) else {
            return Err(OpError::Internal("validated fields missing".into()));
        };
        Ok(SecretKey {
            question,
            answer_hash: secrets::hash(&answer, ctx.random.bytes::<16>())
                .ok_or_else(|| OpError::Internal("hashing failed".into()))?,
        })
    }
}
