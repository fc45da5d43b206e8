//! The PDF writer on a hand-built display list: structure of the file read
//! back with lopdf, text extraction with pdftotext, validity with qpdf, font
//! embedding with pdffonts (external tools are skipped when missing).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use brochure::layout::{
    BlockInfo, DocInfo, ImageResource, Item, LaidOut as Document, LinkTarget, OutlineEntry, Page,
    PageGeometry, Rect, Role,
};
use brochure::model::{ImageFormat, Rgb};
use brochure::pdf::{PdfError, write};
use brochure::text::{Font, FontBook, FontId, GlyphRun, PositionedGlyph};
use lopdf::{Dictionary, Object};

const FONT: &str = "fonts/NotoSans-Regular.ttf";
const TRIM_W: f32 = 420.0;
const TRIM_H: f32 = 595.0;
const BLEED: f32 = 9.0;
const SLUG: f32 = 18.0;
const URL: &str = "https://www.example.nl/gezondheid";
const CREATED: i64 = 1_740_832_496; // 2025-03-01 12:34:56 UTC

fn font_bytes() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FONT);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn font_book() -> FontBook {
    let data = font_bytes();
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("font parses");
    let font = Font {
        path: FONT.into(),
        units_per_em: face.units_per_em(),
        ascender: face.ascender(),
        descender: face.descender(),
        cap_height: face.capital_height().unwrap_or(700),
        x_height: face.x_height().unwrap_or(500),
        data: Arc::new(data),
    };
    FontBook {
        fonts: vec![font],
        fallbacks: vec![Vec::new()],
    }
}

/// Shapes `text` with rustybuzz; each space gets `extra` points, like a
/// justified line.
fn shape(text: &str, size: f32, extra: f32) -> GlyphRun {
    let data = font_bytes();
    let face = rustybuzz::Face::from_slice(&data, 0).expect("font parses");
    let scale = size / f32::from(face.units_per_em() as u16);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let cluster_text = if first { &text[start..end] } else { "" };
        let advance = pos.x_advance as f32 * scale;
        glyphs.push(PositionedGlyph {
            id: info.glyph_id as u16,
            x: pen + pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            advance,
            text: cluster_text.to_string(),
        });
        pen += advance;
        if cluster_text == " " {
            pen += extra;
        }
    }
    GlyphRun {
        font: FontId(0),
        size,
        tag: 0,
        glyphs,
    }
}

fn png_rgba(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                data.extend_from_slice(&[(x * 60) as u8, (y * 60) as u8, 128, (x * 255 / w) as u8]);
            }
        }
        writer.write_image_data(&data).expect("png data");
    }
    out
}

fn jpeg_rgb(w: usize, h: usize) -> Vec<u8> {
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            pixels.extend_from_slice(&[(x * 16) as u8, (y * 16) as u8, 200]);
        }
    }
    let raw = printpdf::RawImage {
        pixels: printpdf::RawImageData::U8(pixels),
        width: w,
        height: h,
        data_format: printpdf::RawImageFormat::RGB8,
        tag: Vec::new(),
    };
    raw.encode_to_bytes(&[printpdf::OutputImageFormat::Jpeg])
        .expect("jpeg encodes")
        .0
}

const HEADING: &str = "Gezondheid en welzijn";
const BODY: &str = "Officiële informatie over je eigen zorgplan.";
const FOOTER: &str = "Pagina 1";

fn text_item(x: f32, y: f32, run: GlyphRun, role: Role, block: Option<u32>) -> Item {
    let line_width = run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
    Item::Text {
        x,
        y,
        line_width,
        run,
        color: Rgb(0x20, 0x30, 0x40),
        role,
        block,
    }
}

fn geometry() -> PageGeometry {
    PageGeometry {
        trim_width: TRIM_W,
        trim_height: TRIM_H,
        bleed: BLEED,
        slug: SLUG,
    }
}

