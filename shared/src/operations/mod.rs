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
mod spec;
mod tokens;
pub mod views;

pub mod accounts;
pub mod employee_space;
pub mod organisation;
pub mod people;
pub mod replacements;

pub use caller::{Member, member_requirement};
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
    /// Text messages (SNS): offers to workers who chose them.
    pub texter: Arc<dyn crate::ports::Texter>,
    pub directory: Arc<dyn Directory>,
    pub verifier: Arc<dyn SessionVerifier>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    /// Receipts and shared documents (S3).
    pub files: Arc<dyn crate::ports::FileStorage>,
    /// The bank details' encryption (KMS envelope encryption).
    pub cipher: Arc<dyn crate::ports::Cipher>,
    pub settings: Settings,
}

impl Context {
    /// A new sortable id: made later, it sorts after
    /// ([`crate::domain::ids::Sequence`], one per process).
    pub fn new_id(&self) -> String {
        static SEQUENCE: std::sync::Mutex<crate::domain::ids::Sequence> =
            std::sync::Mutex::new(crate::domain::ids::Sequence::new());
        let millis = self.clock.now().as_millisecond().max(0) as u64;
        let random = self.random.bytes::<10>();
        SEQUENCE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .next(millis, random)
    }
}

/// What invokes a worker, and so what it does with the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The table's stream of new outbox messages and a minute schedule:
    /// drain what is due.
    OutboxDue,
    /// SES's events (bounces, complaints, rejections) through SNS: record
    /// each on its outbox message.
    EmailEvents,
    /// A minute schedule: take the offer rounds' steps that are due (the
    /// second wave, the dispatcher's alert).
    OfferWavesDue,
}

/// A function that serves no route: the outbox sender, the email events'
/// recorder.
pub struct WorkerSpec {
    /// snake_case id: the function's folder under `functions/`.
    pub id: &'static str,
    pub summary: &'static str,
    pub uses: Uses,
    pub trigger: Trigger,
}

/// The outbox sender (DynamoDB stream and minute schedule): the only
/// function that sends email and texts; operations queue theirs.
pub const SEND_OUTBOX: WorkerSpec = WorkerSpec {
    id: "send_outbox",
    summary: "delivers the emails waiting in the outbox",
    uses: Uses {
        mailer: true,
        texter: true,
        ..Uses::NONE
    },
    trigger: Trigger::OutboxDue,
};

/// The recorder of SES's events (the configuration set's SNS topic): a
/// bounce, complaint or rejection set on the outbox message, which the
/// invitation shows.
pub const RECORD_EMAIL_EVENTS: WorkerSpec = WorkerSpec {
    id: "record_email_events",
    summary: "records the bounces, complaints and rejections SES reports on their outbox message",
    uses: Uses::NONE,
    trigger: Trigger::EmailEvents,
};

/// The offer rounds' schedule (EventBridge, every minute): the second
/// wave of a request nobody took, then the dispatcher's alert.
pub const RUN_OFFER_WAVES: WorkerSpec = WorkerSpec {
    id: "run_offer_waves",
    summary: "sends the offers' second waves and alerts the dispatcher when nobody took a replacement",
    uses: Uses::NONE,
    trigger: Trigger::OfferWavesDue,
};

/// Functions that serve no route.
pub const WORKERS: &[&WorkerSpec] = &[&SEND_OUTBOX, &RECORD_EMAIL_EVENTS, &RUN_OFFER_WAVES];

/// What an operation uses beyond the store, the clock and randomness (the
/// session verifier follows from its [`Access`]). A function is built with
/// exactly these ports (a port it does not declare answers 503), and its
/// IAM policy in `infra/template.yaml` grants exactly these calls.
///
/// Required in every SPEC: `Uses::NONE` is a decision ("the store only"),
/// so a new operation cannot be deployed without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uses {
    pub table: Table,
    /// The Cognito calls it makes.
    pub directory: &'static [DirectoryCall],
    /// What it does with the files bucket.
    pub files: &'static [FileCall],
    /// Whether it sends email itself (SES), rather than queueing it.
    pub mailer: bool,
    /// Whether it sends text messages itself (SNS), rather than queueing
    /// them.
    pub texter: bool,
    /// What it does with the bank-details key (KMS).
    pub cipher: &'static [CipherCall],
}

impl Uses {
    /// The store only, as the method says ([`Table::ByMethod`]).
    pub const NONE: Uses = Uses {
        table: Table::ByMethod,
        directory: &[],
        files: &[],
        mailer: false,
        texter: false,
        cipher: &[],
    };
}

/// What an operation does with the table (its IAM actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// A GET reads; any other method reads and writes.
    ByMethod,
    /// Never touches it.
    Untouched,
    /// Reads only, whatever the method (e.g. a POST that only looks up).
    Reads,
    /// Reads and writes, whatever the method (e.g. a GET that audits).
    ReadsAndWrites,
    /// Reads, and updates items in place (`UpdateItem` only).
    ReadsAndUpdates,
}

