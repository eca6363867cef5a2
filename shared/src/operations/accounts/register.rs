//! "Créer un compte" (seeds 000 and 001, DESIGN §5.6): public sign-up with
//! last name, first name, email, password, confirmation and the terms. The
//! names on the person's file win over the names typed (the organisation
//! entered them; the confirmation email names them, and says so when they
//! differ). The answer is the same, byte for
//! byte, whoever is on file; what differs is the email that goes out:
//! a confirmation link (a pending record has this email), "you already
//! have an account", or "contact your organisation".

use crate::domain::accounts::account::Account;
use crate::domain::accounts::emails;
use crate::domain::accounts::invitation::{REGISTRATION_VALIDITY_HOURS, TokenPurpose};
use crate::domain::accounts::password;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::Membership;
use crate::domain::validate::Email;
use crate::layout::keys;
use crate::layout::records::create;
use crate::layout::records::{EmailClaim, from_item};
use crate::operations::accounts::support::bodies::Accepted;
use crate::operations::accounts::support::pending::pending;
use crate::operations::accounts::support::plans;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::reads::account_with_memberships;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output, Phased,
    Request, attempts, outbox, tokens,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("register")
    .post("/registrations")
    .access(Access::Public)
    .directory(&[DirectoryCall::EnsureIdentity, DirectoryCall::SetPassword, DirectoryCall::Disable])
    .summary("Create an account («Créer un compte»): the same answer whoever is on file; a confirmation link goes by email")
    .takes(Body::of::<RegistrationInput>())
    .answers(202, Body::of::<Accepted>())
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    /// Must be the email on the person's file.
    pub email: Option<String>,
    pub password: Option<String>,
    pub password_confirmation: Option<String>,
    /// The terms of use, accepted.
    #[serde(default)]
    pub accept_terms: bool,
}

struct Phases;

impl Phased for Phases {
    type Input = RegistrationInput;

    fn plan(ctx: &Context, _request: &Request, input: &RegistrationInput) -> Vec<Key> {
        plans::tally_and_claim(
            ctx,
            crate::operations::attempts::REGISTER,
            input.email.as_deref(),
        )
    }

    async fn run(
        ctx: &Context,
        request: Request,
        input: Result<RegistrationInput, OpError>,
    ) -> Outcome {
        let (email, password, typed) = validate(input?)?;
        let locale = request.locale;
        // At most 3 emails an hour per address; past it, the same answer and
        // no email (whoever is on file).
        let tally = attempts::tally(ctx, attempts::REGISTER, email.as_str()).await?;
        if tally.exhausted() {
            return Output::json(202, &Accepted::check_email(locale));
        }

        // The account and its memberships in one Query (the claim was read
        // ahead with the tally).
        let (account, memberships) = match ctx.store.get(&keys::email_claim(email.as_str())).await?
        {
            None => (None, Vec::new()),
            Some(claim) => {
                let claim: EmailClaim = from_item(claim)?;
                account_with_memberships(ctx, &claim.account_id).await?
            }
        };

        let mut commit = Commit::new();
        commit.push(tally.record());
        let content = match decide(account, memberships) {
            Registration::Existing => {
                emails::registration_existing(locale, &ctx.settings.portal_url)
            }
            Registration::Confirm { account, pending } => {
                // The identity waits, disabled, until the link is followed.
                ctx.directory.ensure_identity(&account.email).await?;
                ctx.directory
                    .set_password(&account.email, &password)
                    .await?;
                ctx.directory.set_enabled(&account.email, false).await?;
                let (token, stored) = tokens::mint(
                    ctx,
                    TokenPurpose::Registration,
                    "",
                    &account.id,
                    jiff::SignedDuration::from_hours(REGISTRATION_VALIDITY_HOURS),
                );
                let link = format!("{}/register/confirm#token={token}", ctx.settings.portal_url);
                // The file's names: those of the first record waiting for her.
                let on_file = pending
                    .first()
                    .map(|m| (m.first_name.as_str(), m.last_name.as_str()))
                    .unwrap_or((typed.0.as_str(), typed.1.as_str()));
                let names = emails::Names {
                    on_file,
                    typed: (typed.0.as_str(), typed.1.as_str()),
                };
                let content = emails::registration(locale, &link, stored.token.expires_at, names);
                commit.push(create(&stored));
                for m in &pending {
                    commit.push(
                        Audit::new(ctx, &m.org_id, &m.account_id, "registration.requested")
                            .of(m)
                            .write(),
                    );
                }
                content
            }
            Registration::Unknown => emails::registration_unknown(locale),
        };
        let message = outbox::message(ctx, None, email.as_str(), content);
        commit.push(create(&message));
        commit.run(ctx).await?;
        Output::json(202, &Accepted::check_email(locale))
    }
}

