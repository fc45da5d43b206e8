//! Running heads and footers drawn as glyph outlines: the forms, the fonts
//! left unembedded, and a rendering that looks like the text.

use std::sync::Arc;

use brochure::layout::{LaidOut as Document, Role};
use brochure::pdf::write;
use brochure::text::{Font, FontId, PositionedGlyph};
use lopdf::Object;

use super::{
    BODY, FOOTER, TRIM_H, assert_close, dict, font_book, font_bytes, numbers, resolve, run_tool,
    run_tool_bytes, sample, shape, text_item, written,
};

/// The operations of a content stream that lie inside `/Artifact` marked
/// content.
fn artifact_ops(content: &[u8]) -> Vec<lopdf::content::Operation> {
    let content = lopdf::content::Content::decode(content).expect("content decodes");
    let mut stack: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let artifact =
                    op.operands.first().and_then(|o| o.as_name().ok()) == Some(&b"Artifact"[..]);
                stack.push(artifact || stack.last().copied().unwrap_or(false));
            }
            "EMC" => {
                stack.pop();
            }
            _ if stack.last().copied().unwrap_or(false) => out.push(op),
            _ => {}
        }
    }
    out
}

/// The numeric operands of an operation.
fn operands(op: &lopdf::content::Operation) -> Vec<f32> {
    op.operands
        .iter()
        .filter_map(|o| o.as_float().ok())
        .collect()
}

/// The footer of the sample document on its own page, as furniture or as
/// content.
fn footer_only(role: Role, font: u16) -> Document {
    let mut doc = sample();
    let mut run = shape(FOOTER, 8.0, 0.0);
    run.font = FontId(font);
    let block = (role != Role::Artifact).then_some(1);
    doc.pages[0].items = vec![
        text_item(40.0, 160.0, shape(BODY, 10.0, 2.5), Role::P, Some(1)),
        text_item(40.0, 570.0, run, role, block),
    ];
    doc
}

/// A glyph form XObject: its bounding box and its operations.
fn glyph_form(doc: &lopdf::Document, obj: &Object) -> (Vec<f32>, Vec<lopdf::content::Operation>) {
    let Object::Stream(s) = resolve(doc, obj) else {
        panic!("a glyph form is not a stream")
    };
    assert_eq!(
        s.dict.get(b"Subtype").and_then(Object::as_name).ok(),
        Some(&b"Form"[..])
    );
    let bbox = numbers(s.dict.get(b"BBox").expect("BBox"));
    let body = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    let ops = lopdf::content::Content::decode(&body)
        .expect("form content decodes")
        .operations;
    (bbox, ops)
}

#[test]
fn furniture_is_drawn_as_outlines() {
    let bytes = written();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let page1 = *doc.get_pages().values().next().expect("page");
    let ops = artifact_ops(&doc.get_page_content(page1));
    let names: Vec<&str> = ops.iter().map(|op| op.operator.as_str()).collect();
    for op in ["BT", "Tj", "TJ", "Tf", "Td", "Tm"] {
        assert!(!names.contains(&op), "{op} in the artifacts: {names:?}");
    }
    assert!(names.contains(&"rg"), "the furniture's colour: {names:?}");

    // Each visible glyph of "Pagina 1" is drawn from a form XObject with a
    // matrix that scales font units to 8 pt and puts its origin on the
    // baseline at layout (40, 570) plus bleed and slug, y up.
    let run = shape(FOOTER, 8.0, 0.0);
    let data = font_bytes();
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("font parses");
    let scale = 8.0 / f32::from(face.units_per_em());
    let baseline = TRIM_H + 54.0 - 597.0;
    let visible: Vec<&PositionedGlyph> = run.glyphs.iter().filter(|g| g.text != " ").collect();
    let page = doc.get_dictionary(page1).expect("page");
    let resources = dict(&doc, page.get(b"Resources").expect("resources"));
    let xobjects = dict(&doc, resources.get(b"XObject").expect("xobjects"));
    let mut drawn = Vec::new();
    let mut matrix = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for op in &ops {
        match op.operator.as_str() {
            "cm" => matrix = operands(op),
            "Do" => {
                let g = visible[drawn.len()];
                assert_close(
                    &matrix,
                    &[scale, 0.0, 0.0, scale, 67.0 + g.x, baseline + g.y_offset],
                );
                for v in &matrix[4..] {
                    assert!(((v * 100.0).round() - v * 100.0).abs() < 1e-3, "{v}");
                }
                let name = op.operands[0].as_name().expect("XObject name");
                let (bbox, form) = glyph_form(&doc, xobjects.get(name).expect("form"));
                let names: Vec<&str> = form.iter().map(|op| op.operator.as_str()).collect();
                assert_eq!(names.last(), Some(&"f"), "filled: {names:?}");
                assert_eq!(names.first(), Some(&"m"), "{names:?}");
                for op in &form {
                    let op_name = op.operator.as_str();
                    assert!(
                        ["m", "l", "c", "h", "f"].contains(&op_name),
                        "{op_name} in a glyph form"
                    );
                    kinds.insert(op_name.to_string());
                    for p in operands(op).chunks(2) {
                        assert!(
                            p[0] >= bbox[0]
                                && p[0] <= bbox[2]
                                && p[1] >= bbox[1]
                                && p[1] <= bbox[3],
                            "{p:?} outside {bbox:?}"
                        );
                    }
                }
                drawn.push((g.id, name.to_vec()));
            }
            _ => {}
        }
    }
    assert_eq!(
        drawn.len(),
        visible.len(),
        "every visible glyph is drawn once"
    );
    // "Pagina 1" has straight stems (l) and round bowls (c).
    assert!(kinds.contains("l") && kinds.contains("c"), "{kinds:?}");
    // One form per glyph, shared by its occurrences ('a' twice).
    for (gid, name) in &drawn {
        for (other_gid, other) in &drawn {
            assert_eq!(gid == other_gid, name == other, "{drawn:?}");
        }
    }

    // Content text is still text, and extractable; the furniture is not.
    let Some(text) = run_tool("pdftotext", &[], &bytes, true) else {
        return;
    };
    assert!(text.contains(BODY), "{text}");
    assert!(!text.contains("Pagina"), "{text}");
}

