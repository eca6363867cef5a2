//! Lambda `list_audit`: The organisation's audit log, newest first.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::list_audit::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
