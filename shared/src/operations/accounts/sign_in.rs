//! Sign in (public): email and password against the directory; answers the
//! directory's tokens and records the last login. A wrong password and an
//! unknown email get the very same answer; past 5 wrong passwords in 15
//! minutes for one email, known or not, every attempt is a 429. A person
//! whose memberships are all disabled is refused (403 `account-disabled`),
//! said only to whoever gave the right password (DESIGN §5.9).
//!
//! With an authenticator app on, the right password alone answers 401
//! `mfa-required` (not counted); the form is sent again with the app's
//! `mfa_code`, or a `recovery_code`, and a wrong one counts as a wrong
//! password: the same limit guards both factors. The answer carries the
//! access token; the refresh token goes into the `HttpOnly` session cookie
//! (`support::session`), never into the body.
//!
//! With codes by SMS on, the right password alone texts a code and answers
//! 401 `mfa-sms-sent` (the last four digits of the phone, not counted); the
//! directory's challenge is kept (`SmsChallenge`, bound to the password's
//! hash, as short-lived as the challenge) so that the form sent again with
//! the texted `mfa_code` answers that challenge instead of texting another
//! code. A wrong texted code counts as a wrong password, as above.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::mfa;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::{
    Membership, MembershipStatus, disabled_everywhere, signs_in,
};
use crate::domain::validate::Email;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, SmsChallenge, from_item, to_item};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::plans;
use crate::operations::accounts::support::session::{self, Session};
use crate::operations::commit::Commit;
use crate::operations::reads::account_with_memberships;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Phased,
    Request, Table, attempts,
};
use crate::ports::Key;
use crate::ports::{Condition, DirectoryError, SessionTokens, SignedIn, Write};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("sign_in")
    .post("/sessions")
    .access(Access::Public)
    .table(Table::ReadsAndWrites)
    .directory(&[
        DirectoryCall::SignIn,
        DirectoryCall::AnswerChallenge,
        DirectoryCall::SetFactor,
        DirectoryCall::Enable,
        DirectoryCall::Disable,
        DirectoryCall::SignOutEverywhere,
    ])
    .summary("Sign in with email and password (and the authenticator app's code when it is on); returns the access token, the refresh token in an HttpOnly cookie")
    .takes(Body::of::<SignInInput>())
    .answers(200, Body::of::<Session>())
    .problems(&[401, 403, 429])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    pub email: Option<String>,
    pub password: Option<String>,
    /// The authenticator app's six-digit code, when it is on.
    pub mfa_code: Option<String>,
    /// Or one of the recovery codes (each works once).
    pub recovery_code: Option<String>,
}

/// The second factor a sign-in form carries.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Factor {
    None,
    Code(String),
    Recovery(String),
}

struct Phases;

impl Phased for Phases {
    type Input = SignInInput;

    fn plan(ctx: &Context, _request: &Request, input: &SignInInput) -> Vec<Key> {
        let mut keys = plans::tally_and_claim(
            ctx,
            crate::operations::attempts::SIGN_IN,
            input.email.as_deref(),
        );
        if !keys.is_empty()
            && let Some(email) = input.email.as_deref().and_then(|e| Email::parse(e).ok())
        {
            keys.push(keys::sms_challenge(email.as_str()));
        }
        keys
    }