/// The number of (composite) fonts in a file.
fn type0_fonts(doc: &lopdf::Document) -> usize {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"Font"[..])
                && d.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Type0"[..])
        })
        .count()
}

#[test]
fn fonts_only_furniture_uses_are_not_embedded() {
    let mut book = font_book();
    let again = Font {
        path: book.fonts[0].path.clone(),
        data: Arc::clone(&book.fonts[0].data),
        ..book.fonts[0]
    };
    book.fonts.push(again);
    // Font 1 draws only the footer: no font resource, no embedded program.
    let bytes = write(&footer_only(Role::Artifact, 1), &book).expect("PDF is written");
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    assert_eq!(type0_fonts(&doc), 1, "only the body's font is embedded");
    if let Some(out) = run_tool("pdffonts", &[], &bytes, false) {
        assert_eq!(out.lines().count(), 3, "one font: {out}");
    }

    // Nothing but furniture: no fonts at all, still a valid file.
    let mut doc = footer_only(Role::Artifact, 0);
    doc.pages[0].items.remove(0);
    doc.pages[1].items.clear();
    let bytes = write(&doc, &font_book()).expect("PDF is written");
    let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    assert_eq!(type0_fonts(&lo), 0, "no font without text");
    let page1 = *lo.get_pages().values().next().expect("page");
    assert!(
        artifact_ops(&lo.get_page_content(page1))
            .iter()
            .any(|op| op.operator == "Do")
    );
    if let Some(out) = run_tool("qpdf", &["--check"], &bytes, false) {
        assert!(
            out.contains("No syntax or stream encoding errors") && !out.contains("WARNING"),
            "qpdf --check: {out}"
        );
    }
    if let Some(out) = run_tool("pdffonts", &[], &bytes, false) {
        assert_eq!(out.lines().count(), 2, "no fonts: {out}");
    }
}

/// Renders page 1 at 144 dpi in grey; `None` without pdftoppm.
fn render_page1(pdf: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    let out = run_tool_bytes(
        "pdftoppm",
        &["-gray", "-r", "144", "-f", "1", "-l", "1"],
        pdf,
        false,
    )?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Binary PGM: "P5", width, height, maxval, one whitespace, samples.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let w: usize = fields[1].parse().expect("width");
    let h: usize = fields[2].parse().expect("height");
    let pixels = data[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    Some((w, h, pixels))
}

#[test]
fn outlined_furniture_looks_like_text() {
    let Some((w, h, outlined)) = render_page1(
        &write(&footer_only(Role::Artifact, 0), &font_book()).expect("PDF is written"),
    ) else {
        return;
    };
    let (_, _, shown) =
        render_page1(&write(&footer_only(Role::P, 0), &font_book()).expect("PDF is written"))
            .expect("rendered");
    // Ink (darkness) per pixel in the footer's area, 2 px per point.
    let (cols, rows) = ((2 * 60)..(2 * 140), (2 * 580)..(2 * 602));
    let ink = |pixels: &[u8]| -> Vec<u32> {
        rows.clone()
            .flat_map(|r| cols.clone().map(move |c| (r, c)))
            .map(|(r, c)| {
                assert!(r < h && c < w);
                255 - u32::from(pixels[r * w + c])
            })
            .collect()
    };
    let (a, b) = (ink(&outlined), ink(&shown));
    let (sa, sb): (u32, u32) = (a.iter().sum(), b.iter().sum());
    assert!(sb > 255 * 50, "the text version shows the footer ({sb})");
    // The same amount of ink (anti-aliasing differs: text is rasterised by
    // the font engine, paths by the renderer) ...
    assert!(
        sa.abs_diff(sb) * 10 < sb,
        "ink differs by more than 10%: outlines {sa}, text {sb}"
    );
    // ... in the same place.
    let width = cols.len();
    let bounds = |ink: &[u32]| {
        let dark: Vec<(usize, usize)> = ink
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 96)
            .map(|(i, _)| (i / width, i % width))
            .collect();
        let rows = dark.iter().map(|d| d.0);
        let cols = dark.iter().map(|d| d.1);
        [
            rows.clone().min().unwrap_or(0),
            rows.max().unwrap_or(0),
            cols.clone().min().unwrap_or(0),
            cols.max().unwrap_or(0),
        ]
    };
    let (ba, bb) = (bounds(&a), bounds(&b));
    assert!(
        ba.iter().zip(&bb).all(|(p, q)| p.abs_diff(*q) <= 1),
        "inked area {ba:?} (outlines) vs {bb:?} (text)"
    );
}
