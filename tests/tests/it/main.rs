//! Sésame's integration tests: one binary (linking the AWS SDK once).
//! Tests that need the emulator read `SESAME_EMULATOR_URL`, set by
//! `scripts/test.sh`.

mod accounts;
mod architecture;
mod badinput;
mod bruteforce;
mod budget;
mod common;
mod concurrency;
mod consistency;
mod contract;
mod e2e;
mod employee;
mod events;
mod faults;
mod flows;
mod generated;
mod governance;
mod grants;
mod headers;
mod idempotency;
mod isolation;
mod lifecycle;
mod links;
mod lists;
mod logs;
mod portal;
mod replacement;
mod tokens;
