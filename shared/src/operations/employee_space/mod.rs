//! The employee_space context's operations.

pub mod errors;
pub use errors::EmployeeSpaceError;
pub(crate) mod support;

// Hours, grouped in their own folder (each operation still named
// `employee_space::<operation>`).
pub mod hours;
pub use hours::{
    adjust_hour_bank, create_hour_bank, decide_week, employee_hour_banks, get_schedule,
    list_hour_banks, list_weeks, submit_week, update_hour_bank,
};

pub mod cancel_leave;
pub mod change_login_email;
pub mod confirm_login_email;
pub mod decide_advance;
pub mod decide_expense;
pub mod decide_leave;
pub mod download_document;
pub mod expense_receipt;
pub mod get_bank_details;
pub mod list_advances;
pub mod list_documents;
pub mod list_expenses;
pub mod list_leave;
pub mod request_advance;
pub mod reveal_bank_details;
pub mod set_bank_details;
pub mod share_document;
pub mod submit_expense;
pub mod submit_leave;
pub mod update_profile;
