//! What several people operations share.

pub(crate) mod access_requests;
pub(crate) mod creation;
pub(crate) mod lifecycle;
pub(crate) mod manager_flag;
pub(crate) mod notifications;
pub(crate) mod plans;
pub(crate) mod set_status;
#[cfg(test)]
pub(crate) mod testing;
