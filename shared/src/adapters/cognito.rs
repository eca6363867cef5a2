//! The directory port on a Cognito user pool (email as username).

use crate::domain::accounts::mfa::Method;
use crate::ports::{Directory, DirectoryError, SessionTokens, SignedIn};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, ChallengeNameType, MessageActionType, SmsMfaSettingsType,
    SoftwareTokenMfaSettingsType,
};

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

/// The session tokens of an authentication result.
fn tokens(
    result: Option<aws_sdk_cognitoidentityprovider::types::AuthenticationResultType>,
) -> Result<SessionTokens, DirectoryError> {
    let result = result.ok_or(DirectoryError::InvalidCredentials)?;
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

/// The error of a call that checks an authenticator code.
fn code_error(code: Option<&str>) -> DirectoryError {
    match code {
        Some("CodeMismatchException" | "EnableSoftwareTokenMFAException") => {
            DirectoryError::WrongCode
        }
        // An expired challenge or session token, an unknown user.
        Some(
            "NotAuthorizedException"
            | "ExpiredCodeException"
            | "ResourceNotFoundException"
            | "UserNotFoundException"
            | "InvalidParameterException",
        ) => DirectoryError::InvalidCredentials,
        other => unavailable(other.unwrap_or("")),
    }
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

    async fn sign_in(&self, email: &str, password: &str) -> Result<SignedIn, DirectoryError> {
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
        if out.challenge_name == Some(ChallengeNameType::SoftwareTokenMfa) {
            let session = out.session.ok_or(DirectoryError::InvalidCredentials)?;
            return Ok(SignedIn::TotpRequired { session });
        }
        if out.challenge_name == Some(ChallengeNameType::SmsMfa) {
            let destination = out
                .challenge_parameters
                .as_ref()
                .and_then(|p| p.get("CODE_DELIVERY_DESTINATION").cloned())
                .unwrap_or_default();
            let session = out.session.ok_or(DirectoryError::InvalidCredentials)?;
            return Ok(SignedIn::SmsRequired {
                session,
                destination,
            });
        }
        // Another challenge (e.g. a password still to be set) is not a session.
        tokens(out.authentication_result).map(SignedIn::Tokens)
    }

    async fn answer_totp(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        let out = self
            .client
            .admin_respond_to_auth_challenge()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::SoftwareTokenMfa)
            .session(session)
            .challenge_responses("USERNAME", email)
            .challenge_responses("SOFTWARE_TOKEN_MFA_CODE", code)
            .send()
            .await
            .map_err(|e| code_error(e.code()))?;
        tokens(out.authentication_result)
    }

    async fn answer_sms(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        let out = self
            .client
            .admin_respond_to_auth_challenge()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::SmsMfa)
            .session(session)
            .challenge_responses("USERNAME", email)
            .challenge_responses("SMS_MFA_CODE", code)
            .send()
            .await
            .map_err(|e| code_error(e.code()))?;
        tokens(out.authentication_result)
    }

    async fn start_sms(
        &self,
        access_token: &str,
        email: &str,
        phone: &str,
    ) -> Result<(), DirectoryError> {
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.pool_id)
            .username(email)
            .user_attributes(attribute("phone_number", phone)?)
            .send()
            .await
            .map_err(|e| user_error(e.code().unwrap_or("")))?;
        self.client
            .get_user_attribute_verification_code()
            .access_token(access_token)
            .attribute_name("phone_number")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code_error(e.code()))
    }

    async fn confirm_sms(&self, access_token: &str, code: &str) -> Result<(), DirectoryError> {
        self.client
            .verify_user_attribute()
            .access_token(access_token)
            .attribute_name("phone_number")
            .code(code)
            .send()
            .await
            .map_err(|e| match e.code() {
                // A code texted too long ago is as wrong as a mistyped one.
                Some("ExpiredCodeException") => DirectoryError::WrongCode,
                other => code_error(other),
            })?;
        self.client
            .set_user_mfa_preference()
            .access_token(access_token)
            .sms_mfa_settings(
                SmsMfaSettingsType::builder()
                    .enabled(true)
                    .preferred_mfa(true)
                    .build(),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code_error(e.code()))
    }

    async fn start_totp(&self, access_token: &str) -> Result<String, DirectoryError> {
        let out = self
            .client
            .associate_software_token()
            .access_token(access_token)
            .send()
            .await
            .map_err(|e| code_error(e.code()))?;
        out.secret_code.ok_or_else(|| {
            DirectoryError::Unavailable("no secret in AssociateSoftwareToken".into())
        })
    }

    async fn confirm_totp(&self, access_token: &str, code: &str) -> Result<(), DirectoryError> {
        let out = self
            .client
            .verify_software_token()
            .access_token(access_token)
            .user_code(code)
            .friendly_device_name("Sésame")
            .send()
            .await
            .map_err(|e| code_error(e.code()))?;
        if out.status.is_some_and(|s| s.as_str() != "SUCCESS") {
            return Err(DirectoryError::WrongCode);
        }
        self.client
            .set_user_mfa_preference()
            .access_token(access_token)
            .software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(true)
                    .preferred_mfa(true)
                    .build(),
            )
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code_error(e.code()))
    }

    async fn set_factor(
        &self,
        email: &str,
        method: Method,
        enabled: bool,
    ) -> Result<(), DirectoryError> {
        let call = self
            .client
            .admin_set_user_mfa_preference()
            .user_pool_id(&self.pool_id)
            .username(email);
        let call = match method {
            Method::Totp => call.software_token_mfa_settings(
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(enabled)
                    .preferred_mfa(enabled)
                    .build(),
            ),
            Method::Sms => call.sms_mfa_settings(
                SmsMfaSettingsType::builder()
                    .enabled(enabled)
                    .preferred_mfa(enabled)
                    .build(),
            ),
        };
        call.send()
            .await
            .map(|_| ())
            .map_err(|e| user_error(e.code().unwrap_or("")))
    }

    async fn refresh(&self, refresh_token: &str) -> Result<SessionTokens, DirectoryError> {
        let out = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", refresh_token)
            .send()
            .await
            .map_err(|e| match e.code() {
                Some(
                    "NotAuthorizedException"
                    | "UserNotFoundException"
                    | "ResourceNotFoundException"
                    | "InvalidParameterException",
                ) => DirectoryError::InvalidCredentials,
                other => unavailable(other.unwrap_or("")),
            })?;
        tokens(out.authentication_result)
    }

    async fn revoke(&self, refresh_token: &str) -> Result<(), DirectoryError> {
        match self
            .client
            .revoke_token()
            .client_id(&self.client_id)
            .token(refresh_token)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            // Unknown, expired or already revoked: nothing left to end.
            Err(e)
                if matches!(
                    e.code(),
                    Some(
                        "NotAuthorizedException"
                            | "InvalidParameterException"
                            | "UnsupportedTokenTypeException"
                    )
                ) || e.raw_response().is_some_and(|r| r.status().as_u16() == 404) =>
            {
                Ok(())
            }
            Err(e) => Err(unavailable(e.code().unwrap_or(""))),
        }
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
