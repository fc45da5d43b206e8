//! The PDF writer on a hand-built display list: structure of the file read
//! back with lopdf, text extraction with pdftotext, validity with qpdf, font
//! embedding with pdffonts (external tools are skipped when missing).

mod errors;
mod furniture;
mod images;
mod structure;
mod text;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use brochure::layout::{
    BlockInfo, DocInfo, ImageResource, Item, LaidOut as Document, LinkTarget, OutlineEntry, Page,
    PageGeometry, Rect, Role,
};
use brochure::model::{ImageFormat, Rgb};
use brochure::pdf::write;
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
            text: cluster_text.into(),
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

/// A 16 × 12 RGB JPEG (a gradient; made with Pillow, as printpdf no longer
/// carries a JPEG encoder).
fn jpeg_rgb() -> Vec<u8> {
    include_bytes!("../../data/rgb-16x12.jpg").to_vec()
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
        run: run.into(),
        color: Rgb(0x20, 0x30, 0x40),
        role,
        block,
        lang: None,
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
                target: LinkTarget::Internal {
                    page: 0,
                    y: 60.0,
                    description: "Inleiding, Pagina 1".into(),
                },
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
                bytes: Arc::new(jpeg_rgb()),
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

fn numbers(obj: &Object) -> Vec<f32> {
    obj.as_array()
        .expect("array")
        .iter()
        .map(|o| o.as_float().expect("number"))
        .collect()
}

fn assert_close(actual: &[f32], expected: &[f32]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 0.01, "{actual:?} vs {expected:?}");
    }
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
