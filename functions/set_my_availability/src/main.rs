//! Lambda `set_my_availability`: A replacement worker saves her availability, preferred and refused installations and weekly maximum.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::set_my_availability::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
