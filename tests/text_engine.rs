//! Tests of the text engine (shaping, hyphenation, Knuth–Plass, protrusion).

use std::path::PathBuf;

use brochure::text::{
    Align, Direction, FontBook, FontId, ParagraphLayout, ParagraphStyle, RunKind, TextRun,
    Typesetter,
};

fn typesetter(exceptions: &[(String, Vec<String>)]) -> Typesetter {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let paths: Vec<PathBuf> = ["Regular", "Italic", "Bold", "BoldItalic"]
        .iter()
        .map(|s| dir.join(format!("NotoSans-{s}.ttf")))
        .collect();
    Typesetter::new(FontBook::load(&paths).unwrap(), exceptions).unwrap()
}

fn run(text: &str) -> TextRun {
    TextRun {
        text: text.to_string(),
        font: FontId(0),
        size: 10.0,
        kind: RunKind::Prose,
        tag: 0,
    }
}

fn style(align: Align) -> ParagraphStyle {
    ParagraphStyle {
        align,
        direction: Direction::Ltr,
        lang: "nl".to_string(),
        hyphenate: true,
        protrusion: true,
        first_indent: 0.0,
    }
}

fn texts(layout: &ParagraphLayout) -> Vec<String> {
    layout.lines.iter().map(|l| l.text()).collect()
}

#[test]
fn ligature_cluster_maps_to_source_text() {
    let ts = typesetter(&[]);
    let l = ts.layout_paragraph(&[run("officieel fijn")], &style(Align::Start), 500.0);
    assert_eq!(l.lines.len(), 1);
    let glyphs = &l.lines[0].runs[0].glyphs;
    let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
    // Noto Sans ligates "ffi" and "fi".
    assert_eq!(texts, ["o", "ffi", "c", "i", "e", "e", "l", " ", "fi", "j", "n"]);
    assert_eq!(l.lines[0].text(), "officieel fijn");
    // Pen positions advance by the shaped advances.
    for w in glyphs.windows(2) {
        assert!((w[1].x - (w[0].x + w[0].advance)).abs() < 1e-3);
    }
}

#[test]
fn forced_break_nbsp_and_soft_hyphen() {
    let ts = typesetter(&[]);
    let l = ts.layout_paragraph(
        &[run("eerste\u{2028}tweede 10\u{a0}mg ont\u{ad}span\u{ad}ning")],
        &style(Align::Start),
        500.0,
    );
    assert_eq!(texts(&l), ["eerste", "tweede 10\u{a0}mg ontspanning"]);
    // Soft hyphens are invisible when not taken.
    assert!(l.lines[1].runs[0].glyphs.iter().all(|g| !g.text.contains('\u{ad}')));
}
