//! The period `from`–`to` (both days included) the payroll export and the
//! reports are asked for, from the query string.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::operations::{OpError, Request};

/// Both days, required, `to` not before `from` (422 naming each field).
pub(crate) fn period(request: &Request) -> Result<(jiff::civil::Date, jiff::civil::Date), OpError> {
    let mut errors = ValidationErrors::default();
    let mut day = |name: &str| match crate::domain::validate::date(request.query(name)) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(name, FieldCode::Required);
            None
        }
        Err(c) => {
            errors.push(name, c);
            None
        }
    };
    let (from, to) = (day("from"), day("to"));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push("to", FieldCode::EndBeforeStart);
    }
    errors.finish(())?;
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(OpError::Internal("validated dates missing".into())),
    }
}
