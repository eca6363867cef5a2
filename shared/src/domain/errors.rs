//! Domain-level errors: field validation and refused state transitions.

use serde::Serialize;
use thiserror::Error;

/// Why one input field was refused. The code is stable; the HTTP layer turns
/// it into French or English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidDate,
    InvalidValue,
    ControlCharacters,
    MixedScripts,
    UnknownEstablishment,
    NoAccessGiven,
    Mismatch,
    WeakPassword,
    MustAccept,
    Immutable,
    EndBeforeStart,
    RangeTooLong,
    BreakTooLong,
    InvalidAdjustment,
    NoteRequired,
    NotPositive,
    TooLarge,
    NoWorkingDay,
    UnsupportedFileType,
    FileTooLarge,
    NotAMonday,
    Duplicate,
    OutsideWeek,
    InvalidIban,
    EitherOr,
    OutsideRange,
    PayableNegative,
    PayableOverSpan,
    UnknownBank,
    BankOfAnotherKind,
    PreferredAndRefused,
    NoMobileNumber,
}

impl FieldCode {
    /// Human text for the code, in French or English.
    pub fn message(self, fr: bool) -> &'static str {
        use FieldCode::*;
        match (self, fr) {
            (Required, true) => "Ce champ est obligatoire.",
            (Required, false) => "This field is required.",
            (TooLong, true) => "Ce champ est trop long.",
            (TooLong, false) => "This field is too long.",
            (InvalidEmail, true) => "Cette adresse courriel n'est pas valide.",
            (InvalidEmail, false) => "This email address is not valid.",
            (InvalidPhone, true) => "Ce numéro de téléphone n'est pas valide.",
            (InvalidPhone, false) => "This phone number is not valid.",
            (InvalidDate, true) => "Cette date n'est pas valide (AAAA-MM-JJ).",
            (InvalidDate, false) => "This date is not valid (YYYY-MM-DD).",
            (InvalidValue, true) => "Cette valeur n'est pas acceptée.",
            (InvalidValue, false) => "This value is not accepted.",
            (ControlCharacters, true) => "Ce champ contient des caractères non permis.",
            (ControlCharacters, false) => "This field contains characters that are not allowed.",
            (MixedScripts, true) => {
                "Ce nom mélange des alphabets (latin, grec, cyrillique) qui se ressemblent."
            }
            (MixedScripts, false) => {
                "This name mixes look-alike alphabets (Latin, Greek, Cyrillic)."
            }
            (UnknownEstablishment, true) => "Cet établissement n'existe pas dans l'organisation.",
            (UnknownEstablishment, false) => {
                "This establishment does not exist in the organisation."
            }
            (NoAccessGiven, true) => {
                "Choisissez au moins un établissement avec ses permissions, ou le statut de gestionnaire."
            }
            (NoAccessGiven, false) => {
                "Choose at least one establishment with its permissions, or the manager status."
            }
            (Mismatch, true) => "Les deux valeurs ne correspondent pas.",
            (Mismatch, false) => "The two values do not match.",
            (WeakPassword, true) => {
                "Le mot de passe doit contenir au moins 10 caractères, dont une majuscule, une minuscule et un chiffre."
            }
            (WeakPassword, false) => {
                "The password must have at least 10 characters, including an uppercase letter, a lowercase letter and a digit."
            }
            (EndBeforeStart, true) => "La fin doit venir après le début.",
            (EndBeforeStart, false) => "The end must come after the start.",
            (RangeTooLong, true) => "La période ne peut pas dépasser 90 jours.",
            (RangeTooLong, false) => "The period cannot exceed 90 days.",
            (BreakTooLong, true) => "La pause non payée doit être plus courte que le quart.",
            (BreakTooLong, false) => "The unpaid break must be shorter than the shift.",
            (InvalidAdjustment, true) => {
                "Ajustement invalide : inscrivez des heures signées avec deux décimales, par exemple -1,00, 1,00 ou +0,25."
            }
            (InvalidAdjustment, false) => {
                "Invalid adjustment: write signed hours with two decimals, for example -1,00, 1,00 or +0,25."
            }
            (NoteRequired, true) => {
                "Une note justificative est obligatoire pour toute modification."
            }
            (NoteRequired, false) => "A justification note is required for every modification.",
            (Immutable, true) => "Ce champ ne peut plus être modifié une fois établi.",
            (Immutable, false) => "This field cannot be changed once set.",
            (MustAccept, true) => "Vous devez accepter les conditions d'utilisation.",
            (MustAccept, false) => "You must accept the terms of use.",
            (NotPositive, true) => "Le montant doit être positif.",
            (NotPositive, false) => "The amount must be positive.",
            (TooLarge, true) => "Cette valeur dépasse le maximum permis.",
            (TooLarge, false) => "This value exceeds the maximum allowed.",
            (NoWorkingDay, true) => "La période ne contient aucun jour ouvrable.",
            (NoWorkingDay, false) => "The period contains no working day.",
            (UnsupportedFileType, true) => {
                "Ce type de fichier n'est pas accepté (PDF, JPEG, PNG ou HEIC)."
            }
            (UnsupportedFileType, false) => {
                "This file type is not accepted (PDF, JPEG, PNG or HEIC)."
            }
            (FileTooLarge, true) => "Le fichier dépasse la taille maximale de 10 Mo.",
            (FileTooLarge, false) => "The file exceeds the 10 MB limit.",
            (NotAMonday, true) => "Une semaine est désignée par son lundi (AAAA-MM-JJ).",
            (NotAMonday, false) => "A week is named by its Monday (YYYY-MM-DD).",
            (Duplicate, true) => "Cette valeur apparaît deux fois.",
            (Duplicate, false) => "This value appears twice.",
            (OutsideWeek, true) => "Ce jour n'appartient pas à la semaine.",
            (OutsideWeek, false) => "This day is not in the week.",
            (InvalidIban, true) => {
                "Cet IBAN n'est pas valide (longueur ou clé de contrôle incorrecte)."
            }
            (InvalidIban, false) => "This IBAN is not valid (wrong length or check digits).",
            (EitherOr, true) => {
                "Donnez un IBAN ou un compte canadien (transit, institution, compte), pas les deux."
            }
            (EitherOr, false) => {
                "Give an IBAN or a Canadian account (transit, institution, account), not both."
            }
            (OutsideRange, true) => {
                "Ce jour n'est pas dans la période, de la date de début à la date de fin."
            }
            (OutsideRange, false) => {
                "This day is not in the period, from the start date to the end date."
            }
            (PayableNegative, true) => {
                "Avec cet ajustement, les heures payables de ce quart seraient sous 0,00 h (heures travaillées moins la pause, plus les ajustements)."
            }
            (PayableNegative, false) => {
                "With this adjustment this shift's payable hours would fall below 0,00 h (hours worked less the break, plus the adjustments)."
            }
            (PayableOverSpan, true) => {
                "Avec cet ajustement, les heures payables de ce quart dépasseraient sa durée, de l'heure de début à l'heure de fin."
            }
            (PayableOverSpan, false) => {
                "With this adjustment this shift's payable hours would exceed its span, from its start time to its end time."
            }
            (UnknownBank, true) => "Cette banque d'heures n'existe pas dans l'organisation.",
            (UnknownBank, false) => "This bank of hours does not exist in the organisation.",
            (BankOfAnotherKind, true) => {
                "Cette banque d'heures ne sert pas à ce type d'absence : des vacances se prennent sur une banque de vacances, pas sur les heures supplémentaires."
            }
            (BankOfAnotherKind, false) => {
                "This bank of hours is not for this type of absence: vacation is taken from a vacation bank, not from overtime."
            }
            (PreferredAndRefused, true) => {
                "Cette installation est aussi cochée parmi les préférées : une installation est préférée ou refusée, pas les deux."
            }
            (PreferredAndRefused, false) => {
                "This installation is also ticked as preferred: an installation is preferred or refused, not both."
            }
            (NoMobileNumber, true) => {
                "Votre numéro de téléphone au dossier ne peut pas recevoir de texto : demandez au service de l'inscrire (par exemple 514 555-0142)."
            }
            (NoMobileNumber, false) => {
                "The phone number on file cannot receive texts: ask the service to enter it (for example 514 555-0142)."
            }
        }
    }
}

/// One refused field: its JSON path and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
}

/// Every refused field of one input, collected so the person sees them all
/// at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: impl Into<String>, code: FieldCode) {
        self.0.push(FieldError {
            field: field.into(),
            code,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was refused.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Keeps the value of a field check and records its error.
    pub fn take<T>(&mut self, field: &str, result: Result<T, FieldCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.push(field, code);
                None
            }
        }
    }
}