/// The form's email, password and names (first, last), or every refused
/// field.
fn validate(input: RegistrationInput) -> Result<(Email, String, (String, String)), OpError> {
    let mut errors = ValidationErrors::default();
    let last = errors.take(
        "last_name",
        crate::domain::validate::person_name(input.last_name.as_deref(), 100),
    );
    let first = errors.take(
        "first_name",
        crate::domain::validate::person_name(input.first_name.as_deref(), 100),
    );
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let password = input.password.unwrap_or_default();
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    } else if !password::meets_policy(&password) {
        errors.push("password", FieldCode::WeakPassword);
    }
    if input.password_confirmation.as_deref() != Some(password.as_str()) {
        errors.push("password_confirmation", FieldCode::Mismatch);
    }
    if !input.accept_terms {
        errors.push("accept_terms", FieldCode::MustAccept);
    }
    let (email, first, last) = match errors.finish((email, first, last))? {
        (Some(email), Some(first), Some(last)) => (email, first, last),
        _ => return Err(OpError::Internal("validated fields missing".into())),
    };
    Ok((email, password, (first, last)))
}

/// Which email a registration sends, by who is on file (the answer is the
/// same whatever it is).
#[derive(Debug, PartialEq)]
enum Registration {
    /// The account signs in already: "you already have an account".
    Existing,
    /// Memberships wait for the person (`draft`, `invited`): a link that
    /// confirms the registration and activates them.
    Confirm {
        account: Account,
        pending: Vec<Membership>,
    },
    /// Nobody on file, or nothing waiting: "contact your organisation".
    Unknown,
}

fn decide(account: Option<Account>, memberships: Vec<Membership>) -> Registration {
    let Some(account) = account else {
        return Registration::Unknown;
    };
    if account.identity.is_some() {
        return Registration::Existing;
    }
    let pending = pending(memberships);
    if pending.is_empty() {
        Registration::Unknown
    } else {
        Registration::Confirm { account, pending }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::membership::MembershipStatus::*;
    use crate::operations::accounts::support::fixtures::{account, membership};

    fn form(password: &str, confirmation: &str, terms: bool) -> RegistrationInput {
        RegistrationInput {
            last_name: Some("Tremblay".into()),
            first_name: Some("Zoé".into()),
            email: Some("Zoe@Exemple.ca".into()),
            password: Some(password.into()),
            password_confirmation: Some(confirmation.into()),
            accept_terms: terms,
        }
    }

    fn refused_fields(input: RegistrationInput) -> Vec<(String, FieldCode)> {
        match validate(input) {
            Err(OpError::Validation(errors)) => {
                errors.0.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_complete_form_gives_the_normalised_email_the_password_and_the_names() {
        let (email, password, names) =
            validate(form("Bonjour-Zoe-2026", "Bonjour-Zoe-2026", true)).unwrap();
        assert_eq!(email.as_str(), "zoe@exemple.ca");
        assert_eq!(password, "Bonjour-Zoe-2026");
        assert_eq!(names, ("Zoé".to_string(), "Tremblay".to_string()));
    }

    #[test]
    fn the_last_and_first_names_are_required() {
        let mut unnamed = form("Bonjour-Zoe-2026", "Bonjour-Zoe-2026", true);
        unnamed.last_name = None;
        unnamed.first_name = Some("  ".into());
        assert_eq!(
            refused_fields(unnamed),
            vec![
                ("last_name".into(), FieldCode::Required),
                ("first_name".into(), FieldCode::Required),
            ]
        );
    }

    #[test]
    fn a_weak_password_an_unmatched_confirmation_and_unaccepted_terms_are_all_refused() {
        assert_eq!(
            refused_fields(form("court", "autre", false)),
            vec![
                ("password".into(), FieldCode::WeakPassword),
                ("password_confirmation".into(), FieldCode::Mismatch),
                ("accept_terms".into(), FieldCode::MustAccept),
            ]
        );
    }

    #[test]
    fn an_address_nobody_has_on_file_is_told_to_contact_its_organisation() {
        assert_eq!(decide(None, vec![]), Registration::Unknown);
    }

    #[test]
    fn an_account_that_signs_in_already_is_told_so_even_with_a_pending_membership() {
        assert_eq!(
            decide(Some(account(Some("sub"))), vec![membership(Invited)]),
            Registration::Existing
        );
    }

    #[test]
    fn only_draft_and_invited_memberships_are_confirmed_by_the_link() {
        let mut other = membership(Draft);
        other.org_id = "p".into();
        let decision = decide(
            Some(account(None)),
            vec![membership(Invited), membership(Disabled), other.clone()],
        );
        assert_eq!(
            decision,
            Registration::Confirm {
                account: account(None),
                pending: vec![membership(Invited), other],
            }
        );
    }

    #[test]
    fn an_account_with_nothing_waiting_is_told_to_contact_its_organisation() {
        assert_eq!(
            decide(
                Some(account(None)),
                vec![membership(Disabled), membership(Deleted)]
            ),
            Registration::Unknown
        );
    }
}
