//! Lambda `list_company_users`: The users of every organisation (company) the caller manages, in one list: filters (company among them), sort, pages, total count.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::list_company_users::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
