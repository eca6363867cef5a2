//! The generated files (function crates, sample events, the nested stacks,
//! the parent template's generated section) match the registry, and `sesame-generate --check`
//! names whatever was edited by hand; and the composition root, not the
//! adapters, knows the operations.

use sesame_tests::generate::{TEMPLATE, check};
use sesame_tests::template::root;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn the_generated_files_match_the_registry() {
    let stale = check(&root());
    assert!(
        stale.is_empty(),
        "run scripts/generate.sh:\n{}",
        stale.join("\n")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of what the generator reads and writes.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sesame-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["functions", "events", "infra"] {
        copy_dir(&root().join(sub), &dir.join(sub));
    }
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

fn generate(root: &Path, check: bool) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sesame-generate"));
    command.arg("--root").arg(root);
    if check {
        command.arg("--check");
    }
    let out = command.output().expect("sesame-generate runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn check_names_each_hand_edited_file_and_generate_repairs_them() {
    let dir = scratch();
    let (clean, text) = generate(&dir, true);
    assert!(clean, "a copy of the clean tree passes: {text}");

    let edit = |path: &str, from: &str, to: &str| {
        let file = dir.join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{path} has no {from:?}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "functions/me/src/main.rs",
        "sesame::http::lambda::run",
        "// a hand edit\n    sesame::http::lambda::run",
    );
    edit("events/create_user.json", "Tremblay", "Gagnon");
    edit(
        "infra/stacks/accounts.yaml",
        "Description: Sésame operation sign_in",
        "Description: edited by hand",
    );
    std::fs::write(dir.join("infra/stacks/ghost.yaml"), "Resources: {}\n").unwrap();
    std::fs::create_dir_all(dir.join("functions/ghost/src")).unwrap();
    std::fs::remove_file(dir.join("events/list_users.json")).unwrap();
    // Within the parent's markers, the generated stacks.
    edit(
        TEMPLATE,
        "Location: stacks/people.yaml",
        "Location: stacks/others.yaml",
    );
    // Outside the markers the template is hand-written: not reported.
    edit(
        TEMPLATE,
        "Description: CPU architecture",
        "Description: The CPU architecture",
    );

    let (clean, text) = generate(&dir, true);
    assert!(!clean, "--check fails on a stale tree");
    for named in [
        "functions/me/src/main.rs is stale",
        "events/create_user.json is stale",
        "infra/template.yaml (its generated stacks) is stale",
        "infra/stacks/accounts.yaml is stale",
        "infra/stacks/ghost.yaml is no stack of the registry",
        "functions/ghost is no function of the registry",
        "events/list_users.json is missing",
    ] {
        assert!(
            text.contains(named),
            "--check does not say {named:?}:\n{text}"
        );
    }
    assert_eq!(
        text.lines().filter(|l| l.contains(" is ")).count(),
        7,
        "only those:\n{text}"
    );

    let (ok, text) = generate(&dir, false);
    assert!(ok, "{text}");
    let (clean, text) = generate(&dir, true);
    assert!(clean, "regenerated: {text}");
    assert!(!dir.join("functions/ghost").exists());
    assert!(!dir.join("infra/stacks/ghost.yaml").exists());
    let template = std::fs::read_to_string(dir.join(TEMPLATE)).unwrap();
    assert!(template.contains("Description: The CPU architecture"));
    assert_eq!(
        std::fs::read_to_string(dir.join("functions/me/src/main.rs")).unwrap(),
        std::fs::read_to_string(root().join("functions/me/src/main.rs")).unwrap()
    );

    // A new function crate needs Cargo.lock to list it: said, not hidden.
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("Cargo.lock"),
        lock.replace("name = \"sesame-fn-me\"\n", "name = \"sesame-fn-me-not\"\n"),
    )
    .unwrap();
    let (clean, text) = generate(&dir, true);
    assert!(!clean);
    assert!(text.contains("Cargo.lock lacks sesame-fn-me"), "{text}");
    assert!(
        text.contains("Cargo.lock still lists sesame-fn-me-not"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_adapters_know_no_operations_and_no_composition_root() {
    for path in sources(&root().join("shared/src/adapters")) {
        let source = std::fs::read_to_string(&path).unwrap();
        for forbidden in ["crate::operations", "crate::compose", "crate::http"] {
            assert!(
                !source.contains(forbidden),
                "{} mentions {forbidden}: the composition root (shared/src/compose.rs) wires operations to adapters",
                path.display()
            );
        }
    }
}
