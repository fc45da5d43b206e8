//! `brochure init` and `brochure schema` (issue 16): a new brochure builds at
//! once, the shipped schemas are the generated ones, and every shipped TOML
//! file names the schema of its kind.

use std::path::Path;

use crate::common::{cli, root};

/// The schema a source file should name, relative to the file.
fn expected_schema(rel: &str) -> String {
    let depth = rel.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    let kind = match rel {
        "brochure.toml" => "brochure",
        "references.toml" => "references",
        r if r.ends_with("/language.toml") => "language",
        r if r.starts_with("nl/") => "content",
        _ => "translation",
    };
    format!("#:schema {up}schema/{kind}.schema.json")
}

/// Every `.toml` under `dir`, relative to it.
fn toml_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            toml_files(&e.path(), &format!("{name}/"), out);
        } else if name.ends_with(".toml") {
            out.push(name);
        }
    }
}

#[test]
fn the_shipped_schemas_are_current() {
    let dir = root().join("source/schema");
    let files = brochure::source::schema::schema_files();
    assert_eq!(files.len(), 5);
    for (name, text) in files {
        let shipped = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            shipped == text,
            "source/schema/{name} is out of date: run `cargo run --release -- schema`"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
        assert!(!text.contains("\"null\""), "{name}: TOML has no null");
    }
    // `brochure schema -o DIR` writes the same files
    let out = tempfile::tempdir().unwrap();
    let o = cli(&["schema", "-o", out.path().to_str().unwrap()]);
    assert!(o.status.success());
    for (name, text) in brochure::source::schema::schema_files() {
        assert_eq!(
            std::fs::read_to_string(out.path().join(name)).unwrap(),
            text
        );
    }
}

#[test]
fn every_shipped_source_file_names_its_schema() {
    let src = root().join("source");
    let mut files = Vec::new();
    toml_files(&src, "", &mut files);
    assert!(files.len() > 20, "{files:?}");
    // source-history.toml is written by `xliff import`, not by hand
    for rel in files
        .into_iter()
        .filter(|r| !r.ends_with("source-history.toml"))
    {
        let text = std::fs::read_to_string(src.join(&rel)).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, expected_schema(&rel), "{rel}");
        let target = first.trim_start_matches("#:schema ");
        let file = src.join(&rel);
        assert!(
            file.parent().unwrap().join(target).is_file(),
            "{rel}: {target} does not exist"
        );
    }
}

#[test]
fn init_makes_a_brochure_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("My Guide");
    let d = dir.to_str().unwrap();
    let out = cli(&["init", d]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("`my-guide`"), "{err}");
    for f in [
        "source/brochure.toml",
        "source/en/language.toml",
        "source/en/01-introduction.toml",
        "source/references.toml",
        "source/schema/content.schema.json",
        "fonts/NotoSans-Regular.ttf",
        "fonts/NotoSans-BoldItalic.ttf",
        "fonts/OFL.txt",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    // the fonts are the repository's
    assert_eq!(
        std::fs::read(dir.join("fonts/NotoSans-Bold.ttf")).unwrap(),
        std::fs::read(root().join("fonts/NotoSans-Bold.ttf")).unwrap()
    );
    // each file names a schema that is there
    let mut files = Vec::new();
    toml_files(&dir.join("source"), "", &mut files);
    for rel in &files {
        let text = std::fs::read_to_string(dir.join("source").join(rel)).unwrap();
        let target = text.lines().next().unwrap().trim_start_matches("#:schema ");
        let at = dir.join("source").join(rel);
        assert!(
            at.parent().unwrap().join(target).is_file(),
            "{rel}: {target}"
        );
    }
    // it builds at once, without a warning
    let out = cli(&["-C", d, "build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let pdf = std::fs::read(dir.join("out/my-guide-en.pdf")).unwrap();
    if let Some(text) = crate::common::pdftotext(&pdf, &[]) {
        assert!(
            text.contains("Introduction") && text.contains("A new brochure"),
            "{text}"
        );
    }
    // a second init into the same folder is refused: usage error, nothing changed
    let before = std::fs::read(dir.join("source/brochure.toml")).unwrap();
    let out = cli(&["--message-format", "json", "init", d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"E0006\""));
    assert_eq!(
        std::fs::read(dir.join("source/brochure.toml")).unwrap(),
        before
    );
}
