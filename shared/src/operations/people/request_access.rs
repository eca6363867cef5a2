//! "Demande de création de compte" (seed 004): anyone asks for an account
//! in an organisation named by its identifier. The answer never tells
//! whether the organisation exists or the email is already a member, not
//! even by its time: the request only queues its intake, and the outbox
//! sender does the work after the answer.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::access_request::RequestType;
use crate::domain::people::membership::{Civility, Membership, MembershipStatus};
use crate::domain::validate::{self, Email, SHORT_TEXT_MAX};
use crate::layout::keys;
use crate::layout::records::{
    AccessRequest, AccessRequestForm, EmailClaim, Intake, OrgIdentifier, create, from_item,
};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, outbox,
    run_fn,
};
use crate::ports::Write;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("request_access")
    .post("/access-requests")
    .access(Access::Public)
    .summary("Ask for an account in an organisation; the same answer whatever is on file")
    .takes(Body::of::<AccessRequestInput>())
    .answers(202, Body::of::<Received>())
    // Nothing read ahead: the request reads nothing (see `complete`).
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessRequestInput {
    /// The organisation's identifier, as it gives it to its people.
    pub org_identifier: Option<String>,
    #[schema(value_type = Option<Civility>)]
    pub civility: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub function: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    /// "Type de demande": `opening` (the default) or `establishment` (she
    /// already has an account in the organisation and asks for one more
    /// establishment).
    #[schema(value_type = Option<RequestType>)]
    pub request_type: Option<String>,
    /// "Raison sociale": the company (daycare, employer) she works for.
    pub company_name: Option<String>,
    /// The establishment she asks for, in her words.
    pub establishment_wanted: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Received {
    pub status: String,
    pub message: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: AccessRequestInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let identifier = errors.take(
        "org_identifier",
        validate::required_text(input.org_identifier.as_deref(), SHORT_TEXT_MAX),
    );
    let civility = match input
        .civility
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(raw) => match serde_json::from_value::<Civility>(json!(raw.to_lowercase())) {
            Ok(c) => Some(c),
            Err(_) => {
                errors.push("civility", FieldCode::InvalidValue);
                None
            }
        },
    };
    let last_name = errors.take(
        "last_name",
        validate::person_name(input.last_name.as_deref(), SHORT_TEXT_MAX),
    );
    let first_name = errors.take(
        "first_name",
        validate::person_name(input.first_name.as_deref(), SHORT_TEXT_MAX),
    );
    let function = errors
        .take(
            "function",
            validate::optional_text(input.function.as_deref(), SHORT_TEXT_MAX),
        )
        .flatten();
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let phone = errors.take("phone", validate::phone(input.phone.as_deref()));
    let message = errors
        .take(
            "message",
            validate::optional_text(input.message.as_deref(), 2000),
        )
        .flatten();
    let request_type = match input.request_type.as_deref().map(str::trim) {
        None | Some("") => Some(RequestType::Opening),
        Some(raw) => match serde_json::from_value::<RequestType>(json!(raw)) {
            Ok(t) => Some(t),
            Err(_) => {
                errors.push("request_type", FieldCode::InvalidValue);
                None
            }
        },
    };
    let company_name = errors
        .take(
            "company_name",
            validate::optional_text(input.company_name.as_deref(), SHORT_TEXT_MAX),
        )
        .flatten();
    let establishment_wanted = errors
        .take(
            "establishment_wanted",
            validate::optional_text(input.establishment_wanted.as_deref(), SHORT_TEXT_MAX),
        )
        .flatten();
    errors.finish(())?;
    let (
        Some(identifier),
        Some(last_name),
        Some(first_name),
        Some(email),
        Some(phone),
        Some(request_type),
    ) = (
        identifier,
        last_name,
        first_name,
        email,
        phone,
        request_type,
    )
    else {
        return Err(OpError::Internal("validated fields missing".into()));
    };
    let received = Received {
        status: "received".into(),
        message: request
            .locale
            .pick(
                "Votre demande a été transmise. Si l'organisation l'accepte, vous recevrez un courriel d'activation.",
                "Your request was sent. If the organisation accepts it, you will receive an activation email.",
            )
            .into(),
    };
    // Whatever is on file, the same work: the request's intake, alone in
    // one transaction. The organisation and the membership are looked up,
    // and the request stored, by the outbox sender after the answer.
    let email = email.as_str().to_string();
    let form = AccessRequestForm {
        org_identifier: identifier,
        civility,
        last_name,
        first_name,
        function,
        email: email.clone(),
        phone,
        message,
        request_type,
        company_name,
        establishment_wanted,
        locale: request.locale,
    };
    let mut commit = Commit::new();
    commit.push(create(&outbox::intake(
        ctx,
        &email,
        Intake::AccessRequest(Box::new(form)),
    )));
    commit.run(ctx).await?;
    Output::json(202, &received)
}

/// The request's work, done by the outbox sender: stored (with its audit
/// event) when the organisation exists, as [`RequestType::settled`] says
/// for whether the address is already a member there; nothing otherwise.
pub(crate) async fn complete(
    ctx: &Context,
    form: &AccessRequestForm,
) -> Result<Vec<Write>, OpError> {
    let Some(claim) = ctx
        .store
        .get(&keys::org_identifier(&form.org_identifier))
        .await?
    else {
        return Ok(Vec::new());
    };
    let org: OrgIdentifier = from_item(claim)?;
    let mut member = None;
    if let Some(item) = ctx.store.get(&keys::email_claim(&form.email)).await? {
        let claim: EmailClaim = from_item(item)?;
        if let Some(item) = ctx
            .store
            .get(&keys::membership(&org.org_id, &claim.account_id))
            .await?
        {
            let membership: Membership = from_item(item)?;
            // A deleted record stays the organisation's to restore: nothing
            // stored, as before.
            if membership.status == MembershipStatus::Deleted {
                return Ok(Vec::new());
            }
            member = Some(membership.account_id);
        }
    }
    let Some(request_type) = form.request_type.settled(member.is_some()) else {
        return Ok(Vec::new());
    };
    let now = ctx.clock.now();
    let form = form.clone();
    let access = AccessRequest {
        id: ctx.new_id(),
        org_id: org.org_id.clone(),
        civility: form.civility,
        last_name: form.last_name,
        first_name: form.first_name,
        function: form.function,
        email: form.email,
        phone: form.phone,
        message: form.message,
        request_type,
        company_name: form.company_name,
        establishment_wanted: form.establishment_wanted,
        locale: form.locale,
        status: "pending".into(),
        reason: None,
        user_id: member,
        created_at: now,
        decided_at: None,
        decided_by: None,
        version: 1,
    };
    Ok(vec![
        Audit::at(
            ctx.new_id(),
            now,
            &org.org_id,
            "anonymous",
            "access_request.received",
        )
        .set("request", &access.id)
        .write(),
        create(&access),
    ])
}
