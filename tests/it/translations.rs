//! Translations end to end: the shipped English, Arabic and Hindi editions,
//! stale detection after a Dutch edit, missing blocks in release and draft
//! builds, refused translations, the missing-glyph error, and the text of the
//! right-to-left and Devanagari drafts as pdftotext extracts it.

use std::path::{Path, PathBuf};
use std::process::Command;

use brochure::model::{Block, BlockKind, Document, Inline, Origin, Step, cite};
use brochure::source::UnitState;
use brochure::source::{self, Options};

use crate::common;
use common::root;

/// pdftotext's UTF-8 text of a PDF file, `None` when pdftotext is missing.
fn pdftotext(pdf: &Path) -> Option<String> {
    common::pdftotext(&std::fs::read(pdf).expect("the PDF was written"), &[])
}

/// A copy of the project (source/ and fonts/) to edit.
fn project() -> tempfile::TempDir {
    common::project_copy()
}

fn load(root: &Path, lang: &str, draft: bool) -> Result<source::Loaded, source::Failed> {
    source::load_with(
        root,
        &Options {
            lang: Some(lang.into()),
            draft,
        },
    )
}

fn rendered(f: &source::Failed) -> String {
    f.diagnostics
        .iter()
        .map(|d| f.sources.render(d))
        .collect::<Vec<_>>()
        .join("\n")
}

