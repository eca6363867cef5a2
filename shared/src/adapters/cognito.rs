//! The directory port on a Cognito user pool (email as username).

use crate::ports::{Directory, DirectoryError, SessionTokens};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, MessageActionType};

pub struct CognitoDirectory {
    client: Client,
    pool_id: String,
    client_id: String,
}

impl CognitoDirectory {
    pub fn new(client: Client, pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        CognitoDirectory {
            client,
            pool_id: pool_id.into(),
            client_id: client_id.into(),
        }
    }
}

fn attribute(name: &str, value: &str) -> Result<AttributeType, DirectoryError> {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .map_err(|e| DirectoryError::Unavailable(e.to_string()))
}

fn sub_of(attributes: &[AttributeType]) -> Option<String> {
    attributes
        .iter()
        .find(|a| a.name() == "sub")
        .and_then(|a| a.value().map(str::to_string))
}

fn unavailable(code: &str) -> DirectoryError {
    DirectoryError::Unavailable(if code.is_empty() {
        "no answer from Cognito".into()
    } else {
        code.to_string()
    })
}

/// A call on a user alone (it takes the pool and the username, nothing
/// else), its error as Cognito's code (empty when there is none); a macro,
/// as every call of the SDK has a builder of its own type.
macro_rules! on_user {
    ($directory:expr, $call:ident, $email:expr) => {
        $directory
            .client
            .$call()
            .user_pool_id(&$directory.pool_id)
            .username($email)
            .send()
            .await
            .map_err(|e| e.code().unwrap_or("").to_string())
    };
}

/// The error of a call on a user who must exist.
fn user_error(code: &str) -> DirectoryError {
    match code {
        "UserNotFoundException" => DirectoryError::InvalidCredentials,
        other => unavailable(other),
    }
}

#[async_trait]
impl Directory for CognitoDirectory {
    async fn ensure_identity(&self, email: &str) -> Result<String, DirectoryError> {
        let created = self
            .client
            .admin_create_user()
            .user_pool_id(&self.pool_id)
            .username(email)
            .message_action(MessageActionType::Suppress)
            .user_attributes(attribute("email", email)?)
            .user_attributes(attribute("email_verified", "true")?)
            .send()
            .await;
        match created {
            Ok(out) => out
                .user
                .and_then(|u| sub_of(u.attributes()))
                .ok_or_else(|| DirectoryError::Unavailable("no sub in AdminCreateUser".into())),
            Err(error) if error.code() == Some("UsernameExistsException") => {
                let found =
                    on_user!(self, admin_get_user, email).map_err(|code| unavailable(&code))?;
                sub_of(found.user_attributes())
                    .ok_or_else(|| DirectoryError::Unavailable("no sub in AdminGetUser".into()))
            }
            Err(error) => Err(unavailable(error.code().unwrap_or(""))),
        }
    }

    async fn set_password(&self, email: &str, password: &str) -> Result<(), DirectoryError> {
        self.client
            .admin_set_user_password()
            .user_pool_id(&self.pool_id)
            .username(email)
            .password(password)
            .permanent(true)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| match e.code() {
                Some("InvalidPasswordException") => DirectoryError::PasswordPolicy,
                Some("InvalidParameterException") => DirectoryError::PasswordPolicy,
                other => unavailable(other.unwrap_or("")),
            })
    }

    async fn sign_in(&self, email: &str, password: &str) -> Result<SessionTokens, DirectoryError> {
        let out = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", email)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .map_err(|e| match e.code() {
                // "User is disabled.": said before the password is checked.
                Some("NotAuthorizedException")
                    if e.message().is_some_and(|m| m.contains("disabled")) =>
                {
                    DirectoryError::Disabled
                }
                Some(
                    "NotAuthorizedException"
                    | "UserNotFoundException"
                    | "UserNotConfirmedException"
                    | "PasswordResetRequiredException"
                    | "InvalidParameterException",
                ) => DirectoryError::InvalidCredentials,
                other => unavailable(other.unwrap_or("")),
            })?;
        // A challenge (e.g. a password still to be set) is not a session.
        let result = out
            .authentication_result
            .ok_or(DirectoryError::InvalidCredentials)?;
        Ok(SessionTokens {
            access_token: result
                .access_token
                .ok_or(DirectoryError::InvalidCredentials)?,
            id_token: result.id_token,
            refresh_token: result.refresh_token,
            expires_in: result.expires_in,
            token_type: result.token_type.unwrap_or_else(|| "Bearer".into()),
        })
    }

    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), DirectoryError> {
        if enabled {
            on_user!(self, admin_enable_user, email).map(|_| ())
        } else {
            on_user!(self, admin_disable_user, email).map(|_| ())
        }
        .map_err(|code| user_error(&code))
    }

    async fn sign_out_everywhere(&self, email: &str) -> Result<(), DirectoryError> {
        on_user!(self, admin_user_global_sign_out, email)
            .map(|_| ())
            .map_err(|code| user_error(&code))
    }

    async fn change_email(&self, email: &str, new_email: &str) -> Result<(), DirectoryError> {
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.pool_id)
            .username(email)
            .user_attributes(attribute("email", new_email)?)
            .user_attributes(attribute("email_verified", "true")?)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| user_error(e.code().unwrap_or("")))
    }

    async fn delete_identity(&self, email: &str) -> Result<(), DirectoryError> {
        match on_user!(self, admin_delete_user, email) {
            Ok(_) => Ok(()),
            Err(code) if code == "UserNotFoundException" => Ok(()),
            Err(code) => Err(unavailable(&code)),
        }
    }
}
