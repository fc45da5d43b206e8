//! `--message-format json` and the exit statuses (issue 16): every line on
//! standard error is one JSON object with a place, a stable code and the
//! message; 0 success, 1 content errors, 2 usage, 3 input/output.

use std::path::Path;

use serde_json::Value;

use crate::common::small_project;

/// Runs the CLI in `dir` with JSON messages: the exit status and every
/// line of standard error, each parsed (the test fails on a line that is
/// not one JSON object).
fn json_run(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut all = vec!["-C", dir.to_str().unwrap(), "--message-format", "json"];
    all.extend_from_slice(args);
    let out = crate::common::cli(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = stderr
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            assert!(v.is_object(), "{l}");
            assert!(v["code"].as_str().is_some_and(|c| c.len() == 5), "{l}");
            assert_ne!(v["code"], "E0000", "an unclassified error: {l}");
            assert_ne!(v["code"], "W0000", "an unclassified warning: {l}");
            v
        })
        .collect();
    (out.status.code(), lines)
}

/// The codes of the JSON lines, in order.
fn codes(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|v| v["code"].as_str().unwrap()).collect()
}

#[test]
fn a_markup_error_is_one_located_json_line() {
    let section = "[section]\nnumber = 1\ntitle = \"Een\"\n\n[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"zie *dit en [1].\"\n";
    let p = small_project(&[("nl/01-a.toml", section.as_bytes())]);
    let (code, lines) = json_run(p.path(), &["check"]);
    assert_eq!(code, Some(1), "{lines:?}");
    let e = lines
        .iter()
        .find(|v| v["severity"] == "error")
        .expect("an error line");
    assert_eq!(e["file"], "source/nl/01-a.toml", "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(8), Some(13)),
        "{e}"
    );
    assert_eq!(e["end"]["line"], 8, "{e}");
    assert_eq!(e["end"]["column"], 14, "{e}");
    assert_eq!(e["code"], "E0201", "{e}");
    assert!(e["message"].as_str().unwrap().contains('*'), "{e}");
    for key in ["label", "help"] {
        assert!(e.get(key).is_some(), "{key} missing: {e}");
    }
}

#[test]
fn human_output_shows_the_code() {
    let section = "[section]\nnumber = 1\ntitle = \"Een\"\nkleur = 3\n";
    let p = small_project(&[("nl/01-a.toml", section.as_bytes())]);
    let out = crate::common::cli(&["-C", p.path().to_str().unwrap(), "check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E0103]: unknown key `kleur`"), "{err}");
}

#[test]
fn a_successful_build_prints_only_json() {
    let p = crate::common::project_copy();
    let pdf = p.path().join("g.pdf");
    let (code, lines) = json_run(p.path(), &["build", "-o", pdf.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{lines:?}");
    let wrote = lines
        .iter()
        .find(|v| v["message"].as_str().unwrap().starts_with("wrote "))
        .expect("the summary");
    assert_eq!(
        (&wrote["severity"], &wrote["code"]),
        (&"note".into(), &"N0001".into())
    );
    assert!(wrote["file"].is_null());
    assert!(pdf.exists());
}

#[test]
fn exit_statuses_tell_content_usage_and_io_apart() {
    let p = crate::common::project_copy();
    let root = p.path();
    // 2: clap's usage errors, as one JSON line
    let (code, lines) = json_run(root, &["build", "--no-such-flag"]);
    assert_eq!(code, Some(2));
    assert_eq!(codes(&lines), ["E0001"], "{lines:?}");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("--no-such-flag")
    );
    // 2: a language, edition or handout part that is not there
    for (args, want) in [
        (&["check", "--lang", "xx"][..], "E0002"),
        (&["build", "--edition", "poster"][..], "E0003"),
        (&["build", "--only", "nowhere"][..], "E0004"),
    ] {
        let (code, lines) = json_run(root, args);
        assert_eq!(code, Some(2), "{args:?}: {lines:?}");
        assert!(codes(&lines).contains(&want), "{args:?}: {lines:?}");
    }
    // 3: an output that cannot be written (its folder is a file)
    let file = root.join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let inside = file.join("g.pdf");
    let (code, lines) = json_run(root, &["build", "-o", inside.to_str().unwrap()]);
    assert_eq!(code, Some(3), "{lines:?}");
    assert!(codes(&lines).contains(&"E0302"), "{lines:?}");
    // 3: no project here
    let empty = tempfile::tempdir().unwrap();
    let (code, lines) = json_run(empty.path(), &["check"]);
    assert_eq!(code, Some(3), "{lines:?}");
    assert!(codes(&lines).contains(&"E0301"), "{lines:?}");
    // 1: a content error; 0: a clean check
    let bad = small_project(&[("nl/01-a.toml", b"[section]\nnumber = 1\n")]);
    assert_eq!(json_run(bad.path(), &["check"]).0, Some(1));
    assert_eq!(json_run(root, &["check"]).0, Some(0));
}

#[test]
fn xliff_problems_have_xliff_codes() {
    let p = crate::common::project_copy();
    let xlf = p.path().join("broken.xlf");
    std::fs::write(
        &xlf,
        "<xliff version=\"1.2\"><file target-language=\"en\"><body><trans-unit",
    )
    .unwrap();
    let (code, lines) = json_run(p.path(), &["xliff", "import", xlf.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{lines:?}");
    let e = lines.iter().find(|v| v["severity"] == "error").unwrap();
    assert_eq!(e["code"], "E0701", "{e}");
    assert_eq!(
        e["file"].as_str().map(|f| f.ends_with("broken.xlf")),
        Some(true),
        "{e}"
    );
}

#[test]
fn the_json_output_is_capped_too() {
    let text = "*".repeat(3) + &" \\q".repeat(200);
    let section = format!(
        "[section]\nnumber = 1\ntitle = \"Een\"\n\n[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"{}\"\n",
        text.replace('\\', "\\\\")
    );
    let p = small_project(&[("nl/01-a.toml", section.as_bytes())]);
    let (code, lines) = json_run(p.path(), &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines.len(),
        brochure::cli::MAX_PRINTED + 1,
        "{:?}",
        codes(&lines)
    );
    assert_eq!(lines.last().unwrap()["code"], "N0002");
}