fn build(root: &Path, lang: &str, draft: bool, out: &Path) -> Result<brochure::Built, String> {
    brochure::build(
        root,
        &brochure::BuildOptions {
            lang: Some(lang.into()),
            draft,
            output: Some(out.to_path_buf()),
            ..Default::default()
        },
    )
    .map_err(|e| {
        e.diagnostics
            .iter()
            .map(|d| e.sources.render(d))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Replaces the first occurrence of `from` in a file of the project copy.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The characters of `s` that carry text: no white space, no bidi controls
/// (pdftotext marks right-to-left lines with embeddings), no hyphens (a
/// word hyphenated at a line end extracts with its hyphen).
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '-' | '\u{2010}' | '\u{AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// `flat` without the photo captions and pull quotes of `doc`: both float
/// to a column's top or foot, and pdftotext reads them between the two
/// columns they sit between, inside a sentence.
fn without_captions(doc: &Document, flat: &str) -> String {
    let mut flat = flat.to_string();
    for floating in floating_texts(doc) {
        flat = flat.replacen(&letters(&floating), "", 1);
    }
    flat
}

/// The plain text of every photo caption and pull quote of `doc`: the
/// blocks that float to a column's top or foot.
fn floating_texts(doc: &Document) -> Vec<String> {
    doc.blocks()
        .filter_map(|b| match &b.kind {
            BlockKind::Photo(p) => Some(Inline::plain_text(&p.caption)),
            BlockKind::Statement(t) => Some(Inline::plain_text(t)),
            _ => None,
        })
        .collect()
}

/// The text of inline content as the brochure prints it: citations in
/// their printed form (`[143, 99]` prints `[99, 143]`).
fn printed_text(doc: &Document, inlines: &[Inline]) -> String {
    let mut out = String::new();
    Inline::walk(inlines, &mut |step| match step {
        Step::Leaf(Inline::Str(s)) => out.push_str(s),
        Step::Leaf(Inline::Cite(c)) => {
            out.push_str(&cite::format(c, doc.settings.citation_style).text)
        }
        Step::Leaf(Inline::LineBreak) => out.push(' '),
        _ => {}
    });
    out
}

/// The body paragraphs of a document that are translated, with their printed text.
fn translated_paragraphs(doc: &Document) -> Vec<(&Block, String)> {
    doc.blocks()
        .filter(|b| b.origin == Origin::Translated)
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(t) => Some((b, printed_text(doc, t))),
            _ => None,
        })
        .collect()
}

#[test]
fn english_is_complete_and_builds_like_the_dutch() {
    let loaded = load(root(), "en", false).unwrap_or_else(|f| panic!("{}", rendered(&f)));
    let status = loaded.status.expect("a translation has a status");
    assert_eq!(status.count(UnitState::Missing), 0);
    assert_eq!(status.count(UnitState::Stale), 0);
    assert_eq!(status.count(UnitState::Orphaned), 0);
    assert_eq!(status.percent(), 100.0);
    let doc = &loaded.doc;
    assert!(doc.blocks().all(|b| b.origin == Origin::Translated));
    assert_eq!(doc.sections[0].title, "Introduction");
    assert_eq!(
        doc.settings.title,
        "Wellness practices and complementary therapies in MS"
    );
    // the same citations in the same order as the Dutch
    let nl = source::load(root(), None).expect("the Dutch loads");
    let numbers = |d: &Document| -> Vec<Vec<u32>> {
        d.citations().iter().map(|c| c.numbers.clone()).collect()
    };
    assert_eq!(numbers(doc), numbers(&nl.doc));

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("en.pdf");
    build(root(), "en", false, &out).unwrap_or_else(|e| panic!("{e}"));
    let pdf = lopdf::Document::load(&out).expect("lopdf reads the English PDF");
    let catalog = pdf.catalog().expect("catalog");
    let lang = catalog.get(b"Lang").expect("/Lang");
    assert_eq!(lang.as_str().expect("string"), b"en-GB");
    if let Some(text) = pdftotext(&out) {
        let flat = without_captions(doc, &letters(&text));
        for (b, t) in translated_paragraphs(doc) {
            assert!(
                flat.contains(&letters(&t)) || t.contains('[') || t.contains("http"),
                "paragraph {} is not in the English PDF",
                b.id
            );
        }
        assert!(text.contains("December 2024"), "dates are localised");
        assert!(text.contains("Contents"));
    }
}

#[test]
fn editing_the_dutch_makes_the_translation_stale() {
    let dir = project();
    let id = "s1-behandeling-levenskwaliteit";
    // rewrapping is not an edit
    edit(
        dir.path(),
        "source/nl/01-inleiding.toml",
        "gericht op het verbeteren",
        "gericht\nop het verbeteren",
    );
    let st = load(dir.path(), "en", false)
        .unwrap_or_else(|f| panic!("{}", rendered(&f)))
        .status
        .expect("status");
    assert_eq!(
        st.count(UnitState::Stale),
        0,
        "rewrapping made a unit stale"
    );

    edit(
        dir.path(),
        "source/nl/01-inleiding.toml",
        "het behouden\nvan mobiliteit.",
        "het behouden\nvan zelfstandigheid.",
    );
    let loaded = load(dir.path(), "en", false).unwrap_or_else(|f| panic!("{}", rendered(&f)));
    let st = loaded.status.as_ref().expect("status");
    let stale: Vec<_> = st
        .units
        .iter()
        .filter(|u| u.state == UnitState::Stale)
        .collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].id, id);
    assert_eq!(stale[0].file, "source/en/01-inleiding.toml");
    assert!(st.percent() < 100.0);
    // the stale translation is still used, and flagged
    let b = loaded.doc.blocks().find(|b| b.id == id).expect("block");
    assert_eq!(b.origin, Origin::Stale);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("stale") && w.message.contains(id))
    );
    // status prints it with file:line
    let report = brochure::cli::status_report(st);
    assert!(report.contains(&format!("source/en/01-inleiding.toml:{}", stale[0].line)));
    assert!(report.contains("1 stale"));
}

#[test]
fn missing_blocks_fail_a_release_build_and_fall_back_in_a_draft() {
    let dir = project();
    common::untranslate_sections_3_to_7(dir.path(), "ar");
    let failed = load(dir.path(), "ar", false).expect_err("Arabic is incomplete");
    let shown = rendered(&failed);
    assert!(shown.contains("is not translated into `ar`"), "{shown}");
    assert!(shown.contains("source/nl/03-standaardbehandelingen.toml"));
    assert!(shown.contains("--draft"));

    let loaded = load(dir.path(), "ar", true).expect("a draft builds");
    let st = loaded.status.expect("status");
    assert!(st.count(UnitState::Missing) > 0);
    assert_eq!(st.count(UnitState::Translated), 17);
    let doc = &loaded.doc;
    assert!(doc.front.iter().all(|b| b.origin == Origin::Translated));
    assert_eq!(doc.sections[2].origin, Origin::Untranslated);
    assert_eq!(doc.sections[2].title, "Standaardbehandelingen voor MS");
}

