//! One module per portal operation: parse → authorise → domain → ports →
//! output. Knows nothing of API Gateway: the HTTP layer hands in a
//! [`Request`] and turns the [`Output`] or [`OpError`] into a response.

mod attempts;
pub mod audit;
mod caller;
pub mod commit;
pub mod csv;
mod error;
mod idempotency;
mod load;
pub mod outbox;
pub mod phases;
mod reads;
mod tokens;
pub mod views;

pub mod accounts;
pub mod employee_space;
pub mod organisation;
pub mod people;
pub mod replacements;

pub use caller::Member;
pub use error::OpError;

use crate::config::Settings;
use crate::domain::locale::Locale;
use crate::domain::people::permission::Permission;
use crate::ports::{Clock, Directory, Key, Mailer, Principal, Random, SessionVerifier, Store};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use utoipa::openapi::{RefOr, schema::Schema};

/// The ports an operation works with, built once per cold start.
#[derive(Clone)]
pub struct Context {
    pub store: Arc<dyn Store>,
    pub mailer: Arc<dyn Mailer>,
    pub directory: Arc<dyn Directory>,
    pub verifier: Arc<dyn SessionVerifier>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    /// Receipts and shared documents (S3).
    pub files: Arc<dyn crate::ports::FileStorage>,
    pub settings: Settings,
}

impl Context {
    /// A new sortable id.
    pub fn new_id(&self) -> String {
        let millis = self.clock.now().as_millisecond().max(0) as u64;
        crate::domain::ids::new_id(millis, self.random.bytes::<10>())
    }
}

/// Functions that serve no route: the outbox sender.
pub const WORKERS: &[&str] = &["send_outbox"];

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, no session.
    Public,
    /// Any signed-in account.
    Authenticated,
    /// An active member of the organisation in the path (`{org_id}`) holding
    /// this permission at one establishment at least; managers hold all.
    Member(Permission),
    /// An active manager of the organisation in the path (organisation
    /// administration: settings, audit log).
    Manager,
    /// A platform operator (creates organisations, restores managers).
    Operator,
}

/// What an operation receives.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Path parameters by name.
    pub params: BTreeMap<String, String>,
    /// Query-string parameters by name (the first value of each).
    pub query: BTreeMap<String, String>,
    /// The raw JSON body (empty when none).
    pub body: Vec<u8>,
    pub locale: Locale,
    /// The verified caller, when a session token was presented.
    pub principal: Option<Principal>,
    /// The caller's account, resolved for authenticated operations.
    pub account_id: Option<String>,
    /// The caller's active membership, resolved for member operations.
    pub member: Option<Member>,
    /// The `Idempotency-Key` header, when given.
    pub idempotency_key: Option<String>,
}

impl Request {
    pub fn param(&self, name: &str) -> Result<&str, OpError> {
        self.params
            .get(name)
            .map(String::as_str)
            .ok_or(OpError::NotFound)
    }

    /// A query-string parameter, `None` when absent or blank.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Parses the JSON body into `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, OpError> {
        if self.body.is_empty() {
            return Err(OpError::InvalidBody("empty body".into()));
        }
        serde_json::from_slice(&self.body).map_err(|e| OpError::InvalidBody(e.to_string()))
    }

    /// The resolved member (present for every `Access::Member` operation).
    pub fn member(&self) -> Result<&Member, OpError> {
        self.member.as_ref().ok_or(OpError::Unauthenticated)
    }
}

/// What an operation answers on success.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub status: u16,
    pub body: serde_json::Value,
    /// A non-JSON answer instead (content type, text): e.g. a CSV export.
    pub text: Option<(&'static str, String)>,
}

impl Output {
    pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Output, OpError> {
        let body = serde_json::to_value(body).map_err(|e| OpError::Internal(e.to_string()))?;
        Ok(Output {
            status,
            body,
            text: None,
        })
    }
}

pub type Outcome = Result<Output, OpError>;
pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
pub use phases::{Handler, Phased};

/// A JSON body's schema, for the OpenAPI document.
#[derive(Clone, Copy)]
pub struct Body {
    pub name: fn() -> Cow<'static, str>,
    pub schema: fn() -> RefOr<Schema>,
    pub dependencies: fn(&mut Vec<(String, RefOr<Schema>)>),
    /// Whether a request must carry this body (always, for responses).
    pub required: bool,
}

