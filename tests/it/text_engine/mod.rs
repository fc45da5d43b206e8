//! Tests of the text engine (shaping, hyphenation, Knuth–Plass, protrusion).

mod hyphenation;
mod line_breaking;
mod scripts;
pub mod setup;
mod shaping;
mod spacing;

use brochure::text::{Align, FontId, ParagraphLayout, RunKind, TextRun};

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
    layout.lines.iter().map(|l| l.text()).collect()
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
            let t = l.text();
            if l.hyphenated {
                t.strip_suffix('-').expect("a hyphen").to_string() + taken
            } else {
                t
            }
        })
        .collect()
}
