//! `sesame-bench`: see `scripts/bench.sh` and the README's Performance
//! section. Arguments: `--bins DIR` (default `target/lambda`), `--baseline
//! DIR`, `--only a,b`, `--repeats N`, `--memory a,b`, `--invocations N`,
//! `--warm N`, `--scale 100,10000`, `--calls-report FILE`, `--out FILE`.

use sesame_tests::bench::{Options, run, table};
use sesame_tests::template::root;

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    sesame_tests::emulator::use_fake_credentials();
    let mut options = Options {
        bins: root().join("target/lambda"),
        baseline: None,
        only: Vec::new(),
        repeats: 5,
        memory_functions: list("me,list_users,get_user"),
        invocations: 1000,
        warm_iterations: 50,
        scale: vec![100, 10_000],
        calls_report: None,
        out: root().join("target/bench/bench.json"),
    };
    // `--check-calls FILE`: the integration suite's calls report (written
    // with SESAME_CALLS_REPORT) against the budgets; fails on a breach.
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = argv.as_slice()
        && flag == "--check-calls"
    {
        let calls = sesame_tests::budget::read_report(path);
        if calls.is_empty() {
            return Err(format!("no calls in {path}").into());
        }
        print!("{}", sesame_tests::budget::table(&calls));
        let breaches = sesame_tests::budget::breaches(&calls, true);
        if !breaches.is_empty() {
            return Err(format!("over budget: {breaches:#?}").into());
        }
        println!("calls: {} operations within budget, no Scan", calls.len());
        // And each of those calls is one its function's policy allows.
        let template = sesame_tests::template::Template::load()?;
        let denied = sesame_tests::iam::unpermitted(&calls, &template);
        if !denied.is_empty() {
            return Err(
                format!("calls their function's policy does not allow: {denied:#?}").into(),
            );
        }
        println!(
            "iam: every call of the {} operations is allowed by its function's policy",
            calls.len()
        );
        return Ok(());
    }
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bins" => options.bins = value.into(),
            "--baseline" => options.baseline = Some(value.into()),
            "--only" => options.only = list(&value),
            "--repeats" => options.repeats = value.parse()?,
            "--memory" => options.memory_functions = list(&value),
            "--invocations" => options.invocations = value.parse()?,
            "--warm" => options.warm_iterations = value.parse()?,
            "--scale" => {
                options.scale = list(&value)
                    .iter()
                    .map(|s| s.parse())
                    .collect::<Result<_, _>>()?
            }
            "--calls-report" => options.calls_report = Some(value.into()),
            "--out" => options.out = value.into(),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let report = run(&options).await?;
    let text = table(&report);
    println!("{text}");
    let md = options.out.with_extension("md");
    std::fs::write(&md, &text)?;
    eprintln!("written: {} and {}", options.out.display(), md.display());
    Ok(())
}
