//! Accounts: sign-up, sign-in, passwords, the emailed links and session tokens.

mod bruteforce;
mod links;
mod mfa;
mod mfa_required;
mod rules;
mod sessions;
mod sign_up_and_reset;
mod sms;
mod tokens;
mod told;
mod two_emails;
