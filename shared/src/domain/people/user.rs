//! Creating a user record (DESIGN §5.1): the form's fields and their rules.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::locale::Locale;
use crate::domain::people::membership::Civility;
use crate::domain::people::permission::{Grants, Permission, RolePreset};
use crate::domain::validate::{self, Email, SHORT_TEXT_MAX};
use serde::Deserialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Access to one establishment: permissions ticked one by one and/or role
/// presets ticked in one go.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishmentAccessInput {
    pub establishment_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<Permission>)]
    pub permissions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<RolePreset>)]
    pub presets: Vec<String>,
}

/// The user form as submitted. Every field is optional here so that each
/// missing one is reported by name, all at once.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserInput {
    /// `mme`, `m` or `mx`.
    #[schema(value_type = Civility)]
    pub civility: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    /// `YYYY-MM-DD`
    pub birth_date: Option<String>,
    pub main_establishment: Option<String>,
    #[serde(default)]
    pub manager: bool,
    #[serde(default)]
    pub establishments: Vec<EstablishmentAccessInput>,
    pub locale: Option<Locale>,
}

/// A validated user record, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    pub civility: Civility,
    pub last_name: String,
    pub first_name: String,
    /// `None`: a record kept before the person's email is known (seed 000,
    /// 002); she is invited once one is set.
    pub email: Option<Email>,
    pub phone: String,
    pub function: Option<String>,
    pub birth_date: Option<jiff::civil::Date>,
    pub main_establishment: Option<String>,
    pub manager: bool,
    pub grants: Grants,
    pub locale: Option<Locale>,
}

fn parse_enum<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_lowercase())).ok()
}

/// Grants from the form's establishment lines: each known establishment
/// with its ticked permissions and presets. Errors are named by line.
pub fn parse_grants(
    lines: &[EstablishmentAccessInput],
    establishments: &[String],
    errors: &mut ValidationErrors,
) -> Grants {
    let mut grants = Grants::new();
    for (i, access) in lines.iter().enumerate() {
        let field = format!("establishments[{i}].establishment_id");
        let est = match access.establishment_id.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push(field, FieldCode::Required);
                continue;
            }
            Some(id) if !establishments.iter().any(|e| e == id) => {
                errors.push(field, FieldCode::UnknownEstablishment);
                continue;
            }
            Some(id) => id.to_string(),
        };
        let mut set: BTreeSet<Permission> = BTreeSet::new();
        for (j, raw) in access.permissions.iter().enumerate() {
            match parse_enum::<Permission>(raw) {
                Some(p) => {
                    set.insert(p);
                }
                None => errors.push(
                    format!("establishments[{i}].permissions[{j}]"),
                    FieldCode::InvalidValue,
                ),
            }
        }
        for (j, raw) in access.presets.iter().enumerate() {
            match parse_enum::<RolePreset>(raw) {
                Some(preset) => set.extend(preset.permissions().iter().copied()),
                None => errors.push(
                    format!("establishments[{i}].presets[{j}]"),
                    FieldCode::InvalidValue,
                ),
            }
        }
        grants.entry(est).or_default().extend(set);
    }
    grants
}

impl NewUser {
    /// Her email, empty while the record waits for one.
    pub fn email_str(&self) -> &str {
        self.email.as_ref().map(Email::as_str).unwrap_or_default()
    }
}

impl NewUserInput {
    /// The establishment ids the form names (trimmed), known or not.
    pub fn establishment_ids(&self) -> Vec<String> {
        self.establishments
            .iter()
            .filter_map(|line| line.establishment_id.as_deref().map(str::trim))
            .map(str::to_string)
            .collect()
    }

    /// Validates the form against the organisation's active establishments;
    /// the email is required.
    pub fn validate(&self, establishments: &[String]) -> Result<NewUser, ValidationErrors> {
        self.check(establishments, true)
    }

    /// The same for a record a manager keeps: the email may be left empty
    /// (she is invited once it is set).
    pub fn validate_record(&self, establishments: &[String]) -> Result<NewUser, ValidationErrors> {
        self.check(establishments, false)
    }