fn sample() -> Document {
    let page1 = Page {
        geometry: geometry(),
        items: vec![
            Item::Fill {
                rect: Rect {
                    x: -BLEED,
                    y: -BLEED,
                    w: TRIM_W + 2.0 * BLEED,
                    h: 120.0,
                },
                color: Rgb(0xE8, 0xF0, 0xF8),
                bleeds: true,
            },
            text_item(40.0, 80.0, shape(HEADING, 24.0, 0.0), Role::H1, Some(0)),
            text_item(40.0, 160.0, shape(BODY, 10.0, 2.5), Role::P, Some(1)),
            Item::Image {
                rect: Rect {
                    x: 40.0,
                    y: 200.0,
                    w: 160.0,
                    h: 120.0,
                },
                image: 0,
                alt: "Een verpleegkundige in gesprek".into(),
                block: Some(2),
            },
            Item::Image {
                rect: Rect {
                    x: 220.0,
                    y: 200.0,
                    w: 160.0,
                    h: 120.0,
                },
                image: 1,
                alt: "Een foto".into(),
                block: Some(3),
            },
            Item::Link {
                rect: Rect {
                    x: 40.0,
                    y: 150.0,
                    w: 120.0,
                    h: 12.0,
                },
                target: LinkTarget::Uri(URL.into()),
            },
            text_item(40.0, 570.0, shape(FOOTER, 8.0, 0.0), Role::Artifact, None),
        ],
        label: Some("1".into()),
    };
    let page2 = Page {
        geometry: geometry(),
        items: vec![
            text_item(
                40.0,
                60.0,
                shape("Terug naar het begin", 10.0, 0.0),
                Role::P,
                Some(4),
            ),
            Item::Link {
                rect: Rect {
                    x: 40.0,
                    y: 50.0,
                    w: 100.0,
                    h: 12.0,
                },
                target: LinkTarget::Internal { page: 0, y: 60.0 },
            },
        ],
        label: Some("2".into()),
    };
    Document {
        info: DocInfo {
            title: "Gezondheidsgids: één overzicht".into(),
            author: "Stichting Voorbeeld".into(),
            subject: "Informatie voor patiënten".into(),
            lang: "nl-NL".into(),
            rtl: false,
            created: brochure::model::date::DateTime::from_unix(CREATED),
        },
        pages: vec![page1, page2],
        outline: vec![
            OutlineEntry {
                title: "Inleiding".into(),
                page: 0,
                y: 60.0,
                children: vec![OutlineEntry {
                    title: "Officiële informatie".into(),
                    page: 0,
                    y: 150.0,
                    children: vec![],
                }],
            },
            OutlineEntry {
                title: "Verder lezen".into(),
                page: 1,
                y: 40.0,
                children: vec![],
            },
        ],
        images: vec![
            ImageResource {
                bytes: Arc::new(png_rgba(4, 3)),
                format: ImageFormat::Png,
                width: 4,
                height: 3,
            },
            ImageResource {
                bytes: Arc::new(jpeg_rgb(16, 12)),
                format: ImageFormat::Jpeg,
                width: 16,
                height: 12,
            },
        ],
        blocks: vec![
            BlockInfo {
                id: "kop".into(),
                role: Role::H1,
                lang: None,
            },
            BlockInfo {
                id: "alinea".into(),
                role: Role::P,
                lang: None,
            },
            BlockInfo {
                id: "foto".into(),
                role: Role::Figure,
                lang: None,
            },
            BlockInfo {
                id: "foto2".into(),
                role: Role::Figure,
                lang: None,
            },
            BlockInfo {
                id: "terug".into(),
                role: Role::P,
                lang: None,
            },
        ],
        report: Vec::new(),
        cmyk: None,
    }
}

fn written() -> Vec<u8> {
    write(&sample(), &font_book()).expect("PDF is written")
}

fn resolve<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> &'a Dictionary {
    match resolve(doc, obj) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn get<'a>(doc: &'a lopdf::Document, d: &'a Dictionary, key: &str) -> &'a Object {
    resolve(
        doc,
        d.get(key.as_bytes())
            .unwrap_or_else(|_| panic!("missing /{key} in {d:?}")),
    )
}

fn numbers(obj: &Object) -> Vec<f32> {
    obj.as_array()
        .expect("array")
        .iter()
        .map(|o| o.as_float().expect("number"))
        .collect()
}

fn text_string(obj: &Object) -> String {
    let bytes = obj.as_str().expect("string");
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    } else {
        String::from_utf8(bytes.to_vec()).expect("ascii")
    }
}

fn assert_close(actual: &[f32], expected: &[f32]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 0.01, "{actual:?} vs {expected:?}");
    }
}

