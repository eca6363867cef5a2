//! A manager changes the organisation's settings: invite every new user
//! automatically, default language, invitation validity.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::locale::Locale;
use crate::domain::organisation::model::{OrgSettings, Organisation};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_settings")
    .patch("/orgs/{org_id}/settings")
    .access(Access::Manager)
    .summary("Change the organisation's settings (auto-invite, language, invitation validity, employee-space features and editable profile fields, whether banks of hours may go negative, whom a second factor is required of, which emails members receive by default)")
    .takes(Body::of::<SettingsPatch>())
    .answers(200, Body::of::<OrgSettings>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

/// Settings to change; absent ones stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// Send the activation email to every new user at creation.
    pub auto_invite: Option<bool>,
    pub locale: Option<Locale>,
    /// 1 to 90 days.
    pub invitation_validity_days: Option<i64>,
    /// Activation asks for the mail key, the email key and the secret answer.
    pub require_security_keys: Option<bool>,
    /// Functions of replacement workers the service offers.
    pub replacement_functions: Option<Vec<String>>,
    /// Age groups of the children.
    pub age_groups: Option<Vec<String>>,
    /// Employee-space features to switch on (`true`) or off (`false`);
    /// absent ones stay as they are.
    #[schema(value_type = Option<BTreeMap<crate::domain::employee_space::employee::Feature, bool>>)]
    pub features:
        Option<std::collections::BTreeMap<crate::domain::employee_space::employee::Feature, bool>>,
    /// The profile fields employees may edit themselves.
    pub editable_profile_fields: Option<Vec<crate::domain::employee_space::employee::ProfileField>>,
    /// A working day in minutes (60 to 1440): a day of leave takes this.
    pub working_day_minutes: Option<u32>,
    /// Leave may take a bank of hours below zero (default: no).
    pub banks_may_go_negative: Option<bool>,
    /// Whom a second factor is required of: `nobody`, `managers`,
    /// `sensitive_data` (managers and holders of sensitive data) or
    /// `everyone`.
    pub mfa_policy: Option<crate::domain::accounts::mfa::Policy>,
    /// `one` activation email (its link sets the password) or `two` (the
    /// first validates the address, the second sets the password).
    pub activation_emails: Option<crate::domain::accounts::invitation::ActivationEmails>,
    /// Minutes (1 to 1440) between an offer's first and second waves, and
    /// between the second and the dispatcher's alert.
    pub offer_wave_minutes: Option<u32>,
    /// The emails members receive unless they choose otherwise: each on
    /// (`true`) or off (`false`), `null` back to on; absent ones stay.
    #[schema(value_type = Option<BTreeMap<crate::domain::people::notifications::Notification, Option<bool>>>)]
    pub notification_defaults: Option<
        std::collections::BTreeMap<
            crate::domain::people::notifications::Notification,
            Option<bool>,
        >,
    >,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let patch: SettingsPatch = request.json()?;
    let lists = validate(&patch)?;
    let org = organisations::load(ctx, member.org_id()).await?;
    let decision = decide(
        &org,
        patch,
        lists,
        &member.account_id,
        ctx.new_id(),
        ctx.clock.now(),
    );
    // A stale version fails the condition: 409 version-conflict.
    decision.commit.run(ctx).await?;
    Output::json(200, &decision.settings)
}

/// The patch's lists, cleaned (trimmed, without duplicates), once every
/// field is valid.
#[derive(Debug, Default)]
struct Lists {
    functions: Option<Vec<String>>,
    age_groups: Option<Vec<String>>,
}