    fn check(
        &self,
        establishments: &[String],
        email_required: bool,
    ) -> Result<NewUser, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let civility = match self.civility.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("civility", FieldCode::Required);
                None
            }
            Some(raw) => {
                let parsed = parse_enum::<Civility>(raw);
                if parsed.is_none() {
                    errors.push("civility", FieldCode::InvalidValue);
                }
                parsed
            }
        };
        let last_name = errors.take(
            "last_name",
            validate::person_name(self.last_name.as_deref(), SHORT_TEXT_MAX),
        );
        let first_name = errors.take(
            "first_name",
            validate::person_name(self.first_name.as_deref(), SHORT_TEXT_MAX),
        );
        let raw_email = self.email.as_deref().unwrap_or("");
        let email = if raw_email.trim().is_empty() && !email_required {
            Some(None)
        } else {
            errors.take("email", Email::parse(raw_email)).map(Some)
        };
        let phone = errors.take("phone", validate::phone(self.phone.as_deref()));
        let function = errors.take(
            "function",
            validate::optional_text(self.function.as_deref(), SHORT_TEXT_MAX),
        );
        let birth_date = errors.take("birth_date", validate::date(self.birth_date.as_deref()));
        if let Some(Some(date)) = birth_date {
            let plausible = date.year() >= 1900 && date.year() <= 2100;
            if !plausible {
                errors.push("birth_date", FieldCode::InvalidDate);
            }
        }

        let grants = parse_grants(&self.establishments, establishments, &mut errors);
        if grants.is_empty() && !self.manager {
            errors.push("establishments", FieldCode::NoAccessGiven);
        }

        let main_establishment = match self.main_establishment.as_deref().map(str::trim) {
            None | Some("") => grants.keys().next().cloned(),
            Some(id)
                if grants.contains_key(id)
                    || (self.manager && establishments.iter().any(|e| e == id)) =>
            {
                Some(id.to_string())
            }
            Some(_) => {
                errors.push("main_establishment", FieldCode::UnknownEstablishment);
                None
            }
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `None` above recorded an error, so these are all present.
        match (
            civility, last_name, first_name, email, phone, function, birth_date,
        ) {
            (
                Some(civility),
                Some(last_name),
                Some(first_name),
                Some(email),
                Some(phone),
                Some(function),
                Some(birth_date),
            ) => Ok(NewUser {
                civility,
                last_name,
                first_name,
                email,
                phone,
                function,
                birth_date,
                main_establishment,
                manager: self.manager,
                grants,
                locale: self.locale,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> NewUserInput {
        NewUserInput {
            civility: Some("mme".into()),
            last_name: Some("Tremblay".into()),
            first_name: Some("Marie-Ève".into()),
            email: Some("Marie.Tremblay@Exemple.ca".into()),
            phone: Some("514 555-0199".into()),
            function: Some("Éducatrice".into()),
            birth_date: Some("1990-04-12".into()),
            establishments: vec![EstablishmentAccessInput {
                establishment_id: Some("est-1".into()),
                permissions: vec!["leave".into()],
                presets: vec!["client".into()],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_accepted_and_normalised() {
        let user = valid().validate(&["est-1".into()]).unwrap();
        assert_eq!(user.email.unwrap().as_str(), "marie.tremblay@exemple.ca");
        let perms = &user.grants["est-1"];
        assert!(perms.contains(&Permission::Leave));
        assert!(perms.contains(&Permission::ApproveHours));
        assert_eq!(user.main_establishment.as_deref(), Some("est-1"));
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors = NewUserInput::default().validate(&[]).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "civility",
            "last_name",
            "first_name",
            "email",
            "phone",
            "establishments",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn a_kept_record_may_wait_for_its_email_but_not_a_bad_one() {
        let mut input = valid();
        input.email = Some("  ".into());
        assert_eq!(
            input.validate_record(&["est-1".into()]).unwrap().email,
            None
        );
        let errors = input.validate(&["est-1".into()]).unwrap_err();
        assert_eq!(errors.0[0].field, "email");
        input.email = Some("marie@".into());
        let errors = input.validate_record(&["est-1".into()]).unwrap_err();
        assert_eq!(errors.0[0].field, "email");
    }

    #[test]
    fn unknown_establishments_and_permissions_are_refused() {
        let mut input = valid();
        input.establishments[0].establishment_id = Some("elsewhere".into());
        let errors = input.validate(&["est-1".into()]).unwrap_err();
        assert_eq!(errors.0[0].code, FieldCode::UnknownEstablishment);

        let mut input = valid();
        input.establishments[0].permissions = vec!["fly".into()];
        let errors = input.validate(&["est-1".into()]).unwrap_err();
        assert_eq!(errors.0[0].field, "establishments[0].permissions[0]");
    }

    #[test]
    fn a_manager_needs_no_establishment() {
        let mut input = valid();
        input.establishments.clear();
        assert!(input.validate(&[]).is_err());
        input.manager = true;
        assert!(input.validate(&[]).unwrap().manager);
    }
}
