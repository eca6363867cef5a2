//! The organisation: its managers, establishments, settings, access requests and operators.

mod governance;
mod rules;
