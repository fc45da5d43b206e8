//! The fonts, paragraph style and seed text of the text-engine tests, shared
//! with `benches/typeset.rs` (which includes this file by `#[path]`).

use std::path::PathBuf;

use brochure::text::{Align, Direction, FontBook, ParagraphStyle, Typesetter};

/// The four Noto Sans faces (font ids 0 to 3: regular, italic, bold, bold
/// italic).
pub fn noto_sans() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    ["Regular", "Italic", "Bold", "BoldItalic"]
        .iter()
        .map(|s| dir.join(format!("NotoSans-{s}.ttf")))
        .collect()
}

/// A typesetter with Noto Sans and the hyphenation `exceptions`.
pub fn typesetter(exceptions: &[(String, Vec<String>)]) -> Typesetter {
    Typesetter::new(FontBook::load(&noto_sans()).expect("fonts"), exceptions).expect("typesetter")
}

/// Dutch, left to right, hyphenated, with protrusion and no indent.
pub fn style(align: Align) -> ParagraphStyle {
    ParagraphStyle {
        align,
        direction: Direction::Ltr,
        lang: "nl".to_string(),
        hyphenate: true,
        protrusion: true,
        first_indent: 0.0,
    }
}

/// The paragraphs of the seed text (a Dutch health guide) of at least
/// `min_words` words, each on one line.
pub fn seed_paragraphs(min_words: usize) -> Vec<String> {
    let raw = include_str!("../../data/seed.txt");
    raw.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.split(' ').count() >= min_words)
        .collect()
}
