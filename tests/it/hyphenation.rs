//! Hyphenation per language, read from the built PDF: Hindi
//! (`[hyphenation] patterns = false` in its `language.toml`) breaks lines
//! between words only, while Dutch keeps its pattern hyphenation; English
//! (`patterns = "en-gb"`) takes no US break; no language leaves fewer than 2
//! letters before a hyphen or 3 after it.

use crate::common::{pdftotext, root};

/// Builds `lang` (as a draft) and returns `pdftotext -raw` of it, which
/// keeps line-end hyphens; `None` where pdftotext is not installed.
fn raw_text(lang: &str) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let opts = brochure::BuildOptions {
        lang: Some(lang.into()),
        draft: true,
        output: Some(out.clone()),
        ..Default::default()
    };
    if let Err(e) = brochure::build(root(), &opts) {
        panic!("{lang} does not build: {:?}", e.diagnostics);
    }
    pdftotext(&std::fs::read(&out).expect("the PDF"), &["-raw"])
}

/// Lines ending in `-` after a letter of `script`, with the first word of
/// the next line, where the source does not write the two joined by that
/// hyphen: the breaks the typesetter added.
fn added_hyphens(text: &str, source: &str, script: fn(char) -> bool) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let head = pair[0].split_whitespace().last()?;
            let next = pair[1].split_whitespace().next()?;
            // an added hyphen extracts as a soft hyphen (U+00AD); the
            // source's own hyphens: `MS-symptomen`, `blaas- en darm`
            let stem = head
                .strip_suffix('\u{ad}')
                .or_else(|| head.strip_suffix('-'))?;
            let added = stem.chars().last().is_some_and(script)
                && !source.contains(&format!("{head}{next}"))
                && !source.contains(&format!("{head} {next}"));
            added.then(|| format!("{stem}-|{next}"))
        })
        .collect()
}

/// The source text of a language, whitespace collapsed.
fn source_text(lang: &str) -> String {
    let opts = brochure::source::Options {
        lang: Some(lang.into()),
        draft: true,
    };
    let doc = brochure::source::load_with(root(), &opts)
        .expect("the project loads")
        .doc;
    doc.reading_text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn hindi_words_are_not_hyphenated_but_dutch_words_are() {
    let devanagari = |c: char| ('\u{0900}'..='\u{097f}').contains(&c);
    let latin = |c: char| c.is_alphabetic() && c.is_ascii();
    let (Some(hi), Some(nl)) = (raw_text("hi"), raw_text("nl")) else {
        return; // pdftotext is not installed
    };
    let hindi = added_hyphens(&hi, &source_text("hi"), devanagari);
    assert!(hindi.is_empty(), "Hindi words hyphenated: {hindi:?}");
    // the same check sees the Dutch edition's pattern hyphens
    let dutch = added_hyphens(&nl, &source_text("nl"), latin);
    assert!(dutch.len() > 50, "Dutch hyphens found: {}", dutch.len());
}

/// Whether an added break `stem-|next` leaves at least 2 letters before and
/// 3 after it (`next` may carry punctuation).
fn fragments_ok(added: &str) -> bool {
    let (stem, next) = added.split_once("-|").expect("a break");
    let before = stem.chars().rev().take_while(|c| c.is_alphabetic()).count();
    let after = next.chars().take_while(|c| c.is_alphabetic()).count();
    before >= 2 && after >= 3
}

#[test]
fn english_takes_british_breaks_and_every_fragment_is_long_enough() {
    let latin = |c: char| c.is_alphabetic() && c.is_ascii();
    let (Some(en), Some(nl)) = (raw_text("en"), raw_text("nl")) else {
        return; // pdftotext is not installed
    };
    let english = added_hyphens(&en, &source_text("en"), latin);
    assert!(
        english.len() > 20,
        "English hyphens found: {}",
        english.len()
    );
    // breaks the US patterns gave this edition before it used en-GB
    let us = [
        "corticos-|teroids",
        "gastroin-|testinal",
        "complemen-|tary",
        "medi-|tation",
        "mea-|surements",
        "exces-|sive",
        "vegetar-|ian",
        "medici-|nal",
        "eucalyp-|tus",
        "orig-|inated",
        "peo-|ple",
        "be-|tween",
    ];
    for added in &english {
        assert!(
            !us.iter().any(|u| added.to_lowercase().contains(u)),
            "a US break in English: {added}"
        );
    }
    let dutch = added_hyphens(&nl, &source_text("nl"), latin);
    for added in english.iter().chain(&dutch) {
        assert!(fragments_ok(added), "too short a fragment: {added}");
    }
}