impl Body {
    pub const fn of<T: utoipa::ToSchema>() -> Body {
        Body {
            name: T::name,
            schema: <T as utoipa::PartialSchema>::schema,
            dependencies: T::schemas,
            required: true,
        }
    }

    /// A request body the operation also accepts absent (empty).
    pub const fn optional<T: utoipa::ToSchema>() -> Body {
        Body {
            required: false,
            ..Body::of::<T>()
        }
    }
}

/// Everything known about one operation: its route, who may call it, its
/// bodies and its handler. The route table, the OpenAPI document, the
/// permission matrix and the Lambda wiring are all generated from these.
pub struct OperationSpec {
    /// snake_case id: the OpenAPI `operationId` and the function's folder
    /// under `functions/`.
    pub id: &'static str,
    pub method: &'static str,
    /// API Gateway path template, e.g. `/orgs/{org_id}/users`.
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    /// Query-string parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    pub request: Option<Body>,
    pub success: (u16, Body),
    /// Problem statuses this operation may answer besides 400/500/503.
    pub problems: &'static [u16],
    /// How it plans what it reads and runs ([`phases`]).
    pub handler: Handler,
}

impl OperationSpec {
    /// A creating POST (answers 201 Created or 202 Accepted): it honours
    /// `Idempotency-Key`.
    pub fn creates(&self) -> bool {
        self.method == "POST" && matches!(self.success.0, 201 | 202)
    }

    /// The template's logical id of the function: `create_user` →
    /// `CreateUserFunction`.
    pub fn function_name(&self) -> String {
        let mut out = String::new();
        for part in self.id.split('_') {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        out.push_str("Function");
        out
    }
}

/// Every operation of the API.
pub fn registry() -> &'static [&'static OperationSpec] {
    &[
        &people::create_user::SPEC,
        &people::send_activation::SPEC,
        &accounts::confirm_account::SPEC,
        &accounts::sign_in::SPEC,
        &accounts::me::SPEC,
        &people::get_user::SPEC,
        &people::list_users::SPEC,
        &people::update_user::SPEC,
        &people::cancel_invitation::SPEC,
        &people::change_email::SPEC,
        &people::disable_user::SPEC,
        &people::enable_user::SPEC,
        &people::delete_user::SPEC,
        &accounts::register::SPEC,
        &accounts::confirm_registration::SPEC,
        &accounts::request_password_reset::SPEC,
        &accounts::reset_password::SPEC,
        &people::resend_pending::SPEC,
        &organisation::update_settings::SPEC,
        &organisation::list_audit::SPEC,
        &organisation::permission_matrix::SPEC,
        &people::appoint_manager::SPEC,
        &people::remove_manager::SPEC,
        &people::list_managers::SPEC,
        &people::set_grants::SPEC,
        &organisation::create_establishment::SPEC,
        &organisation::list_establishments::SPEC,
        &organisation::update_establishment::SPEC,
        &organisation::archive_establishment::SPEC,
        &organisation::get_organisation::SPEC,
        &organisation::update_organisation::SPEC,
        &people::request_access::SPEC,
        &people::list_access_requests::SPEC,
        &people::approve_access_request::SPEC,
        &people::refuse_access_request::SPEC,
        &organisation::create_organisation::SPEC,
        &people::restore_manager::SPEC,
        &accounts::set_security_key::SPEC,
        &accounts::set_secret_question::SPEC,
        &accounts::activation_info::SPEC,
        &replacements::submit_replacement::SPEC,
        &replacements::set_schedule::SPEC,
        &replacements::list_replacements::SPEC,
        &replacements::assign_worker::SPEC,
        &replacements::submit_timesheet::SPEC,
        &replacements::approve_hours::SPEC,
        &replacements::payroll_export::SPEC,
        &replacements::replacement_lists::SPEC,
        &replacements::update_replacement::SPEC,
        &replacements::delete_replacement::SPEC,
        &replacements::cancel_replacement::SPEC,
        &replacements::mark_unfilled::SPEC,
        &employee_space::submit_leave::SPEC,
        &employee_space::list_leave::SPEC,
        &employee_space::decide_leave::SPEC,
        &employee_space::cancel_leave::SPEC,
        &employee_space::submit_expense::SPEC,
        &employee_space::list_expenses::SPEC,
        &employee_space::expense_receipt::SPEC,
        &employee_space::decide_expense::SPEC,
        &employee_space::request_advance::SPEC,
        &employee_space::list_advances::SPEC,
        &employee_space::decide_advance::SPEC,
        &employee_space::submit_week::SPEC,
        &employee_space::list_weeks::SPEC,
        &employee_space::decide_week::SPEC,
        &employee_space::create_hour_bank::SPEC,
        &employee_space::set_bank_details::SPEC,
        &employee_space::get_bank_details::SPEC,
        &employee_space::reveal_bank_details::SPEC,
        &employee_space::share_document::SPEC,
        &employee_space::list_documents::SPEC,
        &employee_space::download_document::SPEC,
        &employee_space::update_profile::SPEC,
        &employee_space::change_login_email::SPEC,
        &employee_space::confirm_login_email::SPEC,
        &replacements::list_assignments::SPEC,
    ]
}