#[test]
fn writes_a_valid_document() {
    let bytes = written();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    assert!(bytes.starts_with(b"%PDF-1.7"));

    // Pages and boxes.
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    let page_ids: Vec<_> = pages.values().copied().collect();
    let (mw, mh) = (TRIM_W + 54.0, TRIM_H + 54.0);
    for id in &page_ids {
        let page = doc.get_dictionary(*id).expect("page");
        assert_close(&numbers(get(&doc, page, "MediaBox")), &[0.0, 0.0, mw, mh]);
        assert_close(
            &numbers(get(&doc, page, "BleedBox")),
            &[SLUG, SLUG, mw - SLUG, mh - SLUG],
        );
        assert_close(
            &numbers(get(&doc, page, "TrimBox")),
            &[27.0, 27.0, 27.0 + TRIM_W, 27.0 + TRIM_H],
        );
    }

    // The font: one Type0 font, a subset with ToUnicode.
    let page1 = doc.get_dictionary(page_ids[0]).expect("page 1");
    let resources = dict(&doc, page1.get(b"Resources").expect("resources"));
    let fonts = dict(&doc, resources.get(b"Font").expect("fonts"));
    assert_eq!(fonts.len(), 1, "one font resource per FontId");
    let (_, font_ref) = fonts.iter().next().expect("a font");
    let font = dict(&doc, font_ref);
    assert_eq!(
        get(&doc, font, "Subtype").as_name().ok(),
        Some(&b"Type0"[..])
    );
    let base = String::from_utf8(
        get(&doc, font, "BaseFont")
            .as_name()
            .expect("name")
            .to_vec(),
    )
    .expect("ascii");
    let (tag, face) = base.split_once('+').expect("subset tag");
    assert_eq!(tag.len(), 6);
    assert!(tag.bytes().all(|b| b.is_ascii_uppercase()), "{base}");
    assert!(face.starts_with("NotoSans"), "{base}");
    let to_unicode = match get(&doc, font, "ToUnicode") {
        Object::Stream(s) => s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone()),
        other => panic!("ToUnicode is not a stream: {other:?}"),
    };
    assert!(String::from_utf8_lossy(&to_unicode).contains("beginbfchar"));
    let descendant = dict(
        &doc,
        &get(&doc, font, "DescendantFonts")
            .as_array()
            .expect("array")[0],
    );
    let descriptor = dict(&doc, descendant.get(b"FontDescriptor").expect("descriptor"));
    let file = match get(&doc, descriptor, "FontFile2") {
        Object::Stream(s) => s,
        other => panic!("FontFile2 is not a stream: {other:?}"),
    };
    let program = file.decompressed_content().expect("font program decodes");
    let full = font_bytes().len();
    assert!(
        program.len() < 40_000 && program.len() * 10 < full,
        "font program {} bytes (full font {full})",
        program.len()
    );

    // Images: the PNG's alpha is a soft mask; the JPEG is embedded as is.
    let xobjects = dict(&doc, resources.get(b"XObject").expect("xobjects"));
    let mut found_png = false;
    let mut found_jpeg = false;
    for (_, xref) in xobjects.iter() {
        let Object::Stream(s) = resolve(&doc, xref) else {
            panic!("xobject is not a stream")
        };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Form"[..]) {
            continue; // a glyph of the footer
        }
        match s.dict.get(b"Filter").and_then(Object::as_name) {
            Ok(b"DCTDecode") => {
                assert_eq!(s.content, *sample().images[1].bytes, "JPEG bytes unchanged");
                found_jpeg = true;
            }
            _ => {
                assert!(s.dict.get(b"SMask").is_ok(), "PNG alpha becomes an SMask");
                assert_eq!(s.dict.get(b"Width").and_then(Object::as_i64).ok(), Some(4));
                found_png = true;
            }
        }
    }
    assert!(found_png && found_jpeg);

    // Links.
    let annots = get(&doc, page1, "Annots").as_array().expect("annots");
    assert_eq!(annots.len(), 1);
    let link = dict(&doc, &annots[0]);
    assert_eq!(
        get(&doc, link, "Subtype").as_name().ok(),
        Some(&b"Link"[..])
    );
    assert_close(&numbers(get(&doc, link, "Border")), &[0.0, 0.0, 0.0]);
    let action = dict(&doc, link.get(b"A").expect("action"));
    assert_eq!(get(&doc, action, "URI").as_str().ok(), Some(URL.as_bytes()));
    let rect = numbers(get(&doc, link, "Rect"));
    assert_close(&rect, &[67.0, mh - 27.0 - 162.0, 187.0, mh - 27.0 - 150.0]);

    let page2 = doc.get_dictionary(page_ids[1]).expect("page 2");
    let annots = get(&doc, page2, "Annots").as_array().expect("annots");
    let link = dict(&doc, &annots[0]);
    let dest = get(&doc, link, "Dest").as_array().expect("dest");
    assert_eq!(dest[0].as_reference().ok(), Some(page_ids[0]));
    assert_eq!(dest[1].as_name().ok(), Some(&b"XYZ"[..]));
    assert_close(&[dest[3].as_float().expect("top")], &[mh - 27.0 - 60.0]);

    // Catalog.
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        get(&doc, catalog, "Lang").as_str().ok(),
        Some(&b"nl-NL"[..])
    );
    assert_eq!(
        get(&doc, catalog, "PageMode").as_name().ok(),
        Some(&b"UseOutlines"[..])
    );
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").expect("prefs"));
    assert_eq!(
        get(&doc, prefs, "DisplayDocTitle").as_bool().ok(),
        Some(true)
    );

    // Structure: Document → H1, P (holding the URI's Link), Figure ×2, P.
    let mark_info = dict(&doc, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(get(&doc, mark_info, "Marked").as_bool().ok(), Some(true));
    let root = dict(&doc, catalog.get(b"StructTreeRoot").expect("structure"));
    let document = dict(&doc, root.get(b"K").expect("root element"));
    assert_eq!(
        get(&doc, document, "S").as_name().ok(),
        Some(&b"Document"[..])
    );
    let kids: Vec<&Dictionary> = get(&doc, document, "K")
        .as_array()
        .expect("kids")
        .iter()
        .map(|k| dict(&doc, k))
        .collect();
    let tags: Vec<&[u8]> = kids
        .iter()
        .map(|k| get(&doc, k, "S").as_name().expect("tag"))
        .collect();
    assert_eq!(tags, [&b"H1"[..], b"P", b"Figure", b"Figure", b"P"]);
    assert_eq!(
        text_string(get(&doc, kids[2], "Alt")),
        "Een verpleegkundige in gesprek"
    );
    let paragraph_kids = get(&doc, kids[1], "K").as_array().expect("kids");
    let link_elem = dict(&doc, paragraph_kids.last().expect("link element"));
    assert_eq!(get(&doc, link_elem, "S").as_name().ok(), Some(&b"Link"[..]));
    assert_eq!(get(&doc, page1, "StructParents").as_i64().ok(), Some(0));

    // Outline: two levels.
    let outlines = dict(&doc, catalog.get(b"Outlines").expect("outline"));
    assert_eq!(get(&doc, outlines, "Count").as_i64().ok(), Some(3));
    let first = dict(&doc, outlines.get(b"First").expect("first"));
    assert_eq!(text_string(get(&doc, first, "Title")), "Inleiding");
    let child = dict(&doc, first.get(b"First").expect("child"));
    assert_eq!(
        text_string(get(&doc, child, "Title")),
        "Officiële informatie"
    );
    let child_dest = get(&doc, child, "Dest").as_array().expect("dest");
    assert_eq!(child_dest[0].as_reference().ok(), Some(page_ids[0]));
    assert_close(
        &[child_dest[3].as_float().expect("top")],
        &[mh - 27.0 - 150.0],
    );
    let second = dict(&doc, first.get(b"Next").expect("next"));
    assert_eq!(text_string(get(&doc, second, "Title")), "Verder lezen");
    let dest = get(&doc, second, "Dest").as_array().expect("dest");
    assert_eq!(dest[0].as_reference().ok(), Some(page_ids[1]));

    // Document information and XMP.
    let info = dict(&doc, doc.trailer.get(b"Info").expect("info"));
    assert_eq!(
        text_string(get(&doc, info, "Title")),
        "Gezondheidsgids: één overzicht"
    );
    assert_eq!(
        text_string(get(&doc, info, "Author")),
        "Stichting Voorbeeld"
    );
    assert_eq!(text_string(get(&doc, info, "Creator")), "brochure");
    assert_eq!(
        text_string(get(&doc, info, "CreationDate")),
        "D:20250301123456+00'00'"
    );
    let Object::Stream(xmp) = get(&doc, catalog, "Metadata") else {
        panic!("no XMP stream")
    };
    let xmp = String::from_utf8(xmp.content.clone()).expect("XMP is UTF-8");
    assert!(xmp.contains("<rdf:li>nl-NL</rdf:li>"), "{xmp}");
    assert!(xmp.contains("2025-03-01T12:34:56+00:00"), "{xmp}");
    assert!(xmp.contains("Gezondheidsgids: één overzicht"), "{xmp}");
    assert!(!xmp.contains("00000000-0000"), "document id is set");
    let id = doc
        .trailer
        .get(b"ID")
        .expect("ID")
        .as_array()
        .expect("array");
    assert_eq!(id[0].as_str().expect("string").len(), 16);
}

