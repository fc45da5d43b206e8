//! Export and import without edits: nothing changes, unit states, every
//! text converts both ways, the command line.

use brochure::source::fields::{self, Shape};
use brochure::{source, xliff};

use super::{Project, collapse, unit_range};
use crate::common::{self, cli};

#[test]
fn export_then_import_changes_nothing() {
    for lang in ["en", "ar"] {
        let p = Project::new();
        let before = p.snapshot();
        let (xlf, text) = p.export(lang);
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\"")
        );
        assert!(text.contains("xmlns=\"urn:oasis:names:tc:xliff:document:1.2\""));
        assert!(text.contains(&format!(
            "<file original=\"source/nl/01-inleiding.toml\" source-language=\"nl\" target-language=\"{lang}\" datatype=\"plaintext\""
        )));
        let done = p.import(&xlf);
        assert_eq!(
            done.updated + done.added + done.confirmed,
            0,
            "{lang}: {:?}",
            done.summary
        );
        assert!(done.written.is_empty(), "{lang}: {:?}", done.written);
        assert!(done.unchanged > 0);
        assert_eq!(before, p.snapshot(), "{lang}: files changed");

        // a CAT tool that drops attributes of foreign namespaces: the
        // fingerprint is read from the group's note instead
        let stripped = regex_free_strip(&text, " bro:fingerprint=\"");
        assert!(!stripped.contains("bro:fingerprint"));
        std::fs::write(&xlf, stripped).expect("write");
        let done = p.import(&xlf);
        assert!(done.written.is_empty(), "{lang}: {:?}", done.summary);
        assert_eq!(before, p.snapshot(), "{lang}: files changed");
    }
}

/// Removes every attribute that starts with `attr` (`␠name="`) up to its closing quote.
fn regex_free_strip(text: &str, attr: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(attr) {
        out.push_str(&rest[..i]);
        let after = &rest[i + attr.len()..];
        let end = after.find('"').expect("closing quote");
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn export_marks_states_and_leaves_out_orphans() {
    let p = Project::new();
    // a stale unit: the Dutch changed after the translation
    p.change_dutch_source();
    // an orphan: a translation of a block that is not in the source
    let en = "source/en/07-conclusies.toml";
    p.write(
        en,
        &format!(
            "{}\n[weg-gehaald]\nsource = \"0000000000000000\"\ntext = \"Gone.\"\n",
            p.read(en)
        ),
    );
    let out = p.file("en.xlf");
    let done = xliff::export(p.path(), "en", &out).expect("export");
    assert_eq!(done.orphaned, ["weg-gehaald"]);
    assert_eq!(done.counts[1], 1, "one stale unit");
    assert!(done.summary.iter().any(|l| l.contains("weg-gehaald")));
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(!text.contains("weg-gehaald"));
    let unit = &text[unit_range(&text, "s1-behandeling-levenskwaliteit/text")];
    assert!(unit.contains("<target state=\"needs-review-translation\">Treatment of MS"));
    assert!(unit.contains("review it"), "{unit}");
    assert!(text.contains(
        "<group id=\"s1-behandeling-levenskwaliteit\" restype=\"x-paragraph\" bro:fingerprint=\""
    ));
    common::untranslate_sections_3_to_7(p.path(), "ar");
    let (_, ar) = p.export("ar");
    let unit = &ar[unit_range(&ar, "s3-hoofdbenaderingen/items/2")];
    assert!(unit.contains("<target state=\"new\"></target>"), "{unit}");
    assert!(unit.contains("list item 2 of 3"), "{unit}");
}

#[test]
fn the_command_line_exports_and_imports() {
    let p = Project::new();
    let dir = p.path().to_str().expect("UTF-8");
    let xlf = p.file("hi.xlf");
    let xlf_s = xlf.to_str().expect("UTF-8");
    let out = cli(&["-C", dir, "xliff", "export", "--lang", "hi", "-o", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("needs-review-translation"), "{stderr}");
    let out = cli(&["-C", dir, "xliff", "import", "--dry-run", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no translation file changed"), "{stderr}");
    let out = cli(&["-C", dir, "xliff", "export", "--lang", "nl", "-o", xlf_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("source language"), "{stderr}");
}

/// Every text of the project survives markup → XLIFF → markup: the markup
/// written back parses to the same text as the original.
#[test]
fn every_text_of_the_project_converts_both_ways() {
    let parse = |s: &str| source::parse_markup(s, true).unwrap_or_else(|d| panic!("{s:?}: {d:?}"));
    let mut n = 0;
    for lang in ["en", "ar", "hi"] {
        let st = Project::status_of(lang);
        for u in &st.units {
            for (field, raw) in u.source.iter().chain(&u.target) {
                let plain = fields::shape(&u.kind, *field) == Some(Shape::Plain);
                let x = xliff::markup_to_xliff(raw, plain);
                let back = xliff::xliff_to_markup(&x, plain)
                    .unwrap_or_else(|e| panic!("{}: {x}: {e}", u.id));
                if plain {
                    assert_eq!(back, collapse(raw));
                } else {
                    assert_eq!(
                        parse(&back),
                        parse(raw),
                        "{}: {raw:?} → {x} → {back:?}",
                        u.id
                    );
                }
                n += 1;
            }
        }
    }
    assert!(n > 500, "{n} texts");
}
