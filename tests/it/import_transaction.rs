//! An import is one transaction (all files or none, permissions kept, a
//! read-only file refused before anything is written, no leftovers), and
//! XLIFF input is limited with located errors: nesting depth, unit count,
//! file size; many unknown units cost linear time.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Instant;

use crate::common::{cli, project_copy, snapshot};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Exports English and returns the XLIFF's path and text.
fn export(root: &Path) -> (std::path::PathBuf, String) {
    let xlf = root.join("en.xlf");
    let out = cli(&[
        "-C",
        s(root),
        "xliff",
        "export",
        "--lang",
        "en",
        "-o",
        s(&xlf),
    ]);
    assert!(out.status.success());
    let x = std::fs::read_to_string(&xlf).expect("xlf");
    (xlf, x)
}

/// Runs an import: exit code and stderr.
fn import(root: &Path, xlf: &Path) -> (i32, String) {
    let out = cli(&["-C", s(root), "xliff", "import", s(xlf)]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The export with two units in two files changed.
fn two_files_changed(x: &str) -> String {
    let y = x.replacen(">Disclaimer</target>", ">Legal notice</target>", 1);
    let z = y.replacen(">Introduction</target>", ">About this guide</target>", 1);
    assert!(z != y && y != x);
    z
}

#[test]
fn a_read_only_file_is_refused_before_anything_is_written() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, x) = export(root);
    std::fs::write(&xlf, two_files_changed(&x)).expect("write");
    let ro = root.join("source/en/01-inleiding.toml");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = snapshot(&root.join("source"));
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "cannot write source/en/01-inleiding.toml: the file is read-only; nothing was written"
        ),
        "{err}"
    );
    // 00-voorwerk.toml (sorted first) is untouched too, and no temporary file is left
    assert_eq!(before, snapshot(&root.join("source")));
    // writable again: both files change, each keeping its permissions
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("source/en/00-voorwerk.toml") && err.contains("source/en/01-inleiding.toml"),
        "{err}"
    );
    let mode = std::fs::metadata(&ro).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let t = std::fs::read_to_string(&ro).expect("read");
    assert!(t.contains("About this guide"));
    let files = snapshot(&root.join("source/en")).len();
    assert_eq!(
        files,
        before
            .iter()
            .filter(|(p, _)| p.contains("/source/en/"))
            .count()
    );
}

#[test]
fn codes_nested_20000_deep_are_a_located_error_not_a_crash() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, x) = export(root);
    let deep = format!(
        "<target state=\"translated\">{}x{}</target>",
        "<g id=\"9\" ctype=\"bold\">".repeat(20_000),
        "</g>".repeat(20_000)
    );
    std::fs::write(
        &xlf,
        x.replacen("<target state=\"translated\">Disclaimer</target>", &deep, 1),
    )
    .expect("write");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("inline codes nested more than 32 deep") && err.contains("en.xlf:"),
        "{err}"
    );
}

#[test]
fn fifty_thousand_unknown_units_are_one_warning_in_linear_time() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, x) = export(root);
    let units: String = (0..50_000)
        .map(|k| {
            format!("<trans-unit id=\"u{k}\"><source>a</source><target>b</target></trans-unit>\n")
        })
        .collect();
    let at = x.find("</body>").expect("body");
    std::fs::write(&xlf, format!("{}{units}{}", &x[..at], &x[at..])).expect("write");
    let t = Instant::now();
    let (code, err) = import(root, &xlf);
    let took = t.elapsed();
    assert_eq!(code, 0, "{err}");
    let warnings = err.lines().filter(|l| l.starts_with("warning")).count();
    assert_eq!(warnings, 1, "{err}");
    assert!(
        err.contains("50000 trans-unit(s) not in the source"),
        "{err}"
    );
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn too_many_units_and_too_large_a_file_are_refused() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, x) = export(root);
    let units: String = (0..100_000)
        .map(|k| format!("<trans-unit id=\"u{k}\"/>\n"))
        .collect();
    let at = x.find("</body>").expect("body");
    std::fs::write(&xlf, format!("{}{units}{}", &x[..at], &x[at..])).expect("write");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("more than 100000 trans-units") && err.contains("en.xlf:"),
        "{err}"
    );
    // a sparse file over 64 MiB: refused before it is read
    let big = root.join("big.xlf");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len((64 << 20) + 1).expect("set_len");
    let (code, err) = import(root, &big);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("over the limit of 67108864 bytes"), "{err}");
}