#[test]
fn output_is_deterministic() {
    let a = written();
    let b = written();
    assert!(a == b, "two writes of the same document differ");
}

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
    assert_eq!(content.matches("/ActualText").count(), 2, "{content}");
    let baseline = TRIM_H + 54.0 - 327.0;
    assert!(
        content.contains(&format!(" {} Tm", baseline + 4.0)),
        "raised glyph: {content}"
    );
    let compact = content.replace(' ', "");
    assert!(
        compact.contains("/Span<</ActualText<FEFF0058>>>BDC"),
        "{content}"
    );

    let Some(text) = run_tool("pdftotext", &[], &bytes, true) else {
        return;
    };
    assert!(
        text.contains("x x X e\u{301}n2") || text.contains("x x X \u{e9}n2"),
        "pdftotext: {text:?}"
    );
}

#[test]
fn page_labels_follow_printed_numbers() {
    // Sheet numbers as labels: no /PageLabels needed.
    let lo = lopdf::Document::load_mem(&written()).expect("lopdf reads the output");
    assert!(lo.catalog().expect("catalog").get(b"PageLabels").is_err());

    let mut doc = sample();
    doc.pages[0].label = None;
    doc.pages[1].label = Some("7".into());
    let bytes = write(&doc, &font_book()).expect("PDF is written");
    let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let labels = dict(
        &lo,
        lo.catalog()
            .expect("catalog")
            .get(b"PageLabels")
            .expect("labels"),
    );
    let nums = get(&lo, labels, "Nums").as_array().expect("nums");
    assert_eq!(nums.len(), 4);
    assert_eq!(nums[2].as_i64().ok(), Some(1));
    let second = dict(&lo, &nums[3]);
    assert_eq!(get(&lo, second, "St").as_i64().ok(), Some(7));
}

