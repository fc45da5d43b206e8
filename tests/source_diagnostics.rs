//! One test per kind of source problem: each builds a small broken project and
//! checks the message and its file:line:col.

use std::path::Path;

use brochure::source;

const BROCHURE: &str = r#"id = "t"
title = "T"
publisher = "P"
edition_date = 2024-12-01
"#;

/// A reference list of one entry, not yet known.
const REFERENCES: &str = "[[reference]]\nnumber = 1\nstatus = \"missing\"\n";

/// A project with `brochure.toml`, `references.toml` and the given files under `source/`.
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

/// Loads a project that must fail; returns "file:line:col message" for each error.
fn errors(root: &Path) -> Vec<String> {
    match source::load(root, None) {
        Ok(_) => panic!("the broken project loaded"),
        Err(f) => f
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let rendered = f.sources.render(d);
                assert!(rendered.contains('^'), "no caret in:\n{rendered}");
                format!(
                    "{} {}",
                    f.sources.location(d).unwrap_or_else(|| "-".into()),
                    d.message
                )
            })
            .collect(),
    }
}

fn section(body: &str) -> Vec<u8> {
    format!("[section]\nnumber = 1\ntitle = \"Een\"\n\n{body}").into_bytes()
}

#[test]
fn toml_syntax_error() {
    let p = project(&[("nl/01-a.toml", b"[section]\nnumber = 1\ntitle = \"Een\n")]);
    let e = errors(p.path());
    assert!(e[0].starts_with("source/nl/01-a.toml:3:"), "{e:?}");
    assert!(e[0].contains("TOML syntax error"), "{e:?}");
}

#[test]
fn unknown_key_with_suggestion() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntekst = \"x\"\n"),
    )]);
    let e = errors(p.path());
    assert!(
        e.contains(&"source/nl/01-a.toml:8:1 unknown key `tekst` in block".to_string()),
        "{e:?}"
    );
}

#[test]
fn wrong_type() {
    let p = project(&[(
        "nl/01-a.toml",
        b"[section]\nnumber = \"1\"\ntitle = \"Een\"\n",
    )]);
    let e = errors(p.path());
    assert_eq!(
        e,
        ["source/nl/01-a.toml:2:10 `number` must be a whole number, found a string"]
    );
}

#[test]
fn missing_field() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\n"),
    )]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:5:1 missing `text` in block"]);
}

#[test]
fn unknown_block_kind() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraaf\"\nid = \"a\"\n"),
    )]);
    let e = errors(p.path());
    assert_eq!(
        e,
        ["source/nl/01-a.toml:6:8 unknown block kind `paragraaf`"]
    );
}

#[test]
fn duplicate_id() {
    let p = project(&[
        (
            "nl/01-a.toml",
            &section("[[block]]\nkind = \"paragraph\"\nid = \"x\"\ntext = \"a\"\n"),
        ),
        (
            "nl/02-b.toml",
            &section("[[block]]\nkind = \"paragraph\"\nid = \"x\"\ntext = \"b\"\n")[..],
        ),
    ]);
    let e = errors(p.path());
    // the sections' derived ids clash too ("een"); the block id is reported at its second use
    assert!(
        e.contains(&"source/nl/02-b.toml:7:6 duplicate id `x`".to_string()),
        "{e:?}"
    );
}

#[test]
fn unclosed_emphasis() {
    let p = project(&[(
        "nl/01-a.toml",
        &section(
            "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"\"\"\nzo *nadrukkelijk\n\"\"\"\n",
        ),
    )]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:9:4 unclosed emphasis `*`"]);
}

#[test]
fn descending_citation_range() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"bewijs [3–1].\"\n"),
    )]);
    let e = errors(p.path());
    assert_eq!(
        e,
        ["source/nl/01-a.toml:8:17 citation range `3–1` does not ascend"]
    );
}

#[test]
fn citation_that_is_not_a_number() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"bewijs [x].\"\n"),
    )]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:8:17 bad citation `[x]`"]);
}

#[test]
fn empty_link() {
    let p = project(&[(
        "nl/01-a.toml",
        &section(
            "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"zie [](https://msif.org/)\"\n",
        ),
    )]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:8:13 empty link text"]);
}

#[test]
fn link_without_scheme() {
    let p = project(&[(
        "nl/01-a.toml",
        &section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"zie [MSIF](msif.org)\"\n"),
    )]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:8:20 link target is not a URL"]);
}

#[test]
fn missing_image() {
    let p = project(&[(
        "nl/01-a.toml",
        &section(
            "[[block]]\nkind = \"photo\"\nid = \"a\"\nimage = \"images/nope.png\"\ncaption = \"c\"\nalt = \"a\"\n",
        ),
    )]);
    let e = errors(p.path());
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("source/nl/01-a.toml:8:9 cannot read image images/nope.png"),
        "{e:?}"
    );
}

#[test]
fn non_utf8_file() {
    let mut bytes = section("[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"caf");
    bytes.extend_from_slice(&[0xe9, b'"', b'\n']);
    let p = project(&[("nl/01-a.toml", &bytes)]);
    let e = errors(p.path());
    assert_eq!(e, ["source/nl/01-a.toml:8:12 file is not valid UTF-8"]);
}

#[test]
fn all_problems_of_a_run_are_reported() {
    let p = project(&[(
        "nl/01-a.toml",
        &section(
            "[[block]]\nkind = \"paragraph\"\nid = \"a\"\ntext = \"*x [x]\"\nfoo = 1\n\n[[block]]\nkind = \"lijst\"\nid = \"b\"\n",
        ),
    )]);
    let e = errors(p.path());
    assert_eq!(e.len(), 4, "{e:?}");
}
