//! The people context's operations.

pub mod errors;
pub(crate) mod support;

pub mod appoint_manager;
pub mod approve_access_request;
pub mod cancel_invitation;
pub mod change_email;
pub mod create_user;
pub mod delete_user;
pub mod disable_user;
pub mod enable_user;
pub mod get_notifications;
pub mod get_user;
pub mod list_access_requests;
pub mod list_company_users;
pub mod list_managers;
pub mod list_users;
pub mod refuse_access_request;
pub mod remove_manager;
pub mod request_access;
pub mod resend_pending;
pub mod reset_mfa;
pub mod restore_manager;
pub mod send_activation;
pub mod set_authentication;
pub mod set_grants;
pub mod set_notifications;
pub mod sign_out_user;
pub mod update_user;