    async fn run(ctx: &Context, _request: Request, input: Result<SignInInput, OpError>) -> Outcome {
        let input = input?;
        let mut errors = ValidationErrors::default();
        let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
        let password = input.password.unwrap_or_default();
        if password.is_empty() {
            errors.push("password", FieldCode::Required);
        }
        let factor = match (input.mfa_code.as_deref(), input.recovery_code.as_deref()) {
            (Some(code), _) if !code.trim().is_empty() => match mfa::totp_code(code) {
                Some(code) => Factor::Code(code),
                None => {
                    errors.push("mfa_code", FieldCode::InvalidValue);
                    Factor::None
                }
            },
            (_, Some(code)) if !code.trim().is_empty() => Factor::Recovery(code.to_string()),
            _ => Factor::None,
        };
        let email = errors
            .finish(email)?
            .ok_or(AccountsError::InvalidCredentials)?;

        // Wrong passwords are limited per email, known or not alike.
        let tally = attempts::tally(ctx, attempts::SIGN_IN, email.as_str()).await?;
        admit(tally.exhausted())?;
        // A texted code answers the challenge that texted it, when the
        // password is the one that opened it.
        let pending = match factor {
            Factor::Code(_) => texted_before(ctx, email.as_str(), &password).await?,
            _ => None,
        };
        let opened = match pending {
            Some(challenge) => Ok(Opened::Texted(challenge)),
            None => ctx
                .directory
                .sign_in(email.as_str(), &password)
                .await
                .map(Opened::Now),
        };
        let opened = match opened {
            Ok(opened) => opened,
            Err(DirectoryError::Disabled) => {
                return disabled_identity(ctx, email.as_str(), &password, tally.record()).await;
            }
            Err(error) => return refuse(ctx, refused(error), tally.record()).await,
        };
        let person = person(ctx, email.as_str()).await?;
        let (tokens, admitted) = match second_factor(
            ctx,
            email.as_str(),
            &password,
            opened,
            &factor,
            person.as_ref(),
        )
        .await
        {
            Ok(done) => done,
            Err(refusal) => return refuse(ctx, refusal, tally.record()).await,
        };

        if let Err(refusal) = signed_in(&statuses_of(&person)) {
            // The identity should have been disabled with her last membership
            // (or was, before the directory followed): close it now. She gave
            // the right password, so saying why reveals nothing to others.
            if let Err(error) = ctx.directory.sign_out_everywhere(email.as_str()).await {
                tracing::warn!(%error, "global sign-out failed");
            }
            if let Err(error) = ctx.directory.set_enabled(email.as_str(), false).await {
                tracing::warn!(%error, "could not disable the identity");
            }
            return Err(refusal.into());
        }

        // Record the last login (best effort: the sign-in stands; a
        // recovery code was spent before the session was opened), closing
        // the SMS challenge a texted code answered in the same write.
        let closing = (admitted == Admitted::Texted).then(|| Write::Delete {
            key: keys::sms_challenge(email.as_str()),
            condition: None,
        });
        if admitted != Admitted::Recovered
            && let Some(person) = &person
            && let Err(error) = record_login(ctx, person, None, closing).await
        {
            tracing::warn!(%error, "could not record the last login");
        }
        tracing::info!(email = %email.redacted(), "signed in");
        session::answer(200, &tokens)
    }
}

/// A person on file: her account (with its second factor) and memberships.
struct Person {
    account_id: String,
    account: Option<Account>,
    memberships: Vec<Membership>,
}

/// The account of an email and its memberships, when it has one (the
/// claim read ahead, then one Query for the account and its memberships).
async fn person(ctx: &Context, email: &str) -> Result<Option<Person>, OpError> {
    let Some(item) = ctx.store.get(&keys::email_claim(email)).await? else {
        return Ok(None);
    };
    let claim: EmailClaim = from_item(item)?;
    let (account, memberships) = account_with_memberships(ctx, &claim.account_id).await?;
    Ok(Some(Person {
        account_id: claim.account_id,
        account,
        memberships,
    }))
}

fn statuses_of(person: &Option<Person>) -> Vec<MembershipStatus> {
    person
        .iter()
        .flat_map(|p| p.memberships.iter().map(|m| m.status))
        .collect()
}

/// How a sign-in was admitted: what its last login's write has to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Admitted {
    /// The password (and the app's code) alone.
    Plain,
    /// A recovery code, spent with the last login already.
    Recovered,
    /// A texted code: its kept challenge is closed with the last login.
    Texted,
}

/// What the password opened: the directory's answer now, or the SMS
/// challenge an earlier sign-in opened (its code typed since).
enum Opened {
    Now(SignedIn),
    Texted(SmsChallenge),
}