#[test]
fn a_translation_that_drops_a_citation_is_refused() {
    let dir = project();
    edit(
        dir.path(),
        "source/en/04-sectie-a-wellnesspraktijken.toml",
        "[1–3]",
        "",
    );
    let failed = load(dir.path(), "en", false).expect_err("a lost citation is an error");
    let shown = rendered(&failed);
    assert!(shown.contains("changes its citations"), "{shown}");
    assert!(shown.contains("source/en/04-sectie-a-wellnesspraktijken.toml:"));
    assert!(shown.contains("[1, 2, 3]"), "{shown}");
}

#[test]
fn orphans_and_unknown_fields_are_reported() {
    let dir = project();
    let path = dir.path().join("source/en/07-conclusies.toml");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("\n[s7-removed-long-ago]\nsource = \"0000000000000000\"\ntext = \"Gone.\"\n");
    std::fs::write(&path, text).expect("write");
    let loaded = load(dir.path(), "en", false).expect("an orphan is only a warning");
    let st = loaded.status.expect("status");
    assert_eq!(st.count(UnitState::Orphaned), 1);
    assert!(brochure::cli::status_report(&st).contains("s7-removed-long-ago"));

    edit(
        dir.path(),
        "source/en/07-conclusies.toml",
        "source = ",
        "colour = \"red\"\nsource = ",
    );
    let shown = rendered(&load(dir.path(), "en", false).expect_err("unknown key"));
    assert!(shown.contains("unknown key `colour`"), "{shown}");
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it() {
    let dir = project();
    edit(
        dir.path(),
        "source/nl/07-conclusies.toml",
        "text = \"\"\"\n",
        "text = \"\"\"\nᏣᎳᎩ 漢字 ",
    );
    let out = dir.path().join("out.pdf");
    let err = build(dir.path(), "nl", false, &out).expect_err("Cherokee and Han have no font");
    assert!(err.contains("U+13E3"), "{err}");
    assert!(err.contains("U+6F22"), "{err}");
    assert!(err.contains("fonts tried"), "{err}");
    assert!(err.contains("NotoSansArabic-Regular.ttf"), "{err}");
    assert!(err.contains("source/nl/07-conclusies.toml:"), "{err}");
    assert!(!out.exists(), "no PDF for text that cannot be shown");
}

/// Builds a draft and checks that every translated paragraph extracts, in
/// logical order, as its source text, except the paragraphs `known` to
/// extract scrambled (each listed with its reason where it is called).
fn draft_extracts_in_logical_order(
    lang: &str,
    script: std::ops::RangeInclusive<char>,
    known: &[&str],
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join(format!("{lang}.pdf"));
    build(root(), lang, true, &out).unwrap_or_else(|e| panic!("{e}"));
    let loaded = load(root(), lang, true).expect("draft loads");
    // paragraphs in the script (one holds only a URL)
    let paragraphs: Vec<_> = translated_paragraphs(&loaded.doc)
        .into_iter()
        .filter(|(_, t)| t.chars().any(|c| script.contains(&c)))
        .collect();
    assert!(
        paragraphs.len() >= 8,
        "{lang}: too few translated paragraphs"
    );
    let Some(text) = pdftotext(&out) else { return };
    for id in known {
        assert!(
            paragraphs.iter().any(|(b, _)| b.id == *id),
            "{lang}: no paragraph {id}"
        );
    }
    let flat = without_captions(&loaded.doc, &letters(&text));
    let scrambled: Vec<&str> = paragraphs
        .iter()
        .filter(|(_, t)| !flat.contains(&letters(t)))
        .map(|(b, _)| b.id.as_str())
        .filter(|id| !known.contains(id))
        .collect();
    assert!(
        scrambled.is_empty(),
        "{lang}: {} of {} paragraphs do not extract in logical order: {scrambled:?}",
        scrambled.len(),
        paragraphs.len()
    );
}

#[test]
fn arabic_draft_extracts_in_logical_order() {
    // Known to extract scrambled with pdftotext, not yet mended:
    // s5-biofeedback-bewijs, whose first line is justified very loosely (the
    // next word is bound to its citation, `البيولوجي [32, 66].`, and Arabic
    // is not hyphenated): poppler takes its word gaps of 1.5 em for column
    // gaps and reads the line's six words one per line, left to right. The
    // reading-order guard does not model word gaps.
    draft_extracts_in_logical_order("ar", '\u{600}'..='\u{6FF}', &["s5-biofeedback-bewijs"]);
    // and it is laid out right to left; in a draft without sections 3 to 7
    let dir = project();
    common::untranslate_sections_3_to_7(dir.path(), "ar");
    let out: PathBuf = dir.path().join("ar.pdf");
    build(dir.path(), "ar", true, &out).unwrap_or_else(|e| panic!("{e}"));
    let pdf = lopdf::Document::load(&out).expect("lopdf");
    let prefs = pdf
        .catalog()
        .expect("catalog")
        .get(b"ViewerPreferences")
        .and_then(|o| o.as_dict())
        .expect("viewer preferences");
    assert_eq!(
        prefs.get(b"Direction").and_then(|o| o.as_name()).ok(),
        Some(&b"R2L"[..])
    );
    // untranslated blocks are tagged with the source language
    let langs: Vec<Vec<u8>> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(&b"StructElem"[..]))
        .filter_map(|d| d.get(b"Lang").ok())
        .filter_map(|l| l.as_str().ok().map(<[u8]>::to_vec))
        .collect();
    assert!(!langs.is_empty(), "no structure element carries /Lang");
    // (and the notices beside untranslated sections with the document's)
    assert!(
        langs
            .iter()
            .all(|l| [&b"nl-NL"[..], b"ar", b"en", b"de"].contains(&l.as_slice())),
        "{langs:?}"
    );
    let notices = langs.iter().filter(|l| *l == b"ar").count();
    assert_eq!(notices, 5, "one notice per untranslated section");
}

