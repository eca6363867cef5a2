//! Lambda `answer_offer`: A worker accepts (first wins: the replacement is hers) or declines (with a reason) the offer made to her.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::answer_offer::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
