//! The service saves a worker's profile (issue 21): functions and age
//! groups among its lists, qualification, installations she prefers or
//! refuses and those that refuse her, a weekly maximum, and — when given —
//! her availability (taken by phone). Under its version (409 when someone
//! saved meanwhile); audited.

use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::worker::{
    ExceptionInput, UsualWeekInput, among, installations, not_both, parse_availability,
    parse_weekly_maximum,
};
use crate::layout::keys;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::replacements::support::workers::{self, WorkerProfileView};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::Key;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_worker_profile")
    .put("/orgs/{org_id}/workers/{user_id}/profile")
    .access(Access::Member(Permission::Dispatch))
    .summary("Dispatch: save a replacement worker's profile (and her availability when given)")
    .takes(Body::of::<ProfileInput>())
    .answers(200, Body::of::<WorkerProfileView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub age_groups: Vec<String>,
    #[serde(default)]
    pub qualified: bool,
    #[serde(default)]
    pub preferred: Vec<String>,
    #[serde(default)]
    pub refused: Vec<String>,
    #[serde(default)]
    pub refused_by: Vec<String>,
    pub max_weekly_minutes: Option<u32>,
    /// Her usual week (kept as it is when absent).
    pub week: Option<UsualWeekInput>,
    /// Her exceptions (kept as they are when absent).
    pub exceptions: Option<Vec<ExceptionInput>>,
    /// The version shown (0 for a profile never saved).
    pub version: Option<u64>,
}

struct Phases;

impl Phased for Phases {
    type Input = ProfileInput;

    fn plan(_ctx: &Context, request: &Request, input: &ProfileInput) -> Vec<Key> {
        let org = crate::operations::phases::org(request);
        let mut keys = match request.params.get("user_id") {
            Some(id) if crate::domain::ids::is_id(id) => {
                vec![keys::membership(org, id), keys::worker_profile(org, id)]
            }
            _ => Vec::new(),
        };
        keys.extend(workers::named_keys(
            org,
            &[&input.preferred, &input.refused, &input.refused_by],
        ));
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<ProfileInput, OpError>) -> Outcome {
        let member = request.member()?;
        let org_id = member.org_id();
        let (worker, current) = workers::load(ctx, org_id, request.param("user_id")?).await?;
        let input = input?;
        let settings = &member.org.settings;
        let mut errors = ValidationErrors::default();
        let known = workers::live_named(
            ctx,
            org_id,
            &[
                ("preferred", &input.preferred),
                ("refused", &input.refused),
                ("refused_by", &input.refused_by),
            ],
            &mut errors,
        )
        .await?;
        let mut next = current.clone();
        next.functions = among(
            "functions",
            &input.functions,
            &settings.replacement_functions,
            &mut errors,
        );
        next.age_groups = among(
            "age_groups",
            &input.age_groups,
            &settings.age_groups,
            &mut errors,
        );
        next.qualified = input.qualified;
        next.preferred = installations("preferred", &input.preferred, &known, &mut errors);
        next.refused = installations("refused", &input.refused, &known, &mut errors);
        not_both(&next.preferred, &input.refused, &mut errors);
        next.refused_by = installations("refused_by", &input.refused_by, &known, &mut errors);
        next.max_weekly_minutes = parse_weekly_maximum(input.max_weekly_minutes, &mut errors);
        if input.week.is_some() || input.exceptions.is_some() {
            let week = input
                .week
                .unwrap_or_else(|| UsualWeekInput::of(&current.availability.week));
            let exceptions = input.exceptions.unwrap_or_default();
            next.availability = parse_availability(&week, &exceptions, &mut errors);
        }
        let version = workers::expected_version(input.version, &mut errors);
        errors.finish(())?;
        if version != Some(current.version) {
            return Err(OpError::VersionConflict);
        }
        let now = ctx.clock.now();
        next.updated_at = Some(now);
        next.version = current.version + 1;
        let mut commit = Commit::new();
        commit.push(workers::save(&next, current.version)).push(
            Audit::new(ctx, org_id, &member.account_id, "worker_profile.changed")
                .of(&worker)
                .set("functions", &next.functions)
                .set("age_groups", &next.age_groups)
                .set("qualified", next.qualified)
                .set("max_weekly_minutes", next.max_weekly_minutes)
                .write(),
        );
        commit.run(ctx).await?;
        Output::json(200, &WorkerProfileView::new(&next, &worker, None, true))
    }
}