fn validate(patch: &SettingsPatch) -> Result<Lists, OpError> {
    let mut errors = ValidationErrors::default();
    if patch
        .invitation_validity_days
        .is_some_and(|d| !(1..=90).contains(&d))
    {
        errors.push("invitation_validity_days", FieldCode::InvalidValue);
    }
    let mut list = |field: &str, raw: &Option<Vec<String>>| -> Option<Vec<String>> {
        let raw = raw.as_ref()?;
        let mut out: Vec<String> = Vec::new();
        for (i, item) in raw.iter().enumerate() {
            match crate::domain::validate::required_text(Some(item), 100) {
                Ok(v) if !out.contains(&v) => out.push(v),
                Ok(_) => {}
                Err(code) => errors.push(format!("{field}[{i}]"), code),
            }
        }
        if out.is_empty() {
            errors.push(field, FieldCode::Required);
        }
        Some(out)
    };
    let functions = list("replacement_functions", &patch.replacement_functions);
    let age_groups = list("age_groups", &patch.age_groups);
    if patch
        .working_day_minutes
        .is_some_and(|m| !(60..=1440).contains(&m))
    {
        errors.push("working_day_minutes", FieldCode::InvalidValue);
    }
    if patch
        .offer_wave_minutes
        .is_some_and(|m| !(1..=1440).contains(&m))
    {
        errors.push("offer_wave_minutes", FieldCode::InvalidValue);
    }
    errors.finish(())?;
    Ok(Lists {
        functions,
        age_groups,
    })
}

/// The settings after the patch, and their writes (none when nothing
/// changes).
struct Decision {
    commit: Commit,
    settings: OrgSettings,
}

