//! Lambda `list_users`: List the organisation's users: filters, sort, pages, total count.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::list_users::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