/// The SMS challenge kept for this email, when it is still open and was
/// opened by this password.
async fn texted_before(
    ctx: &Context,
    email: &str,
    password: &str,
) -> Result<Option<SmsChallenge>, OpError> {
    let Some(item) = ctx.store.get(&keys::sms_challenge(email)).await? else {
        return Ok(None);
    };
    let challenge: SmsChallenge = from_item(item)?;
    let open = challenge.expires_at > ctx.clock.now() && mfa::proves(password, &challenge.proof);
    Ok(open.then_some(challenge))
}

/// How long a texted code's challenge stays open (Cognito's default
/// authentication session: 3 minutes).
const SMS_CHALLENGE_MINUTES: i64 = 3;

/// Keeps the challenge of a code just texted (replacing any earlier one)
/// and answers that the code was sent (not an attempt: the password was
/// right).
async fn texted(
    ctx: &Context,
    email: &str,
    password: &str,
    session: String,
    destination: String,
) -> Refused {
    match keep_challenge(ctx, email, password, session, &destination).await {
        Ok(()) => {
            let digits: Vec<char> = mfa::last_four(&destination).chars().collect();
            let mut four = ['•'; 4];
            for (slot, digit) in four.iter_mut().rev().zip(digits.iter().rev()) {
                *slot = *digit;
            }
            Refused {
                error: AccountsError::MfaSmsSent(four).into(),
                counted: false,
            }
        }
        Err(error) => Refused {
            error,
            counted: false,
        },
    }
}

async fn keep_challenge(
    ctx: &Context,
    email: &str,
    password: &str,
    session: String,
    destination: &str,
) -> Result<(), OpError> {
    let proof = mfa::password_proof(password, ctx.random.bytes::<16>())
        .ok_or_else(|| OpError::Internal("password proof failed".into()))?;
    let expires_at = ctx
        .clock
        .now()
        .checked_add(jiff::SignedDuration::from_mins(SMS_CHALLENGE_MINUTES))
        .map_err(|e| OpError::Internal(e.to_string()))?;
    let challenge = SmsChallenge {
        email: email.to_string(),
        session,
        destination: destination.to_string(),
        proof,
        expires_at,
        ttl: expires_at.as_second(),
    };
    let mut commit = Commit::new();
    commit.push(Write::Put {
        item: to_item(&challenge),
        condition: None,
    });
    commit.run(ctx).await
}

