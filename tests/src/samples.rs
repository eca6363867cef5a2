//! The `events/` samples and the state each expects: the demo organisation,
//! a sample user (`SAMPLE_USER`) in a given status, a pending access
//! request, and the session tokens the samples carry. Used by the events
//! test (in-memory adapters) and by the benchmark (in memory for the warm
//! cost, in the emulator for cold starts, with real tokens swapped in).

use crate::seed::{
    DEMO_ESTABLISHMENTS, DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_ID, seed_demo, seed_operator,
};
use crate::template::root;
use sesame::adapters::memory::{
    ManualClock, MemoryCipher, MemoryDirectory, MemoryFiles, MemoryMailer, MemoryStore,
    MemoryTexter, SeededRandom,
};
use sesame::config::Settings;
use sesame::domain::accounts::account::Account;
use sesame::domain::accounts::invitation::{Invitation, LinkToken, TokenPurpose};
use sesame::domain::ids::token_hash;
use sesame::domain::locale::Locale;
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::people::permission::Permission;
use sesame::layout::employee::{HourBank, HourBanks};
use sesame::layout::records::{
    AccessRequest, EmailClaim, StoredToken, count, status_delta, to_item,
};
use sesame::operations::{Context, OpError};
use sesame::ports::Write;
use std::sync::Arc;

pub const SAMPLE_USER: &str = "019a0000-0000-7000-8000-00000000b001";
pub const SAMPLE_REQUEST: &str = "019a0000-0000-7000-8000-00000000c001";
/// The raw token of the invited sample user's first activation email (the
/// organisations that send two), as the verify_address sample presents it.
pub const SAMPLE_ADDRESS_TOKEN: &str = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
/// The sample state's bank of hours (no rule, no leave taken from it).
pub const SAMPLE_BANK: &str = "019a0000-0000-7000-8000-00000000b0b9";
pub const MANAGER_SESSION: &str = "sample-manager-session";
pub const OPERATOR_SESSION: &str = "sample-operator-session";

