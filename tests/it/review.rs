//! Review state and glossaries in the XLIFF export: a translation that
//! `language.toml` does not mark approved exports as
//! `needs-review-translation` (not `approved="yes"`), per language or per
//! file; `source/<lang>/glossary.tsv` is referenced from each file header.

use std::path::Path;

use crate::common::{project_copy, run_in};

/// Runs the CLI in project `root`: exit code and stderr.
fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let (code, _, err) = run_in(root, args);
    (code, err)
}

/// Exports `lang` to `root/out/LANG.xlf` and returns the XLIFF.
fn export(root: &Path, lang: &str) -> String {
    let xlf = root.join("out").join(format!("{lang}.xlf"));
    let (code, err) = run(
        root,
        &[
            "xliff",
            "export",
            "--lang",
            lang,
            "-o",
            xlf.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(&xlf).expect("xlf")
}

/// The states of the targets of the units whose id starts with `prefix`,
/// and how many of those units are approved.
fn states(x: &str, prefix: &str) -> (Vec<String>, usize) {
    let mut states = Vec::new();
    let mut approved = 0;
    for part in x.split("<trans-unit ").skip(1) {
        if !part.starts_with(&format!("id=\"{prefix}")) {
            continue;
        }
        if part[..part.find('>').expect("tag end")].contains("approved=\"yes\"") {
            approved += 1;
        }
        let s = part.find("<target state=\"").expect("a target state") + 15;
        states.push(part[s..s + part[s..].find('"').expect("end")].to_string());
    }
    (states, approved)
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut t = std::fs::read_to_string(&path).expect("read");
    t.push_str(text);
    std::fs::write(&path, t).expect("write");
}

#[test]
fn an_unapproved_translation_exports_as_needs_review_except_files_approved() {
    let dir = project_copy();
    let root = dir.path();
    let (s, a) = states(&export(root, "en"), "inleiding");
    assert!(s.iter().all(|s| s == "translated") && a == s.len(), "{s:?}");

    append(
        root,
        "source/en/language.toml",
        "\n[review]\napproved = false\napproved_files = [\"01-inleiding.toml\"]\n",
    );
    let x = export(root, "en");
    let (s, a) = states(&x, "inleiding");
    assert!(
        !s.is_empty() && s.iter().all(|s| s == "translated") && a == s.len(),
        "{s:?}"
    );
    let (s, a) = states(&x, "s3-");
    assert!(
        !s.is_empty() && s.iter().all(|s| s == "needs-review-translation") && a == 0,
        "{s:?}"
    );
    assert!(x.contains("not yet approved by a reviewer"));
    // importing it back changes nothing: the fingerprints stay
    let xlf = root.join("out/en.xlf");
    let (code, err) = run(root, &["xliff", "import", xlf.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no translation file changed"), "{err}");

    // a file pending review while the rest is approved
    let lt = root.join("source/en/language.toml");
    let t = std::fs::read_to_string(&lt).expect("read");
    std::fs::write(
        &lt,
        t.replace(
            "approved = false\napproved_files = [\"01-inleiding.toml\"]",
            "pending_files = [\"01-inleiding.toml\"]",
        ),
    )
    .expect("write");
    let x = export(root, "en");
    assert_eq!(states(&x, "inleiding").1, 0);
    let (s, a) = states(&x, "s3-");
    assert_eq!(a, s.len());

    // a name that is no content file is an error at its place
    append(
        root,
        "source/en/language.toml",
        "approved_files = [\"inleiding\"]\n",
    );
    let (code, err) = run(root, &["status", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`inleiding` is not a content file name") && err.contains("language.toml:"),
        "{err}"
    );
}

#[test]
fn a_glossary_is_referenced_from_every_file_header_and_checked() {
    let dir = project_copy();
    let root = dir.path();
    let g = root.join("source/ar/glossary.tsv");
    std::fs::remove_file(&g).expect("the shipped Arabic glossary");
    assert!(!export(root, "ar").contains("<glossary>"));
    std::fs::write(&g, "nl\ten\tar\tnote\nopstoot\trelapse\tانتكاسة\t\n").expect("write");
    let x = export(root, "ar");
    let files = x.matches("<file ").count();
    assert!(files > 1);
    assert_eq!(
        x.matches(
            "<glossary><external-file href=\"../source/ar/glossary.tsv\"/></glossary>\n    </header>"
        )
        .count(),
        files,
        "{}",
        &x[..600]
    );
    std::fs::write(&g, "nl\ten\tar\tnote\nopstoot\trelapse\n").expect("write");
    let xlf = root.join("out/ar.xlf");
    let (code, err) = run(
        root,
        &[
            "xliff",
            "export",
            "--lang",
            "ar",
            "-o",
            xlf.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("source/ar/glossary.tsv:2:1") && err.contains("2 column(s); the header has 4"),
        "{err}"
    );
}