/// A call to the credential directory (Cognito), by [`Directory`] method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryCall {
    /// `ensure_identity`: `AdminCreateUser`, `AdminGetUser`.
    EnsureIdentity,
    /// `set_password`: `AdminSetUserPassword`.
    SetPassword,
    /// `sign_in`: `AdminInitiateAuth` with `ADMIN_USER_PASSWORD_AUTH` (the
    /// only password flow the app client allows: nobody signs in around
    /// Sésame's attempt counter).
    SignIn,
    /// `set_enabled(_, true)`: `AdminEnableUser`.
    Enable,
    /// `set_enabled(_, false)`: `AdminDisableUser`.
    Disable,
    /// `sign_out_everywhere`: `AdminUserGlobalSignOut`.
    SignOutEverywhere,
    /// `delete_identity`: `AdminDeleteUser`.
    DeleteIdentity,
    /// `change_email`: `AdminUpdateUserAttributes`.
    ChangeEmail,
    /// `refresh`: `InitiateAuth` with `REFRESH_TOKEN_AUTH` (the app
    /// client's, no IAM action).
    Refresh,
    /// `revoke`: `RevokeToken` (the app client's, no IAM action).
    Revoke,
    /// `answer_totp`, `answer_sms`: `AdminRespondToAuthChallenge`.
    AnswerChallenge,
    /// `start_totp`, `confirm_totp`: `AssociateSoftwareToken`,
    /// `VerifySoftwareToken`, `SetUserMFAPreference` with the caller's own
    /// access token (no IAM action).
    EnrolTotp,
    /// `set_factor`: `AdminSetUserMFAPreference`.
    SetFactor,
    /// `start_sms`: `AdminUpdateUserAttributes` (the phone), then
    /// `GetUserAttributeVerificationCode`; `confirm_sms`:
    /// `VerifyUserAttribute`, `SetUserMFAPreference` (those three with the
    /// caller's own access token).
    EnrolSms,
}

/// A use of the files bucket (S3), by [`crate::ports::FileStorage`] method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileCall {
    /// `upload_url`: a presigned `PutObject`.
    Upload,
    /// `stat` and `download_url`: `HeadObject` / a presigned `GetObject`
    /// (with `ListBucket`, so a missing file is a 404, not a 403).
    Download,
}

/// A use of the bank-details key (KMS), by [`crate::ports::Cipher`] method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CipherCall {
    /// `seal`: `GenerateDataKey`, one per sealed value.
    Seal,
    /// `open`: `Decrypt`, one per opened value.
    Open,
}

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
    /// An active member of the organisation in the path holding any one of
    /// these permissions at one establishment at least (a read several
    /// roles share: the replacements list for clients, approvers and
    /// dispatchers; the establishments' names); managers hold all.
    MemberAny(&'static [Permission]),
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
    /// The request's cookies by name (the session's refresh cookie).
    pub cookies: BTreeMap<String, String>,
    /// The verified session token itself, for the directory calls made on
    /// the caller's behalf (enrolling an authenticator app).
    pub bearer: Option<String>,
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
    /// `Set-Cookie` values (the session's refresh cookie).
    pub cookies: Vec<String>,
}

impl Output {
    pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Output, OpError> {
        let body = serde_json::to_value(body).map_err(|e| OpError::Internal(e.to_string()))?;
        Ok(Output {
            status,
            body,
            text: None,
            cookies: Vec::new(),
        })
    }

    /// The answer with a `Set-Cookie` header.
    pub fn with_cookie(mut self, cookie: String) -> Output {
        self.cookies.push(cookie);
        self
    }
}

pub type Outcome = Result<Output, OpError>;
pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
pub(crate) use phases::run_fn;
pub use phases::{Handler, Phased};
pub use spec::Draft;

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
    /// The ports it uses (and so its function's wiring and IAM policy).
    pub uses: Uses,
    pub summary: &'static str,
    /// Query-string parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    pub request: Option<Body>,
    pub success: (u16, Body),
    /// Problem statuses this operation may answer besides those every
    /// operation, its access and its body imply ([`OperationSpec::problem_statuses`]).
    pub problems: &'static [u16],
    /// How it plans what it reads and runs ([`phases`]).
    pub handler: Handler,
}

impl OperationSpec {
    /// Every problem status it may answer: 400, 500 and 503 always; 401
    /// without a session, 403 without the access, 404 for an organisation
    /// the caller is not a member of; 413, 415 and 422 for a body; 409 and
    /// 422 for a creating POST (its idempotency key); then its own.
    pub fn problem_statuses(&self) -> Vec<u16> {
        let mut statuses = vec![400, 500, 503];
        statuses.extend(match self.access {
            Access::Public => &[][..],
            Access::Authenticated => &[401],
            Access::Operator => &[401, 403],
            Access::Member(_) | Access::MemberAny(_) | Access::Manager => &[401, 403, 404],
        });
        if self.request.is_some() {
            statuses.extend([413, 415, 422]);
        }
        if self.creates() {
            statuses.extend([409, 422]);
        }
        statuses.extend(self.problems);
        statuses.sort_unstable();
        statuses.dedup();
        statuses
    }

