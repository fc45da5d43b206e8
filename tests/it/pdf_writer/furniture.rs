//! Running heads and footers: text inside `/Artifact` marked content and a
//! `/Span` with empty actual text, so that it renders as text but neither
//! tag-aware readers nor extractors read it.

use std::sync::Arc;

use brochure::layout::{LaidOut as Document, Role};
use brochure::pdf::write;
use brochure::text::{Font, FontId};
use lopdf::Object;

use super::{BODY, FOOTER, font_book, run_tool, run_tool_bytes, sample, shape, text_item, written};

/// The operations of a content stream that lie inside `/Artifact` marked
/// content (marked content nested in it included).
fn artifact_ops(content: &[u8]) -> Vec<lopdf::content::Operation> {
    let content = lopdf::content::Content::decode(content).expect("content decodes");
    let mut stack: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let artifact =
                    op.operands.first().and_then(|o| o.as_name().ok()) == Some(&b"Artifact"[..]);
                let inside = stack.last().copied().unwrap_or(false);
                stack.push(artifact || inside);
                if inside {
                    out.push(op);
                }
            }
            "EMC" => {
                stack.pop();
                if stack.last().copied().unwrap_or(false) {
                    out.push(op);
                }
            }
            _ if stack.last().copied().unwrap_or(false) => out.push(op),
            _ => {}
        }
    }
    out
}

#[test]
fn furniture_is_text_that_does_not_extract() {
    let bytes = written();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let page1 = *doc.get_pages().values().next().expect("page");
    let ops = artifact_ops(&doc.get_page_content(page1));
    let names: Vec<&str> = ops.iter().map(|op| op.operator.as_str()).collect();
    for op in ["BT", "Tf", "TJ", "ET", "rg", "BDC", "EMC"] {
        assert!(names.contains(&op), "{op} not in the artifacts: {names:?}");
    }
    assert!(!names.contains(&"Do"), "no glyph forms: {names:?}");
    // the text is inside a span whose actual text is empty
    let span = ops
        .iter()
        .find(|op| op.operator == "BDC")
        .expect("a span in the artifact");
    assert_eq!(span.operands[0].as_name().ok(), Some(&b"Span"[..]));
    let actual = span.operands[1]
        .as_dict()
        .expect("properties")
        .get(b"ActualText")
        .expect("ActualText");
    assert_eq!(actual.as_str().ok(), Some(&b"\xfe\xff"[..]));
    assert!(
        span.operands[1]
            .as_dict()
            .expect("dict")
            .get(b"MCID")
            .is_err(),
        "an artifact has no MCID"
    );

    // Content text is extractable; the furniture is not.
    let Some(text) = run_tool("pdftotext", &[], &bytes, true) else {
        return;
    };
    assert!(text.contains(BODY), "{text}");
    assert!(!text.contains("Pagina"), "{text}");
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
fn fonts_only_furniture_uses_are_embedded() {
    let mut book = font_book();
    let again = Font {
        path: book.fonts[0].path.clone(),
        data: Arc::clone(&book.fonts[0].data),
        ..book.fonts[0]
    };
    book.fonts.push(again);
    // Font 1 shows only the footer: it is embedded like the body's.
    let bytes = write(&footer_only(Role::Artifact, 1), &book).expect("PDF is written");
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    assert_eq!(type0_fonts(&doc), 2, "the body's font and the footer's");
    if let Some(out) = run_tool("qpdf", &["--check"], &bytes, false) {
        assert!(
            out.contains("No syntax or stream encoding errors") && !out.contains("WARNING"),
            "qpdf --check: {out}"
        );
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
fn furniture_looks_like_the_same_text_set_as_content() {
    let Some((w, h, artifact)) = render_page1(
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
    let (a, b) = (ink(&artifact), ink(&shown));
    let (sa, sb): (u32, u32) = (a.iter().sum(), b.iter().sum());
    assert!(sb > 255 * 50, "the text version shows the footer ({sb})");
    // The same amount of ink ...
    assert!(
        sa.abs_diff(sb) * 10 < sb,
        "ink differs by more than 10%: artifact {sa}, content {sb}"
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
        "inked area {ba:?} (artifact) vs {bb:?} (content)"
    );
}
