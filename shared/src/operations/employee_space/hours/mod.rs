//! Hours: weeks of hours and their approval, the banks of hours they feed
//! and their keeping by managers, the employee's weekly schedule.

pub mod adjust_hour_bank;
pub mod create_hour_bank;
pub mod decide_week;
pub mod employee_hour_banks;
pub mod get_schedule;
pub mod list_hour_banks;
pub mod list_weeks;
pub mod submit_week;
pub mod update_hour_bank;
