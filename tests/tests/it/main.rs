//! Sésame's integration tests: one binary (linking the AWS SDK once), one
//! folder per context of `shared/src/operations/` (accounts, people,
//! organisation, replacements, employee_space) and `platform/` for what
//! holds across them. Each context's `rules.rs` runs its operations on the
//! in-memory ports (no emulator); tests that need the emulator read
//! `SESAME_EMULATOR_URL`, set by `scripts/test.sh`.

mod accounts;
mod architecture;
mod common;
mod consistency;
mod employee_space;
mod generated;
mod organisation;
mod people;
mod platform;
mod replacements;
