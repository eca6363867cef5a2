//! Lambda `list_workers`: Dispatch: the active replacement workers to assign, by name (id and names only).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::list_workers::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
