//! A worker enters her availability on her phone (issue 21): her usual
//! week, its exceptions (dates off, other hours), the installations she
//! prefers or refuses, her weekly maximum and whether her offers come by
//! text message too; what the service keeps of her
//! (functions, age groups, qualification, installations that refuse her)
//! she does not change. Under its version (409 when saved meanwhile).

use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::worker::{
    ExceptionInput, UsualWeekInput, installations, not_both, parse_availability,
    parse_weekly_maximum,
};
use crate::operations::commit::Commit;
use crate::operations::replacements::support::workers::{self, WorkerProfileView};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_my_availability")
    .put("/orgs/{org_id}/me/availability")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("A replacement worker saves her availability, preferred and refused installations and weekly maximum")
    .takes(Body::of::<AvailabilityInput>())
    .answers(200, Body::of::<WorkerProfileView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityInput {
    #[serde(default)]
    pub week: UsualWeekInput,
    #[serde(default)]
    pub exceptions: Vec<ExceptionInput>,
    #[serde(default)]
    pub preferred: Vec<String>,
    #[serde(default)]
    pub refused: Vec<String>,
    pub max_weekly_minutes: Option<u32>,
    /// Her offers by text message too (at her phone on file); left as it
    /// is when absent.
    pub sms_offers: Option<bool>,
    /// The version shown (0 for a profile never saved).
    pub version: Option<u64>,
}

struct Phases;

impl Phased for Phases {
    type Input = AvailabilityInput;

    /// Her installations' establishments, read with her membership (her
    /// profile is read next: the caller is known only then).
    fn plan(_ctx: &Context, request: &Request, input: &AvailabilityInput) -> Vec<Key> {
        workers::named_keys(
            crate::operations::phases::org(request),
            &[&input.preferred, &input.refused],
        )
    }

    async fn run(
        ctx: &Context,
        request: Request,
        input: Result<AvailabilityInput, OpError>,
    ) -> Outcome {
        let member = request.member()?;
        let org_id = member.org_id();
        let input = input?;
        let worker = member.membership.clone();
        // A manager holds every permission, but is a worker only with the
        // timesheet permission granted at an establishment.
        if !workers::is_worker(&worker) {
            return Err(OpError::NotFound);
        }
        let current = workers::profile_of(ctx, org_id, &member.account_id).await?;
        let mut errors = ValidationErrors::default();
        let known = workers::live_named(
            ctx,
            org_id,
            &[("preferred", &input.preferred), ("refused", &input.refused)],
            &mut errors,
        )
        .await?;
        let mut next = current.clone();
        next.availability = parse_availability(&input.week, &input.exceptions, &mut errors);
        next.preferred = installations("preferred", &input.preferred, &known, &mut errors);
        next.refused = installations("refused", &input.refused, &known, &mut errors);
        not_both(&next.preferred, &input.refused, &mut errors);
        next.max_weekly_minutes = parse_weekly_maximum(input.max_weekly_minutes, &mut errors);
        if let Some(sms) = input.sms_offers {
            if sms && crate::domain::validate::sms_phone(&worker.phone).is_none() {
                errors.push(
                    "sms_offers",
                    crate::domain::errors::FieldCode::NoMobileNumber,
                );
            }
            next.sms_offers = sms;
        }
        let version = workers::expected_version(input.version, &mut errors);
        errors.finish(())?;
        if version != Some(current.version) {
            return Err(OpError::VersionConflict);
        }
        next.updated_at = Some(ctx.clock.now());
        next.version = current.version + 1;
        let mut commit = Commit::new();
        commit.push(workers::save(&next, current.version));
        commit.run(ctx).await?;
        Output::json(200, &WorkerProfileView::new(&next, &worker, None, false))
    }
}
