//! What holds across the contexts: ports' contracts, bad input, isolation,
//! call budgets, faults, concurrency, headers, logs, events, idempotency,
//! large lists and the portal's routing.

mod badinput;
mod budget;
mod concurrency;
mod contract;
mod events;
mod faults;
pub mod headers;
mod idempotency;
mod isolation;
mod lists;
mod logs;
mod portal;
