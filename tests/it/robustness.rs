//! Hostile input (issue 16): each test builds its attack itself and checks
//! that it ends quickly in a located error, never a crash, a hang, a huge
//! allocation or a write outside the project.

use std::path::Path;
use std::time::{Duration, Instant};

use brochure::source;

const BROCHURE: &str = r#"id = "t"
title = "T"
publisher = "P"
edition_date = 2024-12-01
"#;

/// A reference list of one entry, not yet known.
const REFERENCES: &str = "[[reference]]\nnumber = 1\nstatus = \"missing\"\n";

/// A project with `brochure.toml` (unless given), `references.toml` and the
/// given files under `source/`.
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("source");
    std::fs::create_dir_all(src.join("nl")).unwrap();
    std::fs::write(src.join("brochure.toml"), BROCHURE).unwrap();
    std::fs::write(src.join("references.toml"), REFERENCES).unwrap();
    for (name, text) in files {
        let p = src.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Loads a project that must fail, within a few seconds; returns
/// "file:line:col message" for each error.
fn errors(root: &Path) -> Vec<String> {
    let t = Instant::now();
    let result = source::load(root, None);
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
    match result {
        Ok(_) => panic!("the hostile project loaded"),
        Err(f) => f
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                format!(
                    "{} {}",
                    f.sources.location(d).unwrap_or_else(|| "-".into()),
                    d.message
                )
            })
            .collect(),
    }
}

/// A section file whose blocks are `body`; its first block starts at line 5.
fn section(body: &str) -> Vec<u8> {
    format!("[section]\nnumber = 1\ntitle = \"Een\"\n\n{body}").into_bytes()
}

/// A section of one paragraph (its text at line 8, column 9).
fn paragraph(text: &str) -> Vec<u8> {
    section(&format!(
        "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"{text}\"\n"
    ))
}

#[test]
fn huge_citation_ranges_are_errors_at_their_place() {
    for (text, want) in [
        (
            "zie [1–4294967295].",
            "8:14 citation number 4294967295 is over the limit of 9999",
        ),
        (
            "zie [1–300000000].",
            "8:14 citation number 300000000 is over the limit of 9999",
        ),
        (
            "zie [2, 99999999999999].",
            "8:17 citation number 99999999999999 is over the limit of 9999",
        ),
    ] {
        let p = project(&[("nl/01-a.toml", &paragraph(text))]);
        assert_eq!(errors(p.path()), [format!("source/nl/01-a.toml:{want}")]);
    }
}

#[test]
fn many_overlapping_ranges_expand_once() {
    let many = vec!["1–9999"; 20_000].join(", ");
    let p = project(&[("nl/01-a.toml", &paragraph(&format!("zie [{many}].")))]);
    // within the cap: loads (or fails on the reference list), quickly
    let t = Instant::now();
    let _ = source::load(p.path(), None);
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
}