#[test]
fn hindi_draft_extracts_in_logical_order() {
    draft_extracts_in_logical_order("hi", '\u{900}'..='\u{97F}', &[]);
    // and word by word: a vowel sign drawn left of its consonant's end (the
    // u-sign of "कुछ") must not read as a word break
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("hi.pdf");
    build(root(), "hi", true, &out).unwrap_or_else(|e| panic!("{e}"));
    let Some(text) = pdftotext(&out) else { return };
    // hyphens left out on both sides: pdftotext drops a hard hyphen that
    // ends a line ("कभी-" + "कभी" reads "कभीकभी")
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('-', "")
    };
    let loaded = load(root(), "hi", true).expect("draft loads");
    // photo captions and pull quotes read between the columns they sit between
    let mut flat = words(&text);
    for floating in floating_texts(&loaded.doc) {
        flat = flat.replacen(&format!("{} ", words(&floating)), "", 1);
    }
    let mut checked = 0;
    for (b, t) in translated_paragraphs(&loaded.doc) {
        if t.contains("http") {
            continue;
        }
        assert!(
            flat.contains(&words(&t)),
            "paragraph {} does not extract word for word",
            b.id
        );
        checked += 1;
    }
    assert!(checked >= 8);
    assert!(flat.contains("कुछ") && !flat.contains("कु छ"));
}

#[test]
fn straight_quotes_become_the_languages_quotation_marks() {
    let dir = project();
    edit(
        dir.path(),
        "source/en/07-conclusies.toml",
        "text = \"\"\"\n",
        "text = \"\"\"\nThe \"first\" and the *\"second\"*. ",
    );
    let loaded = load(dir.path(), "en", false).unwrap_or_else(|f| panic!("{}", rendered(&f)));
    let text = loaded.doc.sections[6]
        .blocks
        .iter()
        .map(Block::plain_text)
        .collect::<String>();
    assert!(
        text.contains("The “first” and the “second”."),
        "quotes not converted: {text}"
    );
}