/// Verifies a session token. On a cold container, whose verifier must first
/// fetch the keys, the identity link of the subject the token claims is
/// read meanwhile (one round trip instead of two in a row): nothing is
/// decided on it — the link is looked up again, from the container's cache,
/// only once the token is verified.
pub async fn verify_caller(ctx: &Context, token: &str) -> Result<Principal, OpError> {
    let Some(claimed) = ctx.verifier.claimed_before_fetch(token) else {
        return Ok(ctx.verifier.verify(token).await?);
    };
    let link = crate::layout::keys::identity(&claimed);
    let (verified, _) = tokio::join!(ctx.verifier.verify(token), ctx.store.get(&link));
    Ok(verified?)
}

/// Authorises the request as the operation's access says, then runs it
/// against the request's own view of the store: what was read to authorise
/// it, and the keys the operation planned (read in the same call), are not
/// read again ([`phases`], [`load`]).
pub async fn execute(ctx: &Context, spec: &OperationSpec, mut request: Request) -> Outcome {
    let mut planned = spec.handler.planned(ctx, &request);
    let keys = std::mem::take(&mut planned.keys);
    let read: Vec<(Key, Option<crate::ports::Item>)> = match spec.access {
        Access::Public => {
            if keys.is_empty() {
                Vec::new()
            } else {
                let found = ctx.store.get_many(&keys).await?;
                keys.into_iter().zip(found).collect()
            }
        }
        Access::Authenticated => {
            request.account_id = Some(caller::account_of(ctx, &request).await?);
            Vec::new()
        }
        Access::Operator => {
            let account_id = caller::account_of(ctx, &request).await?;
            let mut all = vec![crate::layout::keys::operator(&account_id)];
            all.extend(keys);
            let found = ctx.store.get_many(&all).await?;
            if found.first().is_none_or(Option::is_none) {
                return Err(OpError::Forbidden);
            }
            request.account_id = Some(account_id);
            all.into_iter().zip(found).collect()
        }
        Access::Member(_) | Access::Manager => {
            let account_id = caller::account_of(ctx, &request).await?;
            let org_id = request.param("org_id")?.to_string();
            let (member, read) =
                caller::member_of(ctx, &account_id, &org_id, spec.access, keys).await?;
            request.account_id = Some(account_id);
            request.member = Some(member);
            read
        }
    };
    if read.is_empty() {
        return run(ctx, spec, request, planned).await;
    }
    let ctx = Context {
        store: Arc::new(load::Loaded::new(ctx.store.clone(), read)),
        ..ctx.clone()
    };
    run(&ctx, spec, request, planned).await
}

async fn run(
    ctx: &Context,
    spec: &OperationSpec,
    request: Request,
    planned: phases::Planned,
) -> Outcome {
    match request.idempotency_key.clone() {
        Some(key) if spec.creates() => {
            idempotency::run_once(ctx, spec, request, planned, key).await
        }
        _ => spec.handler.call(ctx, request, planned).await,
    }
}