#[test]
fn external_tools_accept_the_file() {
    let bytes = written();
    if let Some(out) = run_tool("qpdf", &["--check"], &bytes, false) {
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "qpdf --check: {out}"
        );
        assert!(
            !out.to_lowercase().contains("warning"),
            "qpdf --check: {out}"
        );
    }
    if let Some(out) = run_tool("pdffonts", &[], &bytes, false) {
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object id
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{out}");
        }
    }
}

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

#[test]
fn errors_are_reported() {
    let mut doc = sample();
    doc.pages.clear();
    assert_eq!(write(&doc, &font_book()), Err(PdfError::NoPages));

    let mut doc = sample();
    doc.outline[0].children[0].page = 7;
    assert!(matches!(
        write(&doc, &font_book()),
        Err(PdfError::BadTarget { page: 7, pages: 2 })
    ));

    let doc = sample();
    assert_eq!(
        write(&doc, &FontBook::default()),
        Err(PdfError::MissingFont { font: 0 })
    );

    let mut doc = sample();
    if let Item::Text { x, .. } = &mut doc.pages[1].items[0] {
        *x = f32::NAN;
    }
    assert_eq!(
        write(&doc, &font_book()),
        Err(PdfError::BadGeometry { page: 1 })
    );

    let mut doc = sample();
    doc.images[0].bytes = Arc::new(b"not a png".to_vec());
    let err = write(&doc, &font_book()).expect_err("bad image");
    assert!(matches!(err, PdfError::BadImage { image: 0, .. }), "{err}");
    assert!(err.to_string().contains("image #0"));
}

/// Runs an external tool on the PDF; `None` when the tool is not installed.
/// With `stdout_to_stdout`, the tool writes its result to "-".
fn run_tool(tool: &str, args: &[&str], pdf: &[u8], stdout_to_stdout: bool) -> Option<String> {
    let out = run_tool_bytes(tool, args, pdf, stdout_to_stdout)?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(s)
}

/// Like [`run_tool`], with the raw output. Every call gets its own file, as
/// tests run in parallel.
fn run_tool_bytes(
    tool: &str,
    args: &[&str],
    pdf: &[u8],
    stdout_to_stdout: bool,
) -> Option<std::process::Output> {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    if Command::new(tool).arg("-v").output().is_err() {
        eprintln!("{tool} not installed; skipping");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("brochure-pdf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{tool}-{call}.pdf"));
    std::fs::write(&path, pdf).expect("write temp pdf");
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if stdout_to_stdout {
        cmd.arg("-");
    }
    let out = cmd.output().expect("tool runs");
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir(&dir);
    Some(out)
}
