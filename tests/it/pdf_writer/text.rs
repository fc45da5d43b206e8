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
    let raw = doc.get_page_content(page1);
    let content = String::from_utf8_lossy(&raw).into_owned();
    let ops = lopdf::content::Content::decode(&raw)
        .expect("content decodes")
        .operations;
    // Replaying the heading's TJ with the font's advances puts every glyph
    // where the layout put it (this also checks our widths against /W).
    let heading_font = ops
        .iter()
        .position(|op| op.operator == "Tf" && op.operands[1].as_float().ok() == Some(24.0))
        .expect("heading font size");
    let tm = ops[heading_font..]
        .iter()
        .find(|op| op.operator == "Tm")
        .expect("heading text matrix");
    let tj = ops[heading_font..]
        .iter()
        .find(|op| op.operator == "TJ")
        .expect("heading TJ");
    let run = shape(HEADING, 24.0, 0.0);
    let data = font_bytes();
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("font parses");
    let upm = f32::from(face.units_per_em());
    let mut pen = 0.0f32;
    let mut k = 0;
    for item in tj.operands[0].as_array().expect("TJ array") {
        if let Ok(codes) = item.as_str() {
            for code in codes.chunks(2) {
                let g = &run.glyphs[k];
                assert_eq!(u16::from_be_bytes([code[0], code[1]]), g.id, "glyph {k}");
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
            }
        } else {
            let adjust = item.as_float().expect("number");
            pen -= adjust / 1000.0 * 24.0;
        }
    }
    assert_eq!(k, run.glyphs.len(), "every glyph is shown once");
    // Baseline: x = 40 + 27, y = media height - (80 + 27).
    let mh = TRIM_H + 54.0;
    let position: Vec<f32> = tm
        .operands
        .iter()
        .map(|o| o.as_float().expect("number"))
        .collect();
    assert_eq!(
        position,
        [1.0, 0.0, 0.0, 1.0, 67.0, mh - 107.0],
        "heading position"
    );
    // Furniture is an artifact.
    assert!(content.contains("/Artifact BMC"), "{content}");
    assert!(
        content.replace(' ', "").contains("/H1<</MCID0>>BDC"),
        "{content}"
    );
    // no glyph string of its own for each glyph: one string between two
    // adjustments
    let strings = tj.operands[0].as_array().expect("TJ array");
    assert!(
        strings
            .windows(2)
            .all(|w| !(w[0].as_str().is_ok() && w[1].as_str().is_ok())),
        "{strings:?}"
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
    let ops = lopdf::content::Content::decode(&lo.get_page_content(page2))
        .expect("content decodes")
        .operations;
    assert!(
        ops.iter().any(|op| {
            let props = op.operands.get(1).and_then(|p| p.as_dict().ok());
            op.operator == "BDC"
                && op.operands[0].as_name().ok() == Some(&b"Span"[..])
                && props.is_some_and(|d| {
                    d.has(b"MCID")
                        && d.get(b"ActualText").and_then(lopdf::Object::as_str).ok()
                            == Some(&b"\xfe\xff\x00X"[..])
                })
        }),
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
