//! Tests of the text engine (shaping, hyphenation, Knuth–Plass, protrusion).

mod british;
mod hyphenation;
mod line_breaking;
mod scripts;
pub mod setup;
mod shaping;
mod spacing;

use brochure::text::{Align, FontId, Line, ParagraphLayout, RunKind, TextRun};

use setup::{noto_sans, seed_paragraphs, style, typesetter};

fn run(text: &str) -> TextRun {
    TextRun {
        text: text.to_string(),
        font: FontId(0),
        size: 10.0,
        kind: RunKind::Prose,
        tag: 0,
    }
}

/// One run of `text` set with no extra fonts in `width`, aligned `align`.
fn set_one(text: &str, align: Align, width: f32) -> ParagraphLayout {
    typesetter(&[]).layout_paragraph(&[run(text)], &style(align), width)
}

fn texts(layout: &ParagraphLayout) -> Vec<String> {
    layout.lines.iter().map(shown).collect()
}

/// A line's text as it shows on the page: without the space that takes no
/// room at a word-boundary line end, and with the added hyphen of a
/// hyphenated line (extracted as U+00AD) shown as `-`.
fn shown(line: &Line) -> String {
    let t = line.text();
    let t = t.trim_matches(' ');
    match t.strip_suffix('\u{ad}') {
        Some(stem) if line.hyphenated => format!("{stem}-"),
        _ => t.to_string(),
    }
}

/// A run of `text` in `font`.
fn run_in(font: FontId, text: &str) -> TextRun {
    TextRun { font, ..run(text) }
}

/// The text of each line, with `taken` in place of the hyphen that ends a
/// hyphenated line.
fn line_texts(layout: &ParagraphLayout, taken: &str) -> Vec<String> {
    layout
        .lines
        .iter()
        .map(|l| {
            let t = shown(l);
            if l.hyphenated {
                t.strip_suffix('-').expect("a hyphen").to_string() + taken
            } else {
                t
            }
        })
        .collect()
}
