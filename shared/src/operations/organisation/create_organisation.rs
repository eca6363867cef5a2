//! An operator creates an organisation with its first manager, invited at
//! once — one transaction for the identifier claim, the organisation, its
//! establishments, the manager's record and invitation, and the audit.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::locale::Locale;
use crate::domain::organisation::model::{Establishment, OrgSettings, Organisation};
use crate::domain::people::user::NewUserInput;
use crate::domain::validate::{self, SHORT_TEXT_MAX};
use crate::layout::records::{OrgIdentifier, create};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::errors::OrganisationError;
use crate::operations::organisation::support::organisations::{OrganisationView, new_organisation};
use crate::operations::people::support::lifecycle::create_invited;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("create_organisation")
    .post("/operator/organisations")
    .access(Access::Operator)
    .summary("Operator: create an organisation with its first manager (invited)")
    .takes(Body::of::<NewOrganisation>())
    .answers(201, Body::of::<CreatedOrganisation>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    pub name: Option<String>,
    pub category: Option<String>,
    /// Unique on the platform; people name the organisation by it.
    pub identifier: Option<String>,
    #[serde(default)]
    pub registry_numbers: Vec<String>,
    pub locale: Option<Locale>,
    /// Names of the first establishments.
    #[serde(default)]
    pub establishments: Vec<String>,
    /// The first manager (no establishment needed).
    pub manager: Option<NewUserInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedOrganisation {
    pub organisation: OrganisationView,
    pub establishments: Vec<Establishment>,
    pub manager: UserView,
}

struct Phases;

impl Phased for Phases {
    type Input = NewOrganisation;

    fn plan(ctx: &Context, request: &Request, input: &NewOrganisation) -> Vec<Key> {
        let _ = (ctx, request);
        let identifier = input
            .identifier
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty() && id.len() <= 50)
            .map(crate::layout::keys::org_identifier);
        let manager = input.manager.as_ref().and_then(|m| {
            crate::operations::accounts::support::plans::email_claim(m.email.as_deref())
        });
        identifier.into_iter().chain(manager).collect()
    }

    async fn run(
        ctx: &Context,
        request: Request,
        input: Result<NewOrganisation, OpError>,
    ) -> Outcome {
        let operator = request.account_id.clone().ok_or(OpError::Unauthenticated)?;
        let input = input?;
        let mut errors = ValidationErrors::default();
        let name = errors.take(
            "name",
            validate::required_text(input.name.as_deref(), SHORT_TEXT_MAX),
        );
        let identifier = errors.take(
            "identifier",
            validate::required_text(input.identifier.as_deref(), 50),
        );
        let category = errors
            .take(
                "category",
                validate::optional_text(input.category.as_deref(), SHORT_TEXT_MAX),
            )
            .flatten();
        let mut est_names = Vec::new();
        for (i, raw) in input.establishments.iter().enumerate() {
            if let Some(n) = errors.take(
                &format!("establishments[{i}]"),
                validate::required_text(Some(raw), SHORT_TEXT_MAX),
            ) {
                est_names.push(n);
            }
        }
        let manager = match &input.manager {
            None => {
                errors.push("manager", FieldCode::Required);
                None
            }
            Some(form) => {
                let mut form = form.clone();
                form.manager = true;
                match form.validate(&[]) {
                    Ok(user) => Some(user),
                    Err(e) => {
                        for fe in e.0 {
                            errors.push(format!("manager.{}", fe.field), fe.code);
                        }
                        None
                    }
                }
            }
        };
        errors.finish(())?;
        let (Some(name), Some(identifier), Some(manager)) = (name, identifier, manager) else {
            return Err(OpError::Internal("validated fields missing".into()));
        };
        let now = ctx.clock.now();
        let settings = OrgSettings {
            locale: input.locale.unwrap_or_default(),
            ..OrgSettings::default()
        };
        let org = Organisation {
            category,
            identifier: Some(identifier.to_uppercase()),
            registry_numbers: input
                .registry_numbers
                .iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            // The manager, invited below.
            members_invited: 1,
            ..new_organisation(ctx.new_id(), name, settings, now)
        };
        let establishments: Vec<Establishment> = est_names
            .into_iter()
            .map(|name| Establishment {
                org_id: org.id.clone(),
                id: ctx.new_id(),
                name,
                address: None,
                archived: false,
            })
            .collect();
        let invited = create_invited(ctx, &org, &operator, manager, false).await?;
        let mut commit = Commit::new();
        commit.push_or(
            create(&OrgIdentifier {
                identifier: org.identifier.clone().unwrap_or_default(),
                org_id: org.id.clone(),
            }),
            OrganisationError::IdentifierTaken,
        );
        let audit = Audit::at(ctx.new_id(), now, &org.id, &operator, "organisation.created")
            .target(&invited.next.account_id)
            .changes(json!({"name": {"after": org.name}, "identifier": {"after": org.identifier}, "by": "operator"}))
            .write();
        // Past the identifier, a failed condition is the manager's email, taken.
        for write in std::iter::once(create(&org))
            .chain(establishments.iter().map(create))
            .chain(std::iter::once(audit))
            .chain(invited.commit.writes().to_vec())
        {
            commit.push_or(
                write,
                crate::operations::people::errors::PeopleError::EmailTaken,
            );
        }
        commit.run(ctx).await?;
        let delivered = crate::domain::accounts::invitation::DeliveryStatus::Pending;
        let mut view = UserView::new(&invited.next, None, None);
        if let Some(inv) = view.invitation.as_mut() {
            inv.delivery = Some(delivered);
        }
        Output::json(
            201,
            &CreatedOrganisation {
                organisation: OrganisationView::new(&org),
                establishments,
                manager: view,
            },
        )
    }
}