fn decide(
    org: &Organisation,
    patch: SettingsPatch,
    lists: Lists,
    actor: &str,
    audit_id: String,
    now: jiff::Timestamp,
) -> Decision {
    let mut settings = org.settings.clone();
    if let Some(v) = patch.auto_invite {
        settings.auto_invite = v;
    }
    if let Some(v) = patch.locale {
        settings.locale = v;
    }
    if let Some(v) = patch.invitation_validity_days {
        settings.invitation_validity_days = v;
    }
    if let Some(v) = patch.require_security_keys {
        settings.require_security_keys = v;
    }
    if let Some(v) = lists.functions {
        settings.replacement_functions = v;
    }
    if let Some(v) = lists.age_groups {
        settings.age_groups = v;
    }
    for (feature, on) in patch.features.iter().flatten() {
        if *on {
            settings.features.insert(*feature);
        } else {
            settings.features.remove(feature);
        }
    }
    if let Some(v) = &patch.editable_profile_fields {
        settings.editable_profile_fields = v.iter().copied().collect();
    }
    if let Some(v) = patch.working_day_minutes {
        settings.working_day_minutes = v;
    }
    if let Some(v) = patch.banks_may_go_negative {
        settings.banks_may_go_negative = v;
    }
    if let Some(v) = patch.mfa_policy {
        settings.mfa_policy = v;
    }
    if let Some(v) = patch.activation_emails {
        settings.activation_emails = v;
    }
    if let Some(v) = patch.offer_wave_minutes {
        settings.offer_wave_minutes = v;
    }
    if let Some(changes) = &patch.notification_defaults {
        settings.notification_defaults =
            crate::domain::people::notifications::changed(&settings.notification_defaults, changes);
    }
    let mut commit = Commit::new();
    if settings == org.settings {
        return Decision { commit, settings };
    }
    let mut set = serde_json::Map::new();
    set.insert(
        "settings".into(),
        serde_json::to_value(&settings).unwrap_or_default(),
    );
    commit
        // Only these attributes: the counters beside them are left alone.
        .push(organisations::update(org, set))
        .push(
            Audit::at(
                audit_id,
                now,
                &org.id,
                actor,
                "organisation.settings_changed",
            )
            .change("settings", &org.settings, &settings)
            .write(),
        );
    Decision { commit, settings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::Feature;
    use crate::operations::organisation::support::fixtures::{at, org};
    use crate::ports::{Condition, Write};

    fn patch(json: serde_json::Value) -> SettingsPatch {
        serde_json::from_value(json).unwrap()
    }

    fn refused_fields(patch: SettingsPatch) -> Vec<(String, FieldCode)> {
        match validate(&patch) {
            Err(OpError::Validation(errors)) => {
                errors.0.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("not refused: {other:?}"),
        }
    }

    fn settle(org: &Organisation, json: serde_json::Value) -> Decision {
        let patch = patch(json);
        let lists = validate(&patch).unwrap();
        decide(org, patch, lists, "boss", "e1".into(), at())
    }

    #[test]
    fn an_invitation_validity_outside_one_to_ninety_days_is_refused() {
        assert_eq!(
            refused_fields(patch(serde_json::json!({"invitation_validity_days": 91}))),
            vec![("invitation_validity_days".into(), FieldCode::InvalidValue)]
        );
    }

    #[test]
    fn a_working_day_outside_one_to_twenty_four_hours_is_refused() {
        assert_eq!(
            refused_fields(patch(serde_json::json!({"working_day_minutes": 59}))),
            vec![("working_day_minutes".into(), FieldCode::InvalidValue)]
        );
    }

    #[test]
    fn a_list_is_kept_trimmed_without_duplicates_and_never_empty() {
        let org = org();
        let decision = settle(
            &org,
            serde_json::json!({"age_groups": [" Poupons ", "Poupons", "Scolaire"]}),
        );
        assert_eq!(decision.settings.age_groups, ["Poupons", "Scolaire"]);
        assert_eq!(
            refused_fields(patch(serde_json::json!({"replacement_functions": ["  "]}))),
            vec![
                ("replacement_functions[0]".into(), FieldCode::Required),
                ("replacement_functions".into(), FieldCode::Required),
            ]
        );
    }

    #[test]
    fn features_are_switched_on_and_off_and_the_others_stay() {
        let mut org = org();
        org.settings.features.insert(Feature::ExpenseNotes);
        let decision = settle(
            &org,
            serde_json::json!({"features": {"expense_notes": false, "absences": true}}),
        );
        assert!(!decision.settings.features.contains(&Feature::ExpenseNotes));
        assert!(decision.settings.features.contains(&Feature::Absences));
    }

    #[test]
    fn banks_may_not_go_negative_unless_the_manager_says_so() {
        let org = org();
        assert!(!org.settings.banks_may_go_negative, "the default: no");
        let decision = settle(&org, serde_json::json!({"banks_may_go_negative": true}));
        assert!(decision.settings.banks_may_go_negative);
        assert!(!decision.commit.is_empty());
        // A record written before the setting existed reads as no.
        let mut stored = serde_json::to_value(&org.settings).unwrap();
        stored
            .as_object_mut()
            .unwrap()
            .remove("banks_may_go_negative");
        let read: OrgSettings = serde_json::from_value(stored).unwrap();
        assert!(!read.banks_may_go_negative);
    }

    #[test]
    fn settings_that_do_not_change_write_nothing() {
        let org = org();
        let same = org.settings.auto_invite;
        let decision = settle(&org, serde_json::json!({"auto_invite": same}));
        assert!(decision.commit.is_empty());
        assert_eq!(decision.settings, org.settings);
    }

    #[test]
    fn a_change_is_written_on_the_version_read_and_audited_with_before_and_after() {
        let org = org();
        let decision = settle(
            &org,
            serde_json::json!({"auto_invite": !org.settings.auto_invite}),
        );
        let writes = decision.commit.writes();
        assert_eq!(writes.len(), 2);
        let Write::Update { set, condition, .. } = &writes[0] else {
            panic!("{writes:?}")
        };
        assert_eq!(*condition, Some(Condition::VersionIs(org.version)));
        assert_eq!(set["version"], org.version + 1);
        let Write::Put { item, .. } = &writes[1] else {
            panic!("{writes:?}")
        };
        assert_eq!(item["action"], "organisation.settings_changed");
        assert_eq!(
            item["changes"]["settings"]["before"]["auto_invite"],
            org.settings.auto_invite
        );
        assert_eq!(
            item["changes"]["settings"]["after"]["auto_invite"],
            !org.settings.auto_invite
        );
    }
}