/// The session a right password opens, once the second factor (when one
/// is on) is given: the app's code or the texted one, answered to the
/// directory's challenge, or a recovery code, checked here against its
/// hash and spent (one conditional write) before the directory is asked
/// for a session without the code (the factor switched off for that one
/// sign-in, then on again). Answers the tokens and how she was admitted.
async fn second_factor(
    ctx: &Context,
    email: &str,
    password: &str,
    opened: Opened,
    factor: &Factor,
    person: Option<&Person>,
) -> Result<(SessionTokens, Admitted), Refused> {
    let (method, session) = match opened {
        Opened::Now(SignedIn::Tokens(tokens)) => return Ok((tokens, Admitted::Plain)),
        Opened::Now(SignedIn::TotpRequired { session }) => (mfa::Method::Totp, session),
        Opened::Now(SignedIn::SmsRequired {
            session,
            destination,
        }) => {
            // A code was just texted: whatever code the form carries is
            // not that one (or its challenge has closed).
            if !matches!(factor, Factor::Recovery(_)) {
                return Err(texted(ctx, email, password, session, destination).await);
            }
            (mfa::Method::Sms, session)
        }
        Opened::Texted(challenge) => {
            let Factor::Code(code) = factor else {
                return Err(refused(DirectoryError::InvalidCredentials));
            };
            return match ctx
                .directory
                .answer_sms(email, &challenge.session, code)
                .await
            {
                // The challenge is closed with the last login's write.
                Ok(tokens) => Ok((tokens, Admitted::Texted)),
                // The directory closed the challenge: a new code is texted.
                Err(DirectoryError::InvalidCredentials) => {
                    match ctx.directory.sign_in(email, password).await {
                        Ok(SignedIn::SmsRequired {
                            session,
                            destination,
                        }) => Err(texted(ctx, email, password, session, destination).await),
                        Ok(SignedIn::Tokens(tokens)) => Ok((tokens, Admitted::Plain)),
                        Ok(SignedIn::TotpRequired { .. }) => Err(Refused {
                            error: AccountsError::MfaRequired.into(),
                            counted: false,
                        }),
                        Err(error) => Err(refused(error)),
                    }
                }
                Err(error) => Err(refused(error)),
            };
        }
    };
    match factor {
        // The password was right: asking for the code is not an attempt.
        Factor::None => Err(Refused {
            error: AccountsError::MfaRequired.into(),
            counted: false,
        }),
        Factor::Code(code) => ctx
            .directory
            .answer_totp(email, &session, code)
            .await
            .map(|tokens| (tokens, Admitted::Plain))
            .map_err(refused),
        Factor::Recovery(code) => {
            let wrong = || Refused {
                error: AccountsError::MfaCodeInvalid.into(),
                counted: true,
            };
            let person = person.ok_or_else(wrong)?;
            let account = person.account.as_ref().ok_or_else(wrong)?;
            let index = mfa::find(code, &account.mfa.recovery).ok_or_else(wrong)?;
            // Spent first, on condition no other sign-in spent it meanwhile.
            record_login(ctx, person, Some((account, index)), None)
                .await
                .map_err(|error| match error {
                    OpError::VersionConflict => wrong(),
                    other => Refused {
                        error: other,
                        counted: false,
                    },
                })?;
            let unavailable = |error: DirectoryError| Refused {
                error: error.into(),
                counted: false,
            };
            ctx.directory
                .set_factor(email, method, false)
                .await
                .map_err(unavailable)?;
            let opened = ctx.directory.sign_in(email, password).await;
            if let Err(error) = ctx.directory.set_factor(email, method, true).await {
                tracing::error!(%error, "could not switch the second factor on again");
            }
            match opened {
                Ok(SignedIn::Tokens(tokens)) => Ok((tokens, Admitted::Recovered)),
                Ok(SignedIn::TotpRequired { .. } | SignedIn::SmsRequired { .. }) => {
                    Err(unavailable(DirectoryError::Unavailable(
                        "the second factor stayed on".into(),
                    )))
                }
                Err(error) => Err(refused(error)),
            }
        }
    }
}

/// The directory refused a disabled identity, before checking the
/// password (Cognito does). When every membership of the person is
/// disabled, the password is checked with the identity enabled for this one
/// attempt, then it is disabled again and any session it opened is ended:
/// only whoever gave the right password learns that the account is
/// disabled; anyone else gets the usual answer, counted as a wrong password.
/// When a membership is active, the identity should not be disabled (the
/// directory missed an enable): it is enabled and the sign-in tried again.
async fn disabled_identity(ctx: &Context, email: &str, password: &str, wrong: Write) -> Outcome {
    let person = person(ctx, email).await?;
    let route = disabled_route(&statuses_of(&person));
    if route == Route::Mend {
        ctx.directory.set_enabled(email, true).await?;
        return match ctx.directory.sign_in(email, password).await {
            Ok(SignedIn::Tokens(tokens)) => {
                if let Some(person) = &person
                    && let Err(error) = record_login(ctx, person, None, None).await
                {
                    tracing::warn!(%error, "could not record the last login");
                }
                session::answer(200, &tokens)
            }
            // The identity mended, the second factor is asked as usual
            // (the form is sent again with it).
            Ok(SignedIn::TotpRequired { .. }) => Err(AccountsError::MfaRequired.into()),
            Ok(SignedIn::SmsRequired {
                session,
                destination,
            }) => Err(texted(ctx, email, password, session, destination)
                .await
                .error),
            // Any refusal here counts as a wrong password.
            Err(error) => {
                let error = Refused {
                    error: error.into(),
                    counted: true,
                };
                refuse(ctx, error, wrong).await
            }
        };
    }
    if route == Route::Wait {
        // E.g. a registration not yet confirmed: the identity waits.
        let error = Refused {
            error: AccountsError::InvalidCredentials.into(),
            counted: true,
        };
        return refuse(ctx, error, wrong).await;
    }
    ctx.directory.set_enabled(email, true).await?;
    let attempt = ctx.directory.sign_in(email, password).await;
    let closed = ctx.directory.set_enabled(email, false).await;
    if let Err(error) = ctx.directory.sign_out_everywhere(email).await {
        tracing::warn!(%error, "global sign-out failed");
    }
    // Should a manager enable a membership meanwhile and this disable land
    // after hers, the identity is mended at the person's next sign-in (an
    // active membership and a disabled identity: enabled, tried again), so
    // no read again here (the call budget: two reads).
    closed?;
    refuse(ctx, probed(attempt.map(|_| ())), wrong).await
}

