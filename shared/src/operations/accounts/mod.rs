//! The accounts context's operations.

pub mod errors;
pub(crate) mod support;

pub mod activation_info;
pub mod confirm_account;
pub mod confirm_authenticator;
pub mod confirm_registration;
pub mod confirm_sms;
pub mod me;
pub mod refresh_session;
pub mod register;
pub mod request_password_reset;
pub mod reset_password;
pub mod set_secret_question;
pub mod set_security_key;
pub mod sign_in;
pub mod sign_out;
pub mod sign_out_everywhere;
pub mod start_authenticator;
pub mod start_sms;
pub mod verify_address;
