//! The adapter of a port a function was not built with: every call is
//! refused as a dependency failure (503), never silently served.

use crate::ports::{
    Cipher, CipherError, Directory, DirectoryError, FileError, FileStorage, MailError, Mailer,
    OutgoingEmail, Presign, PresignedUrl, Principal, Sealed, SessionTokens, SessionVerifier,
    SignedIn, StoredFile, VerifyError,
};
use crate::ports::{OutgoingText, Texter};
use async_trait::async_trait;
use std::time::Duration;

/// A port the operation was not built with: every call is refused as a
/// dependency failure (503), which the tests would catch at once.
pub struct NotWired;

const NOT_WIRED: &str = "port not wired into this function";

#[async_trait]
impl Mailer for NotWired {
    async fn send(&self, _email: &OutgoingEmail) -> Result<String, MailError> {
        Err(MailError::Unavailable(format!("mailer: {NOT_WIRED}")))
    }
}

#[async_trait]
impl Texter for NotWired {
    async fn text(&self, _sms: &OutgoingText) -> Result<String, MailError> {
        Err(MailError::Unavailable(format!("texter: {NOT_WIRED}")))
    }
}

#[async_trait]
impl Directory for NotWired {
    async fn ensure_identity(&self, _email: &str) -> Result<String, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn set_password(&self, _email: &str, _password: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn sign_in(&self, _email: &str, _password: &str) -> Result<SignedIn, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn answer_totp(
        &self,
        _email: &str,
        _session: &str,
        _code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn start_totp(&self, _access_token: &str) -> Result<String, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn confirm_totp(&self, _access_token: &str, _code: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn set_factor(
        &self,
        _email: &str,
        _method: crate::domain::accounts::mfa::Method,
        _enabled: bool,
    ) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn answer_sms(
        &self,
        _email: &str,
        _session: &str,
        _code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn start_sms(
        &self,
        _access_token: &str,
        _email: &str,
        _phone: &str,
    ) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn confirm_sms(&self, _access_token: &str, _code: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn refresh(&self, _refresh_token: &str) -> Result<SessionTokens, DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn revoke(&self, _refresh_token: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn set_enabled(&self, _email: &str, _enabled: bool) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn sign_out_everywhere(&self, _email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn delete_identity(&self, _email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
    async fn change_email(&self, _email: &str, _new_email: &str) -> Result<(), DirectoryError> {
        Err(DirectoryError::Unavailable(format!(
            "directory: {NOT_WIRED}"
        )))
    }
}

#[async_trait]
impl FileStorage for NotWired {
    async fn presign(
        &self,
        _request: Presign<'_>,
        _valid_for: Duration,
    ) -> Result<PresignedUrl, FileError> {
        Err(FileError::Unavailable(format!("files: {NOT_WIRED}")))
    }
    async fn stat(&self, _key: &str) -> Result<Option<StoredFile>, FileError> {
        Err(FileError::Unavailable(format!("files: {NOT_WIRED}")))
    }
}

#[async_trait]
impl SessionVerifier for NotWired {
    async fn verify(&self, _token: &str) -> Result<Principal, VerifyError> {
        Err(VerifyError::Unavailable(format!("verifier: {NOT_WIRED}")))
    }
}

#[async_trait]
impl Cipher for NotWired {
    async fn seal(
        &self,
        _plaintext: &[u8],
        _context: &[(&str, &str)],
    ) -> Result<Sealed, CipherError> {
        Err(CipherError::Unavailable(format!("cipher: {NOT_WIRED}")))
    }
    async fn open(
        &self,
        _sealed: &Sealed,
        _context: &[(&str, &str)],
    ) -> Result<Vec<u8>, CipherError> {
        Err(CipherError::Unavailable(format!("cipher: {NOT_WIRED}")))
    }
}