    /// A creating POST (answers 201 Created or 202 Accepted): it honours
    /// `Idempotency-Key`.
    pub fn creates(&self) -> bool {
        self.method == "POST" && matches!(self.success.0, 201 | 202)
    }

    /// Its module under `operations/`, e.g. `people::create_user`.
    pub fn module(&self) -> Option<String> {
        let index = registry().iter().position(|s| s.id == self.id)?;
        let (context, module) = MODULES[index];
        Some(format!("{context}::{module}"))
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

/// Declares the registry: each line `context::operation` names the module
/// `operations/<context>/<operation>.rs`, whose `SPEC` it registers.
macro_rules! registry {
    ($($context:ident::$operation:ident),* $(,)?) => {
        /// Every operation of the API.
        pub fn registry() -> &'static [&'static OperationSpec] {
            &[$(&$context::$operation::SPEC),*]
        }

        /// Each registered operation's module, `(context, module)`, in
        /// registry order: what a function's `main.rs` imports.
        pub const MODULES: &[(&str, &str)] = &[$((stringify!($context), stringify!($operation))),*];
    };
}

registry! {
    people::create_user,
    people::send_activation,
    accounts::confirm_account,
    accounts::sign_in,
    accounts::me,
    people::get_user,
    people::list_users,
    people::list_company_users,
    people::update_user,
    people::cancel_invitation,
    people::change_email,
    people::disable_user,
    people::enable_user,
    people::delete_user,
    accounts::register,
    accounts::confirm_registration,
    accounts::request_password_reset,
    accounts::reset_password,
    people::resend_pending,
    organisation::update_settings,
    organisation::list_audit,
    organisation::permission_matrix,
    people::appoint_manager,
    people::remove_manager,
    people::list_managers,
    people::set_grants,
    organisation::create_establishment,
    organisation::list_establishments,
    organisation::update_establishment,
    organisation::archive_establishment,
    organisation::get_organisation,
    organisation::get_service_contact,
    organisation::update_organisation,
    people::request_access,
    people::list_access_requests,
    people::approve_access_request,
    people::refuse_access_request,
    organisation::create_organisation,
    organisation::find_organisation,
    people::restore_manager,
    accounts::set_security_key,
    accounts::set_secret_question,
    accounts::activation_info,
    accounts::verify_address,
    accounts::refresh_session,
    accounts::sign_out,
    accounts::sign_out_everywhere,
    people::sign_out_user,
    accounts::start_authenticator,
    accounts::start_sms,
    accounts::confirm_sms,
    accounts::confirm_authenticator,
    people::set_authentication,
    people::reset_mfa,
    people::get_notifications,
    people::set_notifications,
    replacements::submit_replacement,
    replacements::set_schedule,
    replacements::list_replacements,
    replacements::list_workers,
    replacements::get_worker_profile,
    replacements::set_worker_profile,
    replacements::my_worker_profile,
    replacements::set_my_availability,
    replacements::replacement_matches,
    replacements::offer_replacement,
    replacements::answer_offer,
    replacements::list_my_offers,
    replacements::get_calendar_feed,
    replacements::create_calendar_feed,
    replacements::revoke_calendar_feed,
    replacements::calendar_feed,
    replacements::assign_worker,
    replacements::submit_timesheet,
    replacements::approve_hours,
    replacements::payroll_export,
    replacements::get_reports,
    replacements::fill_metrics,
    replacements::replacement_lists,
    replacements::update_replacement,
    replacements::delete_replacement,
    replacements::cancel_replacement,
    replacements::mark_unfilled,
    employee_space::submit_leave,
    employee_space::list_leave,
    employee_space::decide_leave,
    employee_space::cancel_leave,
    employee_space::submit_expense,
    employee_space::list_expenses,
    employee_space::expense_receipt,
    employee_space::decide_expense,
    employee_space::request_advance,
    employee_space::list_advances,
    employee_space::decide_advance,
    employee_space::submit_week,
    employee_space::list_weeks,
    employee_space::decide_week,
    employee_space::create_hour_bank,
    employee_space::list_hour_banks,
    employee_space::update_hour_bank,
    employee_space::employee_hour_banks,
    employee_space::adjust_hour_bank,
    employee_space::get_schedule,
    employee_space::set_bank_details,
    employee_space::get_bank_details,
    employee_space::reveal_bank_details,
    employee_space::share_document,
    employee_space::list_documents,
    employee_space::download_document,
    employee_space::update_profile,
    employee_space::change_login_email,
    employee_space::confirm_login_email,
    replacements::list_assignments,
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

/// Authorises the request as the operation's access says, then runs it at
/// one instant (the clock read once) against the request's own view of the
/// store: what was read to authorise it, and the keys the operation planned
/// (read in the same call), are not read again ([`phases`], [`load`]).
pub async fn execute(ctx: &Context, spec: &OperationSpec, mut request: Request) -> Outcome {
    // The request's one instant: what is planned from the clock is what is
    // read and written.
    let at = Context {
        clock: Arc::new(crate::ports::Instant(ctx.clock.now())),
        ..ctx.clone()
    };
    let ctx = &at;
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
        Access::Member(_) | Access::MemberAny(_) | Access::Manager => {
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
