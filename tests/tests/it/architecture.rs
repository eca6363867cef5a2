//! The shape of the code, checked: the layers (DESIGN.md §8), the contexts
//! mirrored in every layer, and operations that never import one another.

use sesame_tests::template::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The bounded contexts, each a folder in `domain/` and `operations/`.
const CONTEXTS: &[&str] = &[
    "accounts",
    "people",
    "organisation",
    "replacements",
    "employee_space",
];

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The operations of a context: its files that declare a `SPEC` (not
/// `mod.rs`, its `errors.rs`, nor its `support/`), in its folder or in a
/// folder grouping some of them (`employee_space/hours/`).
fn operations_of(context: &str) -> BTreeSet<String> {
    let dir = root().join("shared/src/operations").join(context);
    sources(&dir)
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "support"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("pub const SPEC: OperationSpec")
        })
        .map(|p| stem(&p))
        .collect()
}

#[test]
fn the_domain_knows_no_aws_http_tokio_or_operations() {
    for path in sources(&root().join("shared/src/domain")) {
        let source = std::fs::read_to_string(&path).unwrap();
        for forbidden in [
            "aws_",
            "lambda_http",
            "http::",
            "hyper",
            "tokio",
            "crate::ports",
            "crate::adapters",
            "crate::http",
            "crate::operations",
        ] {
            assert!(
                !source.contains(forbidden),
                "{} mentions {forbidden}",
                path.display()
            );
        }
    }
}

#[test]
fn every_context_is_a_folder_of_the_domain_and_of_the_operations() {
    for layer in ["domain", "operations"] {
        let dir = root().join("shared/src").join(layer);
        for context in CONTEXTS {
            assert!(
                dir.join(context).join("mod.rs").is_file(),
                "shared/src/{layer}/{context}/ is missing"
            );
        }
    }
    // And every operation of the registry lives in one of them.
    let all: BTreeSet<String> = CONTEXTS.iter().flat_map(|c| operations_of(c)).collect();
    for spec in sesame::operations::registry() {
        assert!(
            all.contains(spec.id),
            "{} is in no context's operations folder",
            spec.id
        );
    }
}

#[test]
fn no_operation_imports_another_operation() {
    let owner: Vec<(String, String)> = CONTEXTS
        .iter()
        .flat_map(|c| operations_of(c).into_iter().map(|op| (c.to_string(), op)))
        .collect();
    let base = root().join("shared/src/operations");
    let mut offences = Vec::new();
    for context in CONTEXTS {
        // Operations and support modules alike: a support module that
        // imported an operation would let operations import each other
        // through it.
        for path in sources(&base.join(context)) {
            if stem(&path) == "mod" {
                continue;
            }
            let me = stem(&path);
            let source = std::fs::read_to_string(&path).unwrap();
            for (ctx, op) in &owner {
                if *op == me {
                    continue;
                }
                // `employee_space::list_weeks::`, or through a folder that
                // groups operations: `employee_space::hours::list_weeks::`.
                for needle in [format!("::{op}::"), format!("::{op};")] {
                    if source.contains(&needle) {
                        offences.push(format!("{} uses {ctx}::{op}", path.display()));
                        break;
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "what two operations share belongs in their context's support module:\n{}",
        offences.join("\n")
    );
}

#[test]
fn no_folder_of_the_operations_holds_more_than_thirty_files() {
    let base = root().join("shared/src/operations");
    let mut dirs = vec![base];
    while let Some(dir) = dirs.pop() {
        let entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let files = entries.iter().filter(|p| p.is_file()).count();
        assert!(files <= 30, "{} holds {files} files", dir.display());
        dirs.extend(entries.into_iter().filter(|p| p.is_dir()));
    }
}

#[test]
fn keys_are_spelled_only_in_the_layout() {
    // Every key prefix the layout builds, e.g. `"ORG#`.
    let layout = std::fs::read_to_string(root().join("shared/src/layout/keys.rs")).unwrap();
    let prefixes: BTreeSet<String> = layout
        .match_indices('"')
        .filter_map(|(i, _)| {
            let rest = &layout[i + 1..];
            let end = rest.find('#')?;
            let word = &rest[..end];
            (!word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
                .then(|| format!("\"{word}#"))
        })
        .collect();
    assert!(prefixes.len() >= 20, "prefixes found: {prefixes:?}");
    let mut offences = Vec::new();
    for path in sources(&root().join("shared/src")) {
        if path.starts_with(root().join("shared/src/layout")) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        // Tests may name a junk id that looks like a key.
        let code = source.split("#[cfg(test)]").next().unwrap_or("");
        for prefix in &prefixes {
            if code.contains(prefix.as_str()) {
                offences.push(format!("{} spells {prefix}", path.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "keys are built by shared/src/layout only:\n{}",
        offences.join("\n")
    );
}
