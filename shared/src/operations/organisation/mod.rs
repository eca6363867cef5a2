//! The organisation context's operations.

pub mod errors;
pub(crate) mod support;

pub mod archive_establishment;
pub mod create_establishment;
pub mod create_organisation;
pub mod find_organisation;
pub mod get_organisation;
pub mod get_service_contact;
pub mod list_audit;
pub mod list_establishments;
pub mod permission_matrix;
pub mod update_establishment;
pub mod update_organisation;
pub mod update_settings;
