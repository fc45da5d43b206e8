//! The command line (`check`, `build`) and a broken copy of the project:
//! reported errors, and the previous PDF kept.

use std::path::PathBuf;

use super::{TITLE, build_to, built};
use crate::common::{self, cli, root};

/// The file corrupted in the broken copy of the project.
const BROKEN_FILE: &str = "source/nl/02-overleg-met-je-zorgteam.toml";

/// A copy of the project (source/ and fonts/) with a TOML syntax error
/// (`number = = 2`) in [`BROKEN_FILE`]; also returns the one-based line of
/// the error.
fn broken_project() -> (tempfile::TempDir, usize) {
    let dir = common::project_copy();
    let file = dir.path().join(BROKEN_FILE);
    let text = std::fs::read_to_string(&file).expect("read");
    let line = text
        .lines()
        .position(|l| l.trim_end() == "number = 2")
        .expect("the file to corrupt has `number = 2`");
    let broken: Vec<&str> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == line { "number = = 2" } else { l })
        .collect();
    std::fs::write(&file, broken.join("\n") + "\n").expect("write");
    (dir, line + 1)
}

#[test]
fn failed_build_keeps_the_previous_pdf() {
    let (project, line) = broken_project();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("brochure.pdf");
    std::fs::write(&out, &built().bytes).expect("write the good PDF");

    let err = build_to(project.path(), &out).expect_err("a broken source must fail");
    assert!(!err.diagnostics.is_empty());
    let places: Vec<String> = err
        .diagnostics
        .iter()
        .filter_map(|d| err.sources.location(d))
        .collect();
    assert!(
        places
            .iter()
            .any(|p| p.starts_with(&format!("{BROKEN_FILE}:{line}:"))),
        "no diagnostic at {BROKEN_FILE}:{line}: {places:?}"
    );
    let rendered: String = err
        .diagnostics
        .iter()
        .map(|d| err.sources.render(d))
        .collect();
    assert!(rendered.contains("number = = 2"), "{rendered}");

    let after = std::fs::read(&out).expect("the old PDF is still there");
    assert!(after == built().bytes, "the old PDF was changed");
    let leftovers: Vec<PathBuf> = std::fs::read_dir(out_dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p != &out)
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn cli_check_and_build() {
    let root = root().to_str().expect("UTF-8 path");
    let out = cli(&["-C", root, "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(TITLE), "{stdout}");
    assert!(stdout.contains("citations  100 groups"), "{stdout}");

    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("cli.pdf");
    let out = cli(&["-C", root, "build", "-o", pdf.to_str().expect("UTF-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "build failed:\n{stderr}");
    assert!(stderr.contains("wrote"), "{stderr}");
    let bytes = std::fs::read(&pdf).expect("the CLI wrote the PDF");
    assert!(
        bytes == built().bytes,
        "the CLI's PDF differs from the library's"
    );
}

#[test]
fn cli_reports_a_broken_project() {
    let (project, line) = broken_project();
    let dir = project.path().to_str().expect("UTF-8 path");
    let out = cli(&["-C", dir, "check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "check:\n{stderr}");
    assert!(
        stderr
            .match_indices(&format!("{BROKEN_FILE}:{line}:"))
            .any(|(i, m)| stderr[i + m.len()..].starts_with(|c: char| c.is_ascii_digit())),
        "no file:line:col in\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.trim_start().starts_with('│') && l.contains('^'))
            || stderr.lines().any(|l| l.contains(" ^")),
        "no caret in\n{stderr}"
    );
    assert!(stderr.contains("error"), "{stderr}");
}
