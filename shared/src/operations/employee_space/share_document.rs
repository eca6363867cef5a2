//! A manager shares a document with one employee or with everyone: the
//! answer carries the presigned upload URL (type and size checked, bound
//! into the signature). A single recipient is emailed.

use crate::domain::employee_space::emails;
use crate::domain::employee_space::employee::{DOCUMENT_TYPES, Feature, FileDeclaration};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::locale::Locale;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::layout::employee::{Attachment, Document};
use crate::layout::keys;
use crate::layout::records::{create, from_item};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::URL_VALIDITY;
use crate::operations::{
    Access, Body, Context, FileCall, Handler, OpError, OperationSpec, Outcome, Output, Phased,
    Request,
};
use crate::ports::Key;
use crate::ports::PresignedUrl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("share_document")
    .post("/orgs/{org_id}/documents")
    .access(Access::Manager)
    .files(&[FileCall::Upload])
    .summary("Share a document with one employee (recipient_id) or everyone; answers the presigned upload URL")
    .takes(Body::of::<DocumentInput>())
    .answers(201, Body::of::<SharedDocument>())
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    pub title: Option<String>,
    /// The employee (account id); absent for everyone.
    pub recipient_id: Option<String>,
    pub file_name: Option<String>,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: Option<String>,
    /// At most 10 MiB.
    pub size_bytes: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedDocument {
    pub document: Document,
    pub upload: PresignedUrl,
}

struct Phases;

impl Phased for Phases {
    type Input = DocumentInput;

    fn plan(ctx: &Context, request: &Request, input: &DocumentInput) -> Vec<Key> {
        let _ = ctx;
        input
            .recipient_id
            .as_deref()
            .map(str::trim)
            .filter(|id| crate::domain::ids::is_id(id))
            .map(|id| crate::layout::keys::membership(crate::operations::phases::org(request), id))
            .into_iter()
            .collect()
    }

    async fn run(
        ctx: &Context,
        request: Request,
        input: Result<DocumentInput, OpError>,
    ) -> Outcome {
        let member = request.member()?;
        member.require(Feature::Documents)?;
        let input = input?;
        let mut errors = ValidationErrors::default();
        let title = errors.take(
            "title",
            crate::domain::validate::required_text(input.title.as_deref(), 200),
        );
        let file_name = errors.take(
            "file_name",
            crate::domain::validate::required_text(input.file_name.as_deref(), 200),
        );
        let file = match FileDeclaration::parse(
            "",
            input.content_type.as_deref(),
            input.size_bytes,
            &DOCUMENT_TYPES,
        ) {
            Ok(f) => Some(f),
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
        };
        let recipient = match input.recipient_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) if !ids::is_id(id) => {
                errors.push("recipient_id", FieldCode::InvalidValue);
                None
            }
            Some(id) => match ctx
                .store
                .get(&keys::membership(member.org_id(), id))
                .await?
            {
                Some(item) => {
                    let m: Membership = from_item(item)?;
                    if m.status == MembershipStatus::Deleted {
                        errors.push("recipient_id", FieldCode::InvalidValue);
                        None
                    } else {
                        Some(m)
                    }
                }
                None => {
                    errors.push("recipient_id", FieldCode::InvalidValue);
                    None
                }
            },
        };
        errors.finish(())?;
        let (Some(title), Some(file_name), Some(file)) = (title, file_name, file) else {
            return Err(OpError::Internal("validated fields missing".into()));
        };
        let now = ctx.clock.now();
        let document = Document {
            id: ctx.new_id(),
            org_id: member.org_id().to_string(),
            title,
            recipient_id: recipient.as_ref().map(|m| m.account_id.clone()),
            file: Attachment {
                file_name,
                content_type: file.content_type,
                size_bytes: file.size_bytes,
            },
            shared_by: member.account_id.clone(),
            created_at: now,
            version: 1,
        };
        let upload = ctx
            .files
            .upload_url(
                &keys::document_object(&document.org_id, &document.id),
                &document.file.content_type,
                document.file.size_bytes,
                URL_VALIDITY,
            )
            .await
            .map_err(|e| OpError::Unavailable(e.to_string()))?;
        let message = recipient.as_ref().and_then(|to| {
            crate::operations::outbox::notification(
                ctx,
                &member.org,
                to,
                crate::domain::people::notifications::Notification::DocumentsShared,
                emails::document_shared(Locale::Fr, &document.title),
                emails::document_shared(Locale::En, &document.title),
            )
        });
        let mut commit = Commit::new();
        commit.push(create(&document));
        commit.extend(message.iter().map(create));
        commit.push(
            Audit::at(
                ctx.new_id(),
                now,
                &document.org_id,
                &member.account_id,
                "document.shared",
            )
            .target(&document.id)
            .set("title", &document.title)
            .set("recipient", &document.recipient_id)
            .write(),
        );
        commit.run(ctx).await?;
        Output::json(201, &SharedDocument { document, upload })
    }
}
