//! The local runner and the test tooling: the emulator, provisioning from
//! the SAM template, the demo organisation, and the HTTP server that serves
//! every route of the template through the Lambdas' own handler.

pub mod bench;
pub mod budget;
pub mod client;
pub mod emulator;
pub mod faults;
pub mod generate;
pub mod iam;
pub mod ops;
pub mod provision;
pub mod runtime_api;
pub mod samples;
pub mod seed;
pub mod server;
pub mod soak;
pub mod stack;
pub mod template;
