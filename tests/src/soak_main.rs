//! `sesame-soak`: see `scripts/soak.sh` and the README's Performance
//! section. Arguments: `--requests N` (10000), `--members N` (2000),
//! `--concurrency N` (4), `--window N` (1000). Needs SESAME_EMULATOR_URL.

use sesame_tests::soak::{Options, line, run, verdict};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    sesame_tests::emulator::use_fake_credentials();
    let emulator = std::env::var("SESAME_EMULATOR_URL")
        .map_err(|_| "SESAME_EMULATOR_URL is not set: run scripts/soak.sh")?;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .ok_or(format!("{flag} needs a value"))?
            .parse()?;
        match flag.as_str() {
            "--requests" => options.requests = value,
            "--members" => options.members = value,
            "--concurrency" => options.concurrency = value.max(1),
            "--window" => options.window = value.max(1),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let windows = run(&emulator, &options, |w| println!("{}", line(w))).await?;
    let (text, ok) = verdict(&windows);
    println!("{text}");
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}
