//! `sesame-generate [--check]`: writes the files that follow from the
//! operation registry (function crates, sample events, the nested stacks
//! and the parent template's generated section), or with `--check` only
//! names each one that differs and exits non-zero. See `scripts/generate.sh`.

use sesame_tests::generate::{check, write};
use sesame_tests::template::root;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = match args.iter().position(|a| a == "--root") {
        Some(i) => match args.get(i + 1) {
            Some(dir) => dir.into(),
            None => {
                eprintln!("--root needs a directory");
                return ExitCode::from(2);
            }
        },
        None => root(),
    };
    if args.iter().any(|a| a == "--check") {
        let stale = check(&root);
        if stale.is_empty() {
            println!("generated files match the registry");
            return ExitCode::SUCCESS;
        }
        for line in &stale {
            eprintln!("{line}");
        }
        eprintln!(
            "{} generated file(s) differ from the registry: run scripts/generate.sh",
            stale.len()
        );
        return ExitCode::FAILURE;
    }
    match write(&root) {
        Ok(done) => {
            for line in &done {
                println!("{line}");
            }
            if done.is_empty() {
                println!("nothing to do: generated files match the registry");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