/// The sample user's status each sample expects, and the answer.
pub fn expectation(id: &str) -> Option<(MembershipStatus, u16)> {
    use MembershipStatus::*;
    Some(match id {
        "create_user" => (Draft, 201),
        "send_activation" => (Draft, 200),
        // The sample's token is not on file: "invalid link".
        "confirm_account" => (Invited, 400),
        "sign_in" | "me" | "get_user" | "list_users" | "update_user" => (Invited, 200),
        "list_company_users" => (Invited, 200),
        // The sample user holds no timesheet permission: no worker; the
        // manager neither (her own profile); the sample request is not on
        // file.
        "get_worker_profile" | "set_worker_profile" | "my_worker_profile" => (Invited, 404),
        "set_my_availability" | "replacement_matches" => (Invited, 404),
        // The sample request is not on file; the manager was offered none.
        "offer_replacement" | "answer_offer" => (Invited, 404),
        "list_my_offers" => (Invited, 200),
        "get_calendar_feed" | "revoke_calendar_feed" => (Invited, 200),
        "create_calendar_feed" => (Invited, 201),
        // The sample token is not on file.
        "calendar_feed" => (Invited, 404),
        "cancel_invitation" | "change_email" | "delete_user" => (Invited, 200),
        "disable_user" => (Active, 200),
        "enable_user" => (Disabled, 200),
        "resend_pending" | "update_settings" | "list_audit" | "permission_matrix" => (Invited, 200),
        "appoint_manager" | "list_managers" | "set_grants" => (Invited, 200),
        "create_establishment" => (Invited, 201),
        "list_establishments" | "update_establishment" | "archive_establishment" => (Invited, 200),
        "get_organisation" | "update_organisation" => (Invited, 200),
        "request_access" => (Invited, 202),
        "list_access_requests" | "refuse_access_request" => (Invited, 200),
        "approve_access_request" => (Invited, 201),
        "create_organisation" => (Invited, 201),
        "set_security_key" | "set_secret_question" => (Invited, 200),
        "activation_info" => (Invited, 400),
        // The invited sample user's first email's link is on file.
        "verify_address" => (Invited, 202),
        "submit_replacement" => (Invited, 201),
        "list_replacements" | "payroll_export" | "get_reports" | "fill_metrics" => (Invited, 200),
        // The sample request id is not on file in the fixture.
        "set_schedule" | "assign_worker" | "submit_timesheet" | "approve_hours" => (Invited, 404),
        "update_replacement" | "delete_replacement" | "cancel_replacement" | "mark_unfilled" => {
            (Invited, 404)
        }
        "replacement_lists" | "list_assignments" => (Invited, 200),
        // The demo organisation still has its manager: nothing to restore.
        "restore_manager" => (Invited, 409),
        // The sample user is no manager: removing the flag changes nothing.
        "remove_manager" => (Invited, 200),
        // The sample user is invited: a confirmation link goes out.
        "register" => (Invited, 202),
        "request_password_reset" => (Invited, 202),
        // The samples' tokens are not on file.
        "confirm_registration" | "reset_password" => (Invited, 400),
        // Employee space: the demo organisation has every feature on.
        "submit_leave" | "submit_expense" | "request_advance" | "create_hour_bank"
        | "share_document" => (Invited, 201),
        "list_leave" | "list_expenses" | "list_advances" | "list_weeks" | "list_documents" => {
            (Invited, 200)
        }
        "list_hour_banks" | "employee_hour_banks" | "get_schedule" => (Invited, 200),
        // The fixture's organisation has no bank of hours.
        // The sample state's bank: renamed; the sample user's adjustment.
        "update_hour_bank" => (Invited, 200),
        "adjust_hour_bank" => (Invited, 201),
        "submit_week" | "set_bank_details" | "update_profile" => (Invited, 200),
        "change_login_email" => (Invited, 202),
        // The samples' records are not on file in the fixture.
        "decide_leave"
        | "cancel_leave"
        | "decide_expense"
        | "expense_receipt"
        | "decide_advance"
        | "decide_week"
        | "get_bank_details"
        | "reveal_bank_details"
        | "download_document" => (Invited, 404),
        "confirm_login_email" => (Invited, 400),
        _ => return None,
    })
}

/// What an operation's sample event carries beyond what its SPEC says
/// (`sesame-generate` builds `events/<id>.json` from both): path
/// parameters other than the defaults ([`sample_param`]), a query string,
/// a JSON body. An operation without an entry gets the defaults, no query
/// and no body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    pub params: &'static [(&'static str, &'static str)],
    pub query: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
}

impl Sample {
    pub const NONE: Sample = Sample {
        params: &[],
        query: &[],
        body: None,
    };
}

/// The sample value of a path parameter, by name: the demo organisation,
/// the sample user, and fixed ids for the rest.
pub fn sample_param(name: &str) -> &'static str {
    match name {
        "org_id" => crate::seed::DEMO_ORG_ID,
        "user_id" => SAMPLE_USER,
        "establishment_id" => "019a0000-0000-7000-8000-00000000e002",
        "request_id" => "019a0000-0000-7000-8000-00000000e0e0",
        "replacement_id" => "019a0000-0000-7000-8000-00000000d0d0",
        "document_id" => "019a0000-0000-7000-8000-00000000d0c0",
        "bank_id" => SAMPLE_BANK,
        "week" => "2026-11-23",
        _ => "019a0000-0000-7000-8000-000000000001",
    }
}