/// The attempt counter's rule before the directory is asked: past the
/// limit, every attempt is refused, the right password's too.
fn admit(exhausted: bool) -> Result<(), AccountsError> {
    if exhausted {
        Err(AccountsError::TooManyAttempts)
    } else {
        Ok(())
    }
}

/// A refused sign-in, and whether it counts as a wrong password.
#[derive(Debug)]
struct Refused {
    error: OpError,
    counted: bool,
}

/// The attempt counter's rule after the directory refused: a wrong password
/// (or a disabled identity, which Cognito refuses before the password) or
/// a wrong authenticator code counts; a directory that is unavailable does
/// not.
fn refused(error: DirectoryError) -> Refused {
    let counted = matches!(
        error,
        DirectoryError::InvalidCredentials | DirectoryError::Disabled | DirectoryError::WrongCode
    );
    Refused {
        error: error.into(),
        counted,
    }
}

/// The answer to the password checked on an identity disabled everywhere:
/// the right one learns the account is disabled (not counted); a wrong one
/// gets the usual answer, counted.
fn probed(attempt: Result<(), DirectoryError>) -> Refused {
    match attempt {
        Ok(()) => Refused {
            error: AccountsError::AccountDisabled.into(),
            counted: false,
        },
        Err(error) => refused(error),
    }
}

/// Whoever gave the right password is refused when every membership of
/// hers is disabled.
fn signed_in(statuses: &[MembershipStatus]) -> Result<(), AccountsError> {
    if disabled_everywhere(statuses.iter().copied()) {
        Err(AccountsError::AccountDisabled)
    } else {
        Ok(())
    }
}

/// What is done with an identity the directory says is disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// A membership is active: the identity is enabled and tried again.
    Mend,
    /// Nothing active nor disabled everywhere (a registration not yet
    /// confirmed, no membership): the usual answer, counted.
    Wait,
    /// Disabled everywhere: the password is checked for this one attempt.
    Probe,
}

fn disabled_route(statuses: &[MembershipStatus]) -> Route {
    if signs_in(statuses.iter().copied()) {
        Route::Mend
    } else if disabled_everywhere(statuses.iter().copied()) {
        Route::Probe
    } else {
        Route::Wait
    }
}

/// Answers a refusal, counting it as a wrong password (alone in its
/// transaction) when it is one.
async fn refuse(ctx: &Context, refused: Refused, wrong: Write) -> Outcome {
    if refused.counted {
        let mut commit = Commit::new();
        commit.push(wrong);
        commit.run(ctx).await?;
    }
    Err(refused.error)
}

