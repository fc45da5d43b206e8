//! The strings of `language.toml` (title, labels, months, date format)
//! travel in the XLIFF as their own units and are imported back into
//! `language.toml`; `brochure lang add` scaffolds a language.

use std::path::Path;

use crate::common::{project_copy, run_in as run};

fn export(root: &Path, lang: &str) -> (std::path::PathBuf, String) {
    let xlf = root.join(format!("{lang}.xlf"));
    let (code, _, err) = run(
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
    let text = std::fs::read_to_string(&xlf).expect("xlf");
    (xlf, text)
}

fn import(root: &Path, xlf: &Path) -> (i32, String) {
    let (code, _, err) = run(root, &["xliff", "import", xlf.to_str().expect("utf-8")]);
    (code, err)
}

/// Sets the target of trans-unit `id` (whose target is `old`) to `new`.
fn set(x: &str, id: &str, old: &str, new: &str) -> String {
    let at = x
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit {id}"));
    let end = at + x[at..].find("</trans-unit>").expect("end");
    let unit = &x[at..end];
    assert!(unit.contains(old), "{unit}");
    format!("{}{}{}", &x[..at], unit.replacen(old, new, 1), &x[end..])
}

#[test]
fn the_title_labels_and_months_are_units_of_the_export_and_round_trip() {
    let dir = project_copy();
    let root = dir.path();
    let (xlf, x) = export(root, "en");
    assert!(x.contains("<file original=\"source/nl/language.toml\""));
    assert_eq!(x.matches("<trans-unit id=\"language.toml/").count(), 22);
    let title = x
        .find("<trans-unit id=\"language.toml/brochure/title\"")
        .map(|i| &x[i..i + x[i..].find("</trans-unit>").expect("end")])
        .expect("the title is a unit");
    assert!(title.contains("resname=\"language.toml.brochure.title\" approved=\"yes\""));
    assert!(
        title.contains("<source>Wellnesspraktijken en complementaire therapieën bij MS</source>")
    );
    assert!(title.contains(
        "<target state=\"translated\">Wellness practices and complementary therapies in MS</target>"
    ));
    assert!(
        title.contains("source: source/brochure.toml, line 4"),
        "{title}"
    );
    // unchanged: nothing is written
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("no translation file changed") && !err.contains("warning"),
        "{err}"
    );
    // changed: only those values change, comments and the rest stay
    let before = std::fs::read_to_string(root.join("source/en/language.toml")).expect("read");
    let edited = set(
        &x,
        "language.toml/labels/contents",
        ">Contents</target>",
        ">Table of contents</target>",
    );
    let edited = set(
        &edited,
        "language.toml/dates/months/3",
        ">March</target>",
        ">Mar.</target>",
    );
    std::fs::write(&xlf, edited).expect("write");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 unit(s) updated"), "{err}");
    let after = std::fs::read_to_string(root.join("source/en/language.toml")).expect("read");
    assert_eq!(
        after,
        before
            .replace(
                "contents = \"Contents\"",
                "contents = \"Table of contents\""
            )
            .replace("\"February\", \"March\"", "\"February\", \"Mar.\"")
    );
    // a date format that loses a placeholder is refused
    let (xlf, x) = export(root, "en");
    let bad = set(
        &x,
        "language.toml/dates/format",
        ">{month} {year}</target>",
        ">{maand} {year}</target>",
    );
    std::fs::write(&xlf, bad).expect("write");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 1);
    assert!(
        err.contains("changes the date format's placeholders"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("source/en/language.toml")).expect("read"),
        after
    );
}

#[test]
fn lang_add_scaffolds_a_language_that_the_xliff_fills_in() {
    let dir = project_copy();
    let root = dir.path();
    let (code, _, err) = run(root, &["lang", "add", "fa", "--rtl"]);
    assert_eq!(code, 0, "{err}");
    let b = std::fs::read_to_string(root.join("source/brochure.toml")).expect("read");
    assert!(
        b.contains("languages = [\"nl\", \"en\", \"ar\", \"hi\", \"fa\"]"),
        "{b}"
    );
    assert!(b.contains("\n# Brochure-wide settings."), "comments kept");
    let lt = std::fs::read_to_string(root.join("source/fa/language.toml")).expect("read");
    assert!(lt.contains("contents = \"Inhoud\"  # untranslated"), "{lt}");
    assert!(lt.contains("direction = \"rtl\""));
    assert!(lt.contains("[review]\napproved = false"));
    // every key the loader knows in [labels] is there
    for key in [
        "contents",
        "references",
        "reference_missing",
        "section",
        "page",
        "photo",
        "draft",
    ] {
        assert!(lt.contains(&format!("\n{key} = ")), "{key}");
    }
    let (code, out, err) = run(root, &["status", "--lang", "fa"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("language.toml: 0 of 22 strings translated"),
        "{out}"
    );
    let (code, _, err) = run(root, &["check", "--lang", "fa", "--draft"]);
    assert_eq!(code, 0, "{err}");

    let (xlf, x) = export(root, "fa");
    assert!(x.contains(
        "<source>Wellnesspraktijken en complementaire therapieën bij MS</source>\n          <target state=\"new\"></target>"
    ));
    let edited = set(
        &x,
        "language.toml/brochure/title",
        "<target state=\"new\"></target>",
        "<target state=\"translated\">شیوه‌های تندرستی</target>",
    );
    std::fs::write(&xlf, edited).expect("write");
    let (code, err) = import(root, &xlf);
    assert_eq!(code, 0, "{err}");
    let lt2 = std::fs::read_to_string(root.join("source/fa/language.toml")).expect("read");
    assert_eq!(
        lt2,
        lt.replace(
            "title = \"Wellnesspraktijken en complementaire therapieën bij MS\"  # untranslated",
            "title = \"شیوه‌های تندرستی\""
        )
    );
    let (_, out, _) = run(root, &["status", "--lang", "fa"]);
    assert!(
        out.contains("language.toml: 1 of 22 strings translated"),
        "{out}"
    );

    // twice, or a bad tag: an error, nothing changed
    let (code, _, err) = run(root, &["lang", "add", "fa"]);
    assert_eq!(code, 1);
    assert!(err.contains("already a language"), "{err}");
    let (code, _, _) = run(root, &["lang", "add", "../x"]);
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(root.join("source/brochure.toml")).expect("read"),
        b
    );
}

#[test]
fn a_language_without_its_folder_names_the_command_that_adds_it() {
    let dir = project_copy();
    let root = dir.path();
    let b = root.join("source/brochure.toml");
    let t = std::fs::read_to_string(&b).expect("read");
    std::fs::write(&b, t.replace("\"hi\"]", "\"hi\", \"fr\"]")).expect("write");
    let (code, _, err) = run(root, &["status", "--lang", "fr"]);
    // a folder that cannot be read is an I/O failure (docs/diagnostics.md)
    assert_eq!(code, 3);
    assert!(err.contains("`brochure lang add fr` scaffolds"), "{err}");
}