/// The sample inputs of operation `id`'s event.
pub fn sample(id: &str) -> Sample {
    match id {
        "activation_info" => Sample {
            body: Some(r#"{"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#),
            ..Sample::NONE
        },
        // The invited sample user's first email's link (see [`records`]).
        "verify_address" => Sample {
            body: Some(r#"{"token": "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}"#),
            ..Sample::NONE
        },
        "approve_access_request" => Sample {
            params: &[("request_id", SAMPLE_REQUEST)],
            body: Some(
                r#"{"establishment_id": "019a0000-0000-7000-8000-00000000e001", "presets": ["employee"]}"#,
            ),
            ..Sample::NONE
        },
        "approve_hours" => Sample {
            body: Some(
                r#"{"version": 3, "modifications": [{"date": "2026-12-07", "adjustment": "-1,00", "meal": true, "note": "Départ à 15 h, entente avec la direction."}]}"#,
            ),
            ..Sample::NONE
        },
        "assign_worker" => Sample {
            body: Some(r#"{"worker_id": "019a0000-0000-7000-8000-00000000b001"}"#),
            ..Sample::NONE
        },
        "change_email" => Sample {
            body: Some(r#"{"email": "julien.roy@nouveau.exemple.ca", "version": 1}"#),
            ..Sample::NONE
        },
        "change_login_email" => Sample {
            body: Some(r#"{"email": "sophie.gagnon@exemple.ca"}"#),
            ..Sample::NONE
        },
        "confirm_account" => Sample {
            body: Some(
                r#"{"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "password": "Bonjour-Zoe-2026", "password_confirmation": "Bonjour-Zoe-2026"}"#,
            ),
            ..Sample::NONE
        },
        "confirm_login_email" => Sample {
            body: Some(r#"{"token": "qL3kzJ0m1QwZr8yXn5vB7cT2hG6dF4sA9pE0uI1oK3w"}"#),
            ..Sample::NONE
        },
        "confirm_registration" => Sample {
            body: Some(r#"{"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#),
            ..Sample::NONE
        },
        "create_establishment" => Sample {
            body: Some(r#"{"name": "Installation Hochelaga"}"#),
            ..Sample::NONE
        },
        "adjust_hour_bank" => Sample {
            body: Some(
                r#"{"movement": "adjustment", "minutes": 120, "note": "Heures oubliées la semaine du 23 novembre"}"#,
            ),
            ..Sample::NONE
        },
        "update_hour_bank" => Sample {
            body: Some(r#"{"name": "Heures supplémentaires (reprise)", "version": 1}"#),
            ..Sample::NONE
        },
        "get_schedule" => Sample {
            query: &[("week", "2026-11-23")],
            ..Sample::NONE
        },
        "create_hour_bank" => Sample {
            body: Some(
                r#"{"name": "Heures supplémentaires", "rule": {"type": "overtime", "weekly_threshold_minutes": 2400}}"#,
            ),
            ..Sample::NONE
        },
        "create_organisation" => Sample {
            body: Some(
                r#"{"name": "Agence Relève Plus", "category": "Service de remplacement", "identifier": "RELEVE-PLUS", "locale": "fr", "establishments": ["Bureau Montréal"], "manager": {"civility": "m", "last_name": "Bouchard", "first_name": "Alexandre", "email": "alexandre.bouchard@releve.exemple.ca", "phone": "514 555-0190", "function": "Directeur"}}"#,
            ),
            ..Sample::NONE
        },
        "create_user" => Sample {
            body: Some(
                r#"{"civility": "mme", "last_name": "Tremblay", "first_name": "Zoé", "email": "zoe.tremblay@exemple.ca", "phone": "514 555-0199", "function": "Éducatrice", "establishments": [{"establishment_id": "019a0000-0000-7000-8000-00000000e001", "presets": ["employee"]}]}"#,
            ),
            ..Sample::NONE
        },
        "decide_advance" => Sample {
            body: Some(r#"{"decision": "approve", "version": 1}"#),
            ..Sample::NONE
        },
        "decide_expense" => Sample {
            body: Some(
                r#"{"decision": "refuse", "comment": "Reçu illisible, merci de le téléverser de nouveau.", "version": 1}"#,
            ),
            ..Sample::NONE
        },
        "decide_leave" => Sample {
            body: Some(r#"{"decision": "approve", "comment": "Bonnes vacances!", "version": 1}"#),
            ..Sample::NONE
        },
        "decide_week" => Sample {
            body: Some(r#"{"decision": "approve", "version": 1}"#),
            ..Sample::NONE
        },
        "list_access_requests" => Sample {
            query: &[("status", "pending")],
            ..Sample::NONE
        },
        "list_audit" => Sample {
            query: &[("action", "user.created"), ("limit", "20")],
            ..Sample::NONE
        },
        "list_replacements" => Sample {
            query: &[("status", "requested")],
            ..Sample::NONE
        },
        "set_worker_profile" => Sample {
            body: Some(
                r#"{"functions": ["Éducatrice"], "age_groups": ["Poupons (0-18 mois)"], "qualified": true, "max_weekly_minutes": 2400, "version": 0}"#,
            ),
            ..Sample::NONE
        },
        "offer_replacement" => Sample {
            body: Some(r#"{"wave": 1}"#),
            ..Sample::NONE
        },
        "answer_offer" => Sample {
            body: Some(r#"{"accept": false, "reason": "Trop loin de chez moi"}"#),
            ..Sample::NONE
        },
        "set_my_availability" => Sample {
            body: Some(
                r#"{"week": {"monday": [{"start": "07:00", "end": "17:00"}]}, "exceptions": [{"date": "2026-12-24"}], "version": 0}"#,
            ),
            ..Sample::NONE
        },
        "list_company_users" => Sample {
            query: &[("active", "no"), ("sort", "last_name")],
            ..Sample::NONE
        },
        "list_users" => Sample {
            query: &[("status", "draft"), ("sort", "last_name"), ("limit", "10")],
            ..Sample::NONE
        },
        // No form: an empty object, so that another body can be told apart.
        "create_calendar_feed" => Sample {
            body: Some("{}"),
            ..Sample::NONE
        },
        "payroll_export" | "get_reports" | "fill_metrics" => Sample {
            query: &[("from", "2026-12-01"), ("to", "2026-12-31")],
            ..Sample::NONE
        },
        "refuse_access_request" => Sample {
            params: &[("request_id", SAMPLE_REQUEST)],
            body: Some(r#"{"reason": "Aucun poste ouvert à votre nom pour le moment."}"#),
            ..Sample::NONE
        },
        "register" => Sample {
            body: Some(
                r#"{"last_name": "Roy", "first_name": "Julien", "email": "julien.roy@exemple.ca", "password": "Bonjour-Julien-2026", "password_confirmation": "Bonjour-Julien-2026", "accept_terms": true}"#,
            ),
            ..Sample::NONE
        },
        "request_access" => Sample {
            body: Some(
                r#"{"org_identifier": "CPE-LUCIOLES", "civility": "mme", "last_name": "Gagnon", "first_name": "Marie", "function": "Éducatrice", "email": "marie.gagnon@exemple.ca", "phone": "514 555-0177", "message": "Nouvelle éducatrice au groupe des poupons."}"#,
            ),
            ..Sample::NONE
        },
        "request_advance" => Sample {
            body: Some(
                r#"{"amount_cents": 50000, "currency": "CAD", "reason": "Réparation imprévue de la voiture"}"#,
            ),
            ..Sample::NONE
        },
        "request_password_reset" => Sample {
            body: Some(r#"{"email": "gestionnaire@demo.sesame.ca"}"#),
            ..Sample::NONE
        },
        "resend_pending" => Sample {
            body: Some(r#"{}"#),
            ..Sample::NONE
        },
        "reset_password" => Sample {
            body: Some(
                r#"{"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "password": "Nouveau-Passe-2026", "password_confirmation": "Nouveau-Passe-2026"}"#,
            ),
            ..Sample::NONE
        },
        "restore_manager" => Sample {
            body: Some(
                r#"{"civility": "mme", "last_name": "Gagnon", "first_name": "Sophie", "email": "gestionnaire@demo.sesame.ca", "phone": "514 555-0100"}"#,
            ),
            ..Sample::NONE
        },
        "set_bank_details" => Sample {
            body: Some(r#"{"iban": "FR14 2004 1010 0505 0001 3M02 606"}"#),
            ..Sample::NONE
        },
        "set_grants" => Sample {
            body: Some(
                r#"{"version": 1, "establishments": [{"establishment_id": "019a0000-0000-7000-8000-00000000e001", "presets": ["employee"]}, {"establishment_id": "019a0000-0000-7000-8000-00000000e002", "permissions": ["leave"]}], "main_establishment": "019a0000-0000-7000-8000-00000000e002"}"#,
            ),
            ..Sample::NONE
        },
        "set_schedule" => Sample {
            body: Some(
                r#"{"start_date": "2026-12-07", "end_date": "2026-12-08", "start_time": "08:00", "end_time": "16:00", "unpaid_break_minutes": 30}"#,
            ),
            ..Sample::NONE
        },
        "set_secret_question" => Sample {
            body: Some(
                r#"{"question": "Nom de votre première éducatrice ?", "answer": "Madame Lise"}"#,
            ),
            ..Sample::NONE
        },
        "set_security_key" => Sample {
            body: Some(
                r#"{"question": "Dans quelle ville a ouvert notre premier CPE ?", "answer": "Saint-Jérôme"}"#,
            ),
            ..Sample::NONE
        },
        "share_document" => Sample {
            body: Some(
                r#"{"title": "Relevé d'emploi 2026", "recipient_id": "019a0000-0000-7000-8000-00000000b001", "file_name": "releve-emploi-2026.pdf", "content_type": "application/pdf", "size_bytes": 48213}"#,
            ),
            ..Sample::NONE
        },
        "sign_in" => Sample {
            body: Some(
                r#"{"email": "gestionnaire@demo.sesame.ca", "password": "Sesame-Demo-2026"}"#,
            ),
            ..Sample::NONE
        },
        "submit_expense" => Sample {
            body: Some(
                r#"{"date": "2026-11-20", "category": "transport", "amount_cents": 4250, "currency": "CAD", "description": "Taxi, formation à Laval", "receipt": {"file_name": "recu-taxi.pdf", "content_type": "application/pdf", "size_bytes": 182044}}"#,
            ),
            ..Sample::NONE
        },
        "submit_leave" => Sample {
            body: Some(
                r#"{"leave_type": "vacation", "start_date": "2026-12-21", "end_date": "2026-12-24", "end_half": "morning", "comment": "Vacances de Noël"}"#,
            ),
            ..Sample::NONE
        },
        "submit_replacement" => Sample {
            body: Some(
                r#"{"establishment_id": "019a0000-0000-7000-8000-00000000e001", "function": "Éducatrice qualifiée", "age_group": "Poupons (0-18 mois)", "task": "Remplacement au groupe des Coccinelles", "qualified": true, "notes": "Arrivée par la porte arrière.", "schedule": {"start_date": "2026-12-07", "end_date": "2026-12-11", "start_time": "07:30", "end_time": "16:00", "unpaid_break_minutes": 30, "skipped_days": ["2026-12-09"]}}"#,
            ),
            ..Sample::NONE
        },
        "submit_timesheet" => Sample {
            body: Some(
                r#"{"entries": [{"date": "2026-12-07", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30, "meal_taken": true}]}"#,
            ),
            ..Sample::NONE
        },
        "submit_week" => Sample {
            body: Some(
                r#"{"days": [{"date": "2026-11-23", "minutes": 480}, {"date": "2026-11-24", "minutes": 510}, {"date": "2026-11-25", "minutes": 480}, {"date": "2026-11-26", "minutes": 540}, {"date": "2026-11-27", "minutes": 450}], "comment": "Réunion jeudi soir"}"#,
            ),
            ..Sample::NONE
        },
        "update_establishment" => Sample {
            body: Some(r#"{"name": "Installation Villeray-Nord"}"#),
            ..Sample::NONE
        },
        "update_organisation" => Sample {
            body: Some(
                r#"{"version": 1, "address": "5678, rue Saint-Hubert, Montréal (Québec)", "contact_phone": "514 555-0111"}"#,
            ),
            ..Sample::NONE
        },
        "update_profile" => Sample {
            body: Some(r#"{"phone": "514 555-0111", "version": 1}"#),
            ..Sample::NONE
        },
        "update_replacement" => Sample {
            body: Some(r#"{"version": 2, "task": "Groupe des Papillons"}"#),
            ..Sample::NONE
        },
        "update_settings" => Sample {
            body: Some(r#"{"auto_invite": true}"#),
            ..Sample::NONE
        },
        "update_user" => Sample {
            body: Some(
                r#"{"version": 1, "function": "Éducatrice spécialisée", "phone": "438 555-0123"}"#,
            ),
            ..Sample::NONE
        },

        _ => Sample::NONE,
    }
}

/// The text of `events/<id>.json`.
pub fn event_text(id: &str) -> std::io::Result<String> {
    std::fs::read_to_string(root().join("events").join(format!("{id}.json")))
}

/// The records of the sample state, with the sample user in `status`.
pub fn records(ctx: &Context, org_id: &str, status: MembershipStatus) -> Vec<sesame::ports::Item> {
    let now = ctx.clock.now();
    let user = Membership {
        org_id: org_id.into(),
        account_id: SAMPLE_USER.into(),
        civility: Civility::M,
        last_name: "Roy".into(),
        first_name: "Julien".into(),
        email: "julien.roy@exemple.ca".into(),
        phone: "438 555-0123".into(),
        function: None,
        birth_date: None,
        main_establishment: Some(DEMO_ESTABLISHMENTS[0].0.into()),
        manager: false,
        grants: [(
            DEMO_ESTABLISHMENTS[0].0.to_string(),
            [Permission::Leave].into(),
        )]
        .into(),
        status,
        locale: None,
        invitation: (status == MembershipStatus::Invited).then(|| Invitation {
            sent_at: now,
            expires_at: now,
            times_sent: 1,
            token_hash: token_hash(SAMPLE_ADDRESS_TOKEN),
            outbox_id: "none".into(),
            email_key_hash: None,
            failed_attempts: 0,
        }),
        last_login_at: None,
        secret: None,
        mfa_mode: None,
        mfa_on: false,
        auth_phone: None,
        notifications: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let account = Account {
        id: SAMPLE_USER.into(),
        email: user.email.clone(),
        identity: None,
        created_at: now,
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    let request = AccessRequest {
        id: SAMPLE_REQUEST.into(),
        org_id: org_id.into(),
        civility: Some(Civility::Mme),
        last_name: "Gagnon".into(),
        first_name: "Marie".into(),
        function: Some("Éducatrice".into()),
        email: "marie.gagnon@exemple.ca".into(),
        phone: "514 555-0177".into(),
        message: None,
        request_type: Default::default(),
        company_name: None,
        establishment_wanted: None,
        locale: Locale::Fr,
        status: "pending".into(),
        reason: None,
        user_id: None,
        created_at: now,
        decided_at: None,
        decided_by: None,
        version: 1,
    };
    // The first of two activation emails' link (an organisation's choice),
    // so that the verify_address sample answers as for a person.
    let address_check = (status == MembershipStatus::Invited).then(|| StoredToken {
        hash: token_hash(SAMPLE_ADDRESS_TOKEN),
        token: LinkToken {
            purpose: TokenPurpose::AddressCheck,
            org_id: org_id.into(),
            account_id: SAMPLE_USER.into(),
            created_at: now,
            expires_at: now
                .checked_add(jiff::SignedDuration::from_hours(7 * 24))
                .unwrap_or(now),
            used_at: None,
            claim: None,
            claim_until: None,
        },
    });
    let mut items = vec![
        to_item(&request),
        to_item(&user),
        to_item(&account),
        to_item(&EmailClaim {
            email: account.email.clone(),
            account_id: SAMPLE_USER.into(),
        }),
    ];
    items.extend(address_check.as_ref().map(to_item));
    items.push(to_item(&HourBanks {
        org_id: org_id.into(),
        banks: vec![HourBank {
            id: SAMPLE_BANK.into(),
            org_id: org_id.into(),
            name: "Banque de temps (exemple)".into(),
            rule: sesame::domain::employee_space::employee::BankRule::None,
            leave_type: None,
            created_at: now,
            archived_at: None,
            version: 1,
        }],
        version: 1,
    }));
    items
}

/// Writes (or overwrites) the sample state, the sample user in `status`,
/// and counts them in the organisation's counters.
pub async fn put_sample(
    ctx: &Context,
    org_id: &str,
    status: MembershipStatus,
) -> Result<(), OpError> {
    reset_sample(ctx, org_id, status, &[]).await
}

/// Like [`put_sample`], first putting back `restore` (items saved earlier,
/// e.g. the organisation record) and removing what a sample may have added
/// (the manager's bank details), so one sample's changes do not leak into
/// the next.
pub async fn reset_sample(
    ctx: &Context,
    org_id: &str,
    status: MembershipStatus,
    restore: &[sesame::ports::Item],
) -> Result<(), OpError> {
    // The manager's own bank details, if a previous sample set them.
    let mut undo: Vec<Write> = vec![Write::Delete {
        key: sesame::layout::keys::bank_details(org_id, crate::seed::DEMO_MANAGER_ID),
        condition: None,
    }];
    undo.extend(restore.iter().map(|item| Write::Put {
        item: item.clone(),
        condition: None,
    }));
    ctx.store.transact(undo).await?;
    let mut writes: Vec<Write> = records(ctx, org_id, status)
        .into_iter()
        .map(|item| Write::Put {
            item,
            condition: None,
        })
        .collect();
    writes.extend(count(org_id, status_delta(None, Some(status))));
    ctx.store.transact(writes).await?;
    Ok(())
}

/// In-memory ports, with handles on each to steer and inspect them.
pub struct Memory {
    pub ctx: Context,
    pub store: Arc<MemoryStore>,
    pub mailer: Arc<MemoryMailer>,
    pub texter: Arc<MemoryTexter>,
    pub directory: Arc<MemoryDirectory>,
    pub clock: Arc<ManualClock>,
    pub files: Arc<MemoryFiles>,
    pub cipher: Arc<MemoryCipher>,
}

/// Fresh in-memory ports: an empty store, a clock stopped on
/// 2026-11-22 09:00 UTC, seeded randomness.
pub fn memory() -> Memory {
    let store = Arc::new(MemoryStore::new());
    let mailer = Arc::new(MemoryMailer::new());
    let texter = Arc::new(MemoryTexter::new());
    let directory = Arc::new(MemoryDirectory::new());
    let files = Arc::new(MemoryFiles::new());
    let cipher = Arc::new(MemoryCipher::new());
    let clock = Arc::new(ManualClock::new(
        "2026-11-22T09:00:00Z".parse().expect("time"),
    ));
    let ctx = Context {
        store: store.clone(),
        mailer: mailer.clone(),
        texter: texter.clone(),
        directory: directory.clone(),
        verifier: directory.clone(),
        clock: clock.clone(),
        random: Arc::new(SeededRandom::new(7)),
        files: files.clone(),
        cipher: cipher.clone(),
        settings: Settings {
            portal_url: "https://portail.exemple.ca".into(),
            origin_secret: None,
        },
    };
    Memory {
        ctx,
        store,
        mailer,
        texter,
        directory,
        clock,
        files,
        cipher,
    }
}

/// In-memory ports with the demo organisation, the operator, the sample
/// state with the user in `status`, and the samples' session tokens.
pub async fn memory_fixture(status: MembershipStatus) -> Memory {
    let memory = memory();
    let (ctx, directory) = (&memory.ctx, &memory.directory);
    let demo = seed_demo(ctx).await.expect("demo seeded");
    let sub = ctx
        .directory
        .ensure_identity(&demo.manager_email)
        .await
        .expect("manager identity");
    directory.register_session(MANAGER_SESSION, &sub);
    seed_operator(ctx, DEMO_OPERATOR_ID, DEMO_OPERATOR_EMAIL)
        .await
        .expect("operator seeded");
    let operator = ctx
        .directory
        .ensure_identity(DEMO_OPERATOR_EMAIL)
        .await
        .expect("operator identity");
    directory.register_session(OPERATOR_SESSION, &operator);
    put_sample(ctx, &demo.org_id, status)
        .await
        .expect("sample state written");
    memory
}
