//! Text placement and extraction: glyph positions, pdftotext output and
//! `ActualText` for clusters that do not map one to one.

use brochure::layout::Role;
use brochure::pdf::write;
use brochure::text::{FontId, GlyphRun, PositionedGlyph};

use super::{
    BODY, FOOTER, HEADING, TRIM_H, font_book, font_bytes, run_tool, sample, shape, text_item,
    written,
};

#[test]
fn text_is_placed_and_extractable() {
    let bytes = written();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let page1 = *doc.get_pages().values().next().expect("page");
    let content = String::from_utf8_lossy(&doc.get_page_content(page1)).into_owned();
    // Replaying the heading's TJ with the font's advances puts every glyph
    // where the layout put it (this also checks our widths against /W).
    let heading_start = content.find("24 Tf").expect("heading font size");
    let heading = &content[heading_start..];
    let tj = &heading[heading.find('[').expect("TJ array") + 1..heading.find("] TJ").expect("TJ")];
    let run = shape(HEADING, 24.0, 0.0);
    let data = font_bytes();
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("font parses");
    let upm = f32::from(face.units_per_em());
    let mut pen = 0.0f32;
    let mut k = 0;
    for token in tj.replace('<', " <").split_whitespace() {
        if token.starts_with('<') {
            let g = &run.glyphs[k];
            assert!(
                (pen - g.x).abs() < 0.01,
                "glyph {k} at {pen}, layout {}",
                g.x
            );
            let w = face
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g.id))
                .expect("advance");
            pen += (f32::from(w) * 1000.0 / upm).trunc() / 1000.0 * 24.0;
            k += 1;
        } else {
            let adjust: f32 = token.parse().expect("number");
            pen -= adjust / 1000.0 * 24.0;
        }
    }
    assert_eq!(k, run.glyphs.len(), "every glyph is shown once");
    // Baseline: x = 40 + 27, y = media height - (80 + 27).
    let mh = TRIM_H + 54.0;
    assert!(
        heading.contains(&format!("1 0 0 1 67 {} Tm", mh - 107.0)),
        "heading position: {heading}"
    );
    // Furniture is an artifact.
    assert!(content.contains("/Artifact BMC"), "{content}");
    assert!(
        content.replace(' ', "").contains("/H1<</MCID0>>BDC"),
        "{content}"
    );

    let Some(text) = run_tool("pdftotext", &["-layout"], &bytes, true) else {
        return;
    };
    assert!(text.contains(HEADING), "{text}");
    assert!(text.contains(BODY), "pdftotext: {text}");
    assert!(!text.contains(FOOTER), "furniture is not text: {text}");
    assert!(text.contains("Terug naar het begin"), "{text}");
}

/// A run from (character, text) pairs at natural advances.
fn manual_run(glyphs: &[(char, &str)], size: f32) -> GlyphRun {
    let data = font_bytes();
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("font parses");
    let scale = size / f32::from(face.units_per_em());
    let mut x = 0.0;
    let glyphs = glyphs
        .iter()
        .map(|&(c, text)| {
            let id = face.glyph_index(c).expect("glyph in font");
            let advance = f32::from(face.glyph_hor_advance(id).unwrap_or(0)) * scale;
            let g = PositionedGlyph {
                id: id.0,
                x,
                y_offset: 0.0,
                advance,
                text: text.into(),
            };
            x += advance;
            g
        })
        .collect();
    GlyphRun {
        font: FontId(0),
        size,
        tag: 0,
        glyphs,
    }
}

#[test]
fn irregular_clusters_get_actual_text() {
    let mut doc = sample();
    // The 'x' glyph stands for "x" twice and for "X" once; an 'e' with a
    // combining accent is a two-glyph cluster.
    let odd = manual_run(
        &[
            ('x', "x"),
            (' ', " "),
            ('x', "x"),
            (' ', " "),
            ('x', "X"),
            (' ', " "),
            ('e', "e\u{301}"),
            ('\u{301}', ""),
            ('n', "n"),
            ('2', "2"),
        ],
        12.0,
    );
    // A raised glyph gets its own text matrix.
    let mut odd = odd;
    if let Some(last) = odd.glyphs.last_mut() {
        last.y_offset = 4.0;
    }
    doc.pages[1]
        .items
        .push(text_item(40.0, 300.0, odd, Role::P, Some(4)));
    let bytes = write(&doc, &font_book()).expect("PDF is written");
    let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let page2 = *lo.get_pages().values().nth(1).expect("page 2");
    let content = String::from_utf8_lossy(&lo.get_page_content(page2)).into_owned();
    // "X" and "é"; the accent, reaching no further right than its "e", is
    // drawn after the span in one of its own with empty actual text
    assert_eq!(content.matches("/ActualText").count(), 3, "{content}");
    assert_eq!(
        content
            .replace(' ', "")
            .matches("/ActualText<FEFF>")
            .count(),
        1,
        "{content}"
    );
    let baseline = TRIM_H + 54.0 - 327.0;
    assert!(
        content.contains(&format!(" {} Tm", baseline + 4.0)),
        "raised glyph: {content}"
    );
    let compact = content.replace(' ', "");
    // In tagged text the cluster is a marked-content sequence of its own,
    // with an MCID (not nested inside the line's: poppler's structure walk
    // would lose the rest of the line).
    assert!(
        compact.contains("/Span<</ActualText<FEFF0058>/MCID"),
        "{content}"
    );
    let opens = compact.matches("BDC").count() + compact.matches("BMC").count();
    assert_eq!(opens, compact.matches("EMC").count(), "{content}");

    let Some(text) = run_tool("pdftotext", &[], &bytes, true) else {
        return;
    };
    assert!(
        text.contains("x x X e\u{301}n2") || text.contains("x x X \u{e9}n2"),
        "pdftotext: {text:?}"
    );
}