#[test]
fn the_command_line_builds_every_language_and_reports_status() {
    let dir = project();
    common::untranslate_sections_3_to_7(dir.path(), "ar");
    let exe = env!("CARGO_BIN_EXE_brochure");
    let status = Command::new(exe)
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .output()
        .expect("runs");
    assert!(status.status.success());
    let out = String::from_utf8_lossy(&status.stdout);
    assert!(out.contains("en: 100.0 % translated"), "{out}");
    assert!(out.contains("ar: "), "{out}");
    assert!(out.contains("hi: 100.0 % translated"), "{out}");
    assert!(
        out.contains("missing    source/nl/03-standaardbehandelingen.toml:"),
        "{out}"
    );

    // without --draft the incomplete languages fail, and the complete ones are still built
    let all = Command::new(exe)
        .arg("-C")
        .arg(dir.path())
        .args(["build", "--all"])
        .output()
        .expect("runs");
    assert_eq!(all.status.code(), Some(1));
    assert!(dir.path().join("out/wellnesspraktijken-en.pdf").exists());
    assert!(dir.path().join("out/wellnesspraktijken-hi.pdf").exists());
    assert!(!dir.path().join("out/wellnesspraktijken-ar.pdf").exists());

    let all = Command::new(exe)
        .arg("-C")
        .arg(dir.path())
        .args(["build", "--all", "--draft"])
        .output()
        .expect("runs");
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    for lang in ["nl", "en", "ar", "hi"] {
        let pdf = dir
            .path()
            .join(format!("out/wellnesspraktijken-{lang}.pdf"));
        lopdf::Document::load(&pdf).unwrap_or_else(|e| panic!("{lang}: {e}"));
    }
}

#[test]
fn translations_extract_with_citations_in_reading_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (lang, draft, references) in [("en", false, "References"), ("ar", true, "المراجع")] {
        let out = dir.path().join(format!("{lang}.pdf"));
        build(root(), lang, draft, &out).unwrap_or_else(|e| panic!("{e}"));
        let Some(text) = pdftotext(&out) else { return };
        let body = &text[..text.rfind(references).expect("reference list heading")];
        let order = common::cited_numbers(body);
        let expected: Vec<u32> = (1..=143).collect();
        assert_eq!(order, expected, "{lang}: citations out of reading order");
    }
}

#[test]
fn an_untranslated_section_of_a_draft_is_labelled() {
    let dir = project();
    common::untranslate_sections_3_to_7(dir.path(), "hi");
    let loaded = load(dir.path(), "hi", true).expect("draft loads");
    let doc = &loaded.doc;
    let chars = brochure::document_chars(doc);
    let ts = brochure::typesetter(dir.path(), doc, &chars).expect("fonts");
    let laid = brochure::layout::lay_out(doc, &ts);
    let label = letters(&doc.language.draft);
    // the text of each page in the document's language set apart (the
    // notice: real text, read aloud with its language), as its glyphs say
    let notices = |page: &brochure::layout::Page| -> String {
        page.items
            .iter()
            .filter_map(|i| match i {
                brochure::layout::Item::Text {
                    run,
                    role,
                    block: Some(b),
                    ..
                } if *role != brochure::layout::Role::Artifact
                    && laid.blocks[*b as usize].lang.as_deref() == Some("hi-IN") =>
                {
                    Some(
                        run.glyphs
                            .iter()
                            .map(|g| g.text.as_str())
                            .collect::<String>(),
                    )
                }
                _ => None,
            })
            .collect()
    };
    let labelled: Vec<usize> = laid
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| letters(&notices(p)).contains(&label))
        .map(|(i, _)| i)
        .collect();
    // sections 3 to 7 are untranslated: five openers, each labelled once
    assert_eq!(labelled.len(), 5, "labelled pages: {labelled:?}");
    assert!(
        doc.sections[..2]
            .iter()
            .all(|s| s.origin == Origin::Translated)
    );
}
