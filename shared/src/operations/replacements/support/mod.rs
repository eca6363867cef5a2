//! What several replacements operations share.

pub(crate) mod calendar;
pub(crate) mod change_replacement;
pub(crate) mod decision;
pub(crate) mod offers;
pub(crate) mod period;
pub(crate) mod plans;
pub(crate) mod replacements;
pub(crate) mod workers;
