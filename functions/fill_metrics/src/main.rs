//! Lambda `fill_metrics`: Fill rate, time to fill and offers per fill of the period's requests, per installation and week, where the caller holds reports; JSON or CSV.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::fill_metrics::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