/// Sets `last_login_at` on the account and on each of its memberships, in
/// one transaction; with a recovery code spent (the account's second
/// factor and the code's index), the account's codes lose it, on condition
/// the account is still the version read (a code spent twice at once: one
/// of them fails with a version conflict). `closing`: one more write of
/// the same transaction (the answered SMS challenge's removal).
async fn record_login(
    ctx: &Context,
    person: &Person,
    spend: Option<(&Account, usize)>,
    closing: Option<Write>,
) -> Result<(), OpError> {
    let mut set = serde_json::Map::new();
    set.insert(
        "last_login_at".into(),
        serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
    );
    let memberships = &person.memberships;
    let mut commit = Commit::new();
    let mut account_set = set.clone();
    let mut condition = Condition::Exists;
    if let Some((account, index)) = spend {
        let mut left = account.mfa.clone();
        left.recovery.remove(index);
        account_set.insert(
            "mfa".into(),
            serde_json::to_value(&left).map_err(|e| OpError::Internal(e.to_string()))?,
        );
        account_set.insert("version".into(), (account.version + 1).into());
        condition = Condition::VersionIs(account.version);
    }
    commit.push(Write::Update {
        key: keys::account(&person.account_id),
        set: account_set,
        condition: Some(condition),
    });
    // A transaction holds 100 items.
    let room = 99 - usize::from(closing.is_some());
    if let Some(write) = closing {
        commit.push(write);
    }
    for membership in memberships.iter().take(room) {
        commit.push(Write::Update {
            key: keys::membership(&membership.org_id, &membership.account_id),
            set: set.clone(),
            condition: Some(Condition::Exists),
        });
    }
    commit.run(ctx).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use MembershipStatus::*;

    fn refusal(refused: &Refused) -> Option<AccountsError> {
        refused.error.refusal::<AccountsError>().copied()
    }

    #[test]
    fn past_the_limit_every_attempt_is_refused_before_the_directory_is_asked() {
        assert_eq!(admit(true), Err(AccountsError::TooManyAttempts));
        assert_eq!(admit(false), Ok(()));
    }

    #[test]
    fn a_wrong_password_counts_as_an_attempt() {
        let wrong = refused(DirectoryError::InvalidCredentials);
        assert!(wrong.counted);
        assert_eq!(refusal(&wrong), Some(AccountsError::InvalidCredentials));
    }

    #[test]
    fn a_wrong_authenticator_code_counts_as_an_attempt() {
        let wrong = refused(DirectoryError::WrongCode);
        assert!(wrong.counted);
        assert_eq!(refusal(&wrong), Some(AccountsError::MfaCodeInvalid));
    }

    #[test]
    fn an_unavailable_directory_is_not_counted_against_the_person() {
        let down = refused(DirectoryError::Unavailable("throttled".into()));
        assert!(!down.counted);
        assert!(matches!(down.error, OpError::Unavailable(_)), "{down:?}");
    }

    #[test]
    fn the_right_password_on_an_account_disabled_everywhere_is_told_so_and_not_counted() {
        let right = probed(Ok(()));
        assert!(!right.counted);
        assert_eq!(refusal(&right), Some(AccountsError::AccountDisabled));
    }

    #[test]
    fn a_wrong_password_on_an_account_disabled_everywhere_gets_the_usual_answer_counted() {
        let wrong = probed(Err(DirectoryError::InvalidCredentials));
        assert!(wrong.counted);
        assert_eq!(refusal(&wrong), Some(AccountsError::InvalidCredentials));
    }

    #[test]
    fn a_disabled_identity_with_an_active_membership_is_mended_and_tried_again() {
        assert_eq!(disabled_route(&[Disabled, Active]), Route::Mend);
    }

    #[test]
    fn a_disabled_identity_disabled_everywhere_has_its_password_checked() {
        assert_eq!(disabled_route(&[Disabled, Deleted]), Route::Probe);
    }

    #[test]
    fn a_disabled_identity_waiting_for_its_registration_gets_the_usual_answer() {
        assert_eq!(disabled_route(&[Invited]), Route::Wait);
        assert_eq!(disabled_route(&[]), Route::Wait);
    }

    #[test]
    fn a_person_signed_in_but_disabled_everywhere_is_refused() {
        assert_eq!(signed_in(&[Disabled]), Err(AccountsError::AccountDisabled));
        assert_eq!(signed_in(&[Disabled, Active]), Ok(()));
        // No account on file: the directory's word stands.
        assert_eq!(signed_in(&[]), Ok(()));
    }
}
