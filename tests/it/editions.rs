//! Editions and handouts end to end: the real brochure built through the
//! library as `print`, `booklet`, `large-print` and as handouts (each once
//! per test binary), read back with lopdf and, where installed, pdftotext;
//! plus the imposition of hand-built documents of 8, 10 and 28 pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use brochure::layout::{DocInfo, Item, LaidOut, Page, PageGeometry, Rect};
use brochure::model::Rgb;
use brochure::text::FontBook;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common;
use common::{pdftotext, root};

const MM: f32 = 72.0 / 25.4;
const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;
const A5_W: f32 = 419.53;
const A5_H: f32 = 595.28;

/// Builds the brochure as `edition`, a handout of `only` when not empty;
/// the PDF's bytes, or the diagnostics rendered.
fn build(edition: Option<&str>, only: &[&str]) -> Result<Vec<u8>, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.pdf");
    let opts = brochure::BuildOptions {
        output: Some(out.clone()),
        edition: edition.map(str::to_string),
        only: only.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    match brochure::build(root(), &opts) {
        Ok(_) => Ok(std::fs::read(&out).expect("the PDF was written")),
        Err(e) => Err(e
            .diagnostics
            .iter()
            .map(|d| e.sources.render(d))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// A built PDF and its parsed form.
struct Built {
    bytes: Vec<u8>,
    pdf: Document,
}

fn built_as(
    cell: &'static OnceLock<Built>,
    edition: Option<&str>,
    only: &[&str],
) -> &'static Built {
    cell.get_or_init(|| {
        let bytes = build(edition, only).unwrap_or_else(|e| panic!("build fails:\n{e}"));
        let pdf = Document::load_mem(&bytes).expect("lopdf reads the PDF");
        Built { bytes, pdf }
    })
}

fn print() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("print"), &[])
}

fn booklet() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("booklet"), &[])
}

fn large_print() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, Some("large-print"), &[])
}

fn handout_4() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    built_as(&B, None, &["4"])
}

fn model() -> &'static brochure::model::Document {
    static M: OnceLock<brochure::model::Document> = OnceLock::new();
    M.get_or_init(|| {
        brochure::source::load(root(), None)
            .map(|l| l.doc)
            .unwrap_or_else(|_| panic!("the source loads"))
    })
}

// ---------------------------------------------------------------- lopdf helpers

fn deref<'a>(pdf: &'a Document, o: &'a Object) -> &'a Object {
    pdf.dereference(o).expect("reference resolves").1
}

fn dict<'a>(pdf: &'a Document, o: &'a Object) -> &'a Dictionary {
    match deref(pdf, o) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

fn get<'a>(pdf: &'a Document, d: &'a Dictionary, key: &str) -> Option<&'a Object> {
    d.get(key.as_bytes()).ok().map(|o| deref(pdf, o))
}

fn page_ids(pdf: &Document) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

fn num(o: &Object) -> f32 {
    o.as_float().expect("a number")
}

/// A page box as `[llx lly urx ury]`.
fn page_box(pdf: &Document, page: ObjectId, key: &str) -> [f32; 4] {
    let d = pdf.get_dictionary(page).expect("page");
    let v: Vec<f32> = get(pdf, d, key)
        .unwrap_or_else(|| panic!("no {key}"))
        .as_array()
        .expect("array")
        .iter()
        .map(num)
        .collect();
    [v[0], v[1], v[2], v[3]]
}

/// The decoded content of a page.
fn page_ops(pdf: &Document, page: ObjectId) -> Vec<Operation> {
    let bytes = pdf.get_page_content(page);
    Content::decode(&bytes).expect("content decodes").operations
}

/// Whether box `outer` holds box `inner`, by at least `margin` on every side.
fn holds(outer: [f32; 4], inner: [f32; 4], margin: f32) -> bool {
    outer[0] <= inner[0] - margin
        && outer[1] <= inner[1] - margin
        && outer[2] >= inner[2] + margin
        && outer[3] >= inner[3] + margin
}

fn operands(op: &Operation) -> Vec<f32> {
    op.operands
        .iter()
        .filter_map(|o| o.as_float().ok())
        .collect()
}

/// Lowercase letters and digits only.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------- print

#[test]
fn print_pages_have_nested_boxes_with_bleed_and_slug() {
    let pdf = &print().pdf;
    let pages = page_ids(pdf);
    assert!(pages.len() >= 16, "{} pages", pages.len());
    let bleed = 3.0 * MM;
    for (i, &p) in pages.iter().enumerate() {
        let media = page_box(pdf, p, "MediaBox");
        let crop = page_box(pdf, p, "CropBox");
        let bleed_box = page_box(pdf, p, "BleedBox");
        let trim = page_box(pdf, p, "TrimBox");
        let n = i + 1;
        assert!(
            (trim[2] - trim[0] - A4_W).abs() < 0.05 && (trim[3] - trim[1] - A4_H).abs() < 0.05,
            "page {n}: TrimBox {trim:?} is not A4"
        );
        for k in 0..4 {
            let sign = if k < 2 { -1.0 } else { 1.0 };
            assert!(
                (bleed_box[k] - (trim[k] + sign * bleed)).abs() < 0.01,
                "page {n}: BleedBox {bleed_box:?} is not TrimBox {trim:?} plus 3 mm"
            );
        }
        // room for the marks: at least 10 mm of slug outside the bleed
        assert!(
            holds(media, bleed_box, 10.0 * MM),
            "page {n}: MediaBox {media:?} ⊅ BleedBox {bleed_box:?} with a slug"
        );
        assert!(holds(bleed_box, trim, bleed - 0.01));
        assert_eq!(crop, media, "page {n}: CropBox");
        let d = pdf.get_dictionary(p).expect("page");
        assert!(
            d.get(b"Annots").is_err(),
            "page {n}: print has no link annotations"
        );
    }
}

#[test]
fn print_colours_are_cmyk_with_black_text() {
    let pdf = &print().pdf;
    let mut text_colours: BTreeMap<String, usize> = BTreeMap::new();
    let mut fills = BTreeSet::new();
    for &p in &page_ids(pdf) {
        let mut in_text = false;
        let mut colour = String::new();
        for op in page_ops(pdf, p) {
            match op.operator.as_str() {
                "rg" | "RG" | "g" | "G" | "sc" | "scn" => {
                    panic!("a DeviceRGB or DeviceGray colour in print: {op:?}")
                }
                "k" => {
                    colour = format!("{:?}", operands(&op));
                    fills.insert(colour.clone());
                }
                "BT" => in_text = true,
                "ET" => in_text = false,
                "TJ" | "Tj" if in_text => *text_colours.entry(colour.clone()).or_default() += 1,
                _ => {}
            }
        }
    }
    let body = text_colours
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(c, _)| c.clone());
    assert_eq!(
        body.as_deref(),
        Some("[0.0, 0.0, 0.0, 1.0]"),
        "{text_colours:?}"
    );
    // the brand colour #c8102e, converted: 0 / 92 / 77 / 22
    assert!(
        fills.contains("[0.0, 0.92, 0.77, 0.216]"),
        "brand colour missing from {fills:?}"
    );
}

#[test]
fn print_cover_field_runs_into_the_bleed() {
    let pdf = &print().pdf;
    let page = page_ids(pdf)[0];
    let bleed = page_box(pdf, page, "BleedBox");
    let trim = page_box(pdf, page, "TrimBox");
    let mut colour = Vec::new();
    let mut field = None;
    for op in page_ops(pdf, page) {
        match op.operator.as_str() {
            "k" => colour = operands(&op),
            "re" if colour == [0.0, 0.92, 0.77, 0.216] && field.is_none() => {
                let v = operands(&op);
                field = Some([v[0], v[1], v[0] + v[2], v[1] + v[3]]);
            }
            _ => {}
        }
    }
    let field = field.expect("the cover's colour field is drawn in the brand colour");
    assert!(
        (field[0] - bleed[0]).abs() < 0.01,
        "left edge {field:?} vs {bleed:?}"
    );
    assert!(
        (field[2] - bleed[2]).abs() < 0.01,
        "right edge {field:?} vs {bleed:?}"
    );
    assert!(
        (field[3] - bleed[3]).abs() < 0.01,
        "top edge {field:?} vs {bleed:?}"
    );
    assert!(
        field[1] > trim[1] + 100.0,
        "the field covers the top of the page only"
    );
}

#[test]
fn print_marks_lie_outside_the_trim_and_bleed() {
    let pdf = &print().pdf;
    for (i, &p) in page_ids(pdf).iter().enumerate() {
        let n = i + 1;
        let media = page_box(pdf, p, "MediaBox");
        let bleed = page_box(pdf, p, "BleedBox");
        let trim = page_box(pdf, p, "TrimBox");
        let ops = page_ops(pdf, p);
        let start = ops
            .iter()
            .position(|op| {
                op.operator == "BDC"
                    && op
                        .operands
                        .get(1)
                        .and_then(|d| d.as_dict().ok())
                        .is_some_and(|d| {
                            d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"Page"[..])
                        })
            })
            .unwrap_or_else(|| panic!("page {n}: no printer's marks"));
        let mut points = Vec::new();
        let mut segments = Vec::new();
        let mut last = (0.0, 0.0);
        let mut uses_registration = false;
        for op in &ops[start..] {
            let v = operands(op);
            match op.operator.as_str() {
                "CS" => {
                    let name = op.operands[0].as_name().expect("a colour space name");
                    let res = dict(
                        pdf,
                        pdf.get_dictionary(p)
                            .expect("page")
                            .get(b"Resources")
                            .expect("resources"),
                    );
                    let spaces = dict(pdf, res.get(b"ColorSpace").expect("ColorSpace"));
                    let space = deref(pdf, spaces.get(name).expect("the colour space"))
                        .as_array()
                        .expect("array");
                    assert_eq!(space[0].as_name().ok(), Some(&b"Separation"[..]));
                    assert_eq!(
                        space[1].as_name().ok(),
                        Some(&b"All"[..]),
                        "registration colour"
                    );
                    uses_registration = true;
                }
                "m" => {
                    last = (v[0], v[1]);
                    points.push(last);
                }
                "l" => {
                    segments.push((last, (v[0], v[1])));
                    last = (v[0], v[1]);
                    points.push(last);
                }
                "c" => points.extend([(v[0], v[1]), (v[2], v[3]), (v[4], v[5])]),
                "re" => points.extend([(v[0], v[1]), (v[0] + v[2], v[1] + v[3])]),
                _ => {}
            }
        }
        assert!(
            uses_registration,
            "page {n}: marks in the registration colour"
        );
        for &(x, y) in &points {
            let outside_bleed = x < bleed[0] || x > bleed[2] || y < bleed[1] || y > bleed[3];
            let inside_media = x >= media[0] && x <= media[2] && y >= media[1] && y <= media[3];
            assert!(
                outside_bleed,
                "page {n}: a mark at ({x}, {y}) inside the bleed {bleed:?}"
            );
            assert!(
                inside_media,
                "page {n}: a mark at ({x}, {y}) off the media {media:?}"
            );
        }
        // a crop mark on each trim edge line at each corner: 4 horizontal
        // ones on the top and bottom trim lines, 4 vertical ones on the sides
        let on = |a: f32, b: f32| (a - b).abs() < 0.01;
        let horizontal = segments
            .iter()
            .filter(|((_, y0), (_, y1))| on(*y0, *y1) && (on(*y0, trim[1]) || on(*y0, trim[3])))
            .count();
        let vertical = segments
            .iter()
            .filter(|((x0, _), (x1, _))| on(*x0, *x1) && (on(*x0, trim[0]) || on(*x0, trim[2])))
            .count();
        assert_eq!((horizontal, vertical), (4, 4), "page {n}: crop marks");
    }
}

#[test]
fn print_builds_are_identical() {
    let again = build(Some("print"), &[]).expect("builds");
    assert!(again == print().bytes, "two print builds differ");
}

// ---------------------------------------------------------------- booklet

/// The sides of an imposed file: for each, the forms drawn on its left and
/// right half (resource names), and whether each is placed unrotated.
fn sides(pdf: &Document) -> Vec<[Option<ObjectId>; 2]> {
    let mut out = Vec::new();
    for &p in &page_ids(pdf) {
        let media = page_box(pdf, p, "MediaBox");
        let page = pdf.get_dictionary(p).expect("sheet");
        let res = dict(pdf, page.get(b"Resources").expect("resources"));
        let mut halves = [None, None];
        let mut at = 0.0;
        for op in page_ops(pdf, p) {
            match op.operator.as_str() {
                "cm" => {
                    let m = operands(&op);
                    assert_eq!(&m[..4], &[1.0, 0.0, 0.0, 1.0], "pages are placed unrotated");
                    at = m[4];
                }
                "Do" => {
                    let name = op.operands[0].as_name().expect("name");
                    let xo = dict(pdf, res.get(b"XObject").expect("XObject"));
                    let id = xo.get(name).and_then(Object::as_reference).expect("a form");
                    let half = usize::from(at >= media[2] / 2.0 - 1.0);
                    assert!(halves[half].is_none(), "two pages on one half");
                    halves[half] = Some(id);
                }
                _ => {}
            }
        }
        out.push(halves);
    }
    out
}

#[test]
fn booklet_is_a5_pages_two_up_on_a4_landscape_for_short_edge_duplex() {
    let pdf = &booklet().pdf;
    let sheets = page_ids(pdf);
    let sides = sides(pdf);
    let forms: BTreeSet<ObjectId> = sides.iter().flatten().flatten().copied().collect();
    let pages = forms.len();
    assert!(pages >= 24, "{pages} A5 pages");
    assert_eq!(
        sheets.len(),
        2 * pages.div_ceil(4),
        "both sides of ceil(pages / 4) sheets"
    );
    for &s in &sheets {
        let media = page_box(pdf, s, "MediaBox");
        assert!(
            (media[2] - A4_H).abs() < 0.05 && (media[3] - A4_W).abs() < 0.05,
            "sheet {media:?} is not A4 landscape"
        );
    }
    for &f in &forms {
        let form = pdf
            .get_object(f)
            .and_then(Object::as_stream)
            .expect("a form");
        let bbox: Vec<f32> = form
            .dict
            .get(b"BBox")
            .and_then(Object::as_array)
            .expect("BBox")
            .iter()
            .map(num)
            .collect();
        assert!(
            (bbox[2] - bbox[0] - A5_W).abs() < 0.05 && (bbox[3] - bbox[1] - A5_H).abs() < 0.05,
            "page {bbox:?} is not A5"
        );
    }
    let blanks = sides.iter().flatten().filter(|h| h.is_none()).count();
    assert_eq!(
        blanks,
        pages.div_ceil(4) * 4 - pages,
        "padding to a multiple of 4"
    );
    let catalog = pdf.catalog().expect("catalog");
    let prefs = dict(
        pdf,
        catalog
            .get(b"ViewerPreferences")
            .expect("ViewerPreferences"),
    );
    assert_eq!(
        prefs.get(b"Duplex").and_then(Object::as_name).ok(),
        Some(&b"DuplexFlipShortEdge"[..])
    );
    assert!(catalog.get(b"StructTreeRoot").is_err() && catalog.get(b"Outlines").is_err());
}

/// A hand-built document of `n` A5 pages; page `i` is a filled square in
/// the colour `Rgb(i + 1, 0, 0)`, so its number can be read off any copy.
fn numbered_pages(n: usize, rtl: bool) -> LaidOut {
    let geometry = PageGeometry {
        trim_width: A5_W,
        trim_height: A5_H,
        bleed: 0.0,
        slug: 0.0,
    };
    LaidOut {
        info: DocInfo {
            title: "Proef".into(),
            author: "Test".into(),
            subject: String::new(),
            lang: "nl-NL".into(),
            rtl,
            created: brochure::model::date::DateTime::from_unix(0),
        },
        pages: (0..n)
            .map(|i| Page {
                geometry,
                items: vec![Item::Fill {
                    rect: Rect {
                        x: 100.0,
                        y: 100.0,
                        w: 50.0,
                        h: 50.0,
                    },
                    color: Rgb(i as u8 + 1, 0, 0),
                    bleeds: false,
                }],
                label: Some((i + 1).to_string()),
            })
            .collect(),
        outline: Vec::new(),
        images: Vec::new(),
        blocks: Vec::new(),
        report: Vec::new(),
        cmyk: None,
    }
}

/// The page number a form draws (its fill colour's red component).
fn form_number(pdf: &Document, form: ObjectId) -> usize {
    let stream = pdf
        .get_object(form)
        .and_then(Object::as_stream)
        .expect("form");
    let content = stream.get_plain_content().expect("decodes");
    let ops = Content::decode(&content).expect("form content").operations;
    let rg = ops
        .iter()
        .find(|o| o.operator == "rg")
        .expect("a fill colour");
    (operands(rg)[0] * 255.0).round() as usize
}

/// Imposes `n` numbered pages on A4 and reads back, per sheet side, the
/// page numbers on its left and right half (0: blank).
fn imposed_order(n: usize) -> Vec<[usize; 2]> {
    imposed(n, false)
}

/// [`imposed_order`] of a left-to-right (`rtl` false) or right-to-left document.
fn imposed(n: usize, rtl: bool) -> Vec<[usize; 2]> {
    let fonts =
        FontBook::load(&[PathBuf::from(root()).join("fonts/NotoSans-Regular.ttf")]).expect("font");
    let out = brochure::pdf::Output {
        impose: Some((297.0 * MM, 210.0 * MM)),
        no_links: true,
        ..Default::default()
    };
    let bytes = brochure::pdf::write_with(&numbered_pages(n, rtl), &fonts, &out).expect("imposed");
    let pdf = Document::load_mem(&bytes).expect("lopdf reads it");
    sides(&pdf)
        .iter()
        .map(|halves| halves.map(|h| h.map_or(0, |f| form_number(&pdf, f))))
        .collect()
}

/// Folding the printed stack must read 1, 2, … n: the right half of each
/// sheet's front, the left half of its back, sheet by sheet, then back up
/// through the sheets: the right half of the back, the left of the front.
fn reads_in_order(sides: &[[usize; 2]], n: usize) {
    let sheets: Vec<(&[usize; 2], &[usize; 2])> = sides.chunks(2).map(|c| (&c[0], &c[1])).collect();
    let mut read = Vec::new();
    for (front, back) in &sheets {
        read.push(front[1]);
        read.push(back[0]);
    }
    for (front, back) in sheets.iter().rev() {
        read.push(back[1]);
        read.push(front[0]);
    }
    let padded = n.div_ceil(4) * 4;
    let expected: Vec<usize> = (1..=padded).map(|p| if p <= n { p } else { 0 }).collect();
    assert_eq!(read, expected);
}

#[test]
fn sheet_order_of_8_pages() {
    let sides = imposed_order(8);
    assert_eq!(sides, vec![[8, 1], [2, 7], [6, 3], [4, 5]]);
    reads_in_order(&sides, 8);
}

#[test]
fn sheet_order_of_10_pages_padded_with_two_blanks() {
    let sides = imposed_order(10);
    assert_eq!(sides, vec![[0, 1], [2, 0], [10, 3], [4, 9], [8, 5], [6, 7]]);
    reads_in_order(&sides, 10);
}

#[test]
fn sheet_order_of_28_pages() {
    let sides = imposed_order(28);
    assert_eq!(sides.len(), 14);
    assert_eq!(sides[0], [28, 1]);
    assert_eq!(sides[1], [2, 27]);
    assert_eq!(sides[13], [14, 15]);
    for s in &sides {
        assert_eq!(
            s[0] + s[1],
            29,
            "facing pages of a saddle-stitched sheet add up to n + 1"
        );
    }
    reads_in_order(&sides, 28);
}

#[test]
fn right_to_left_booklets_are_bound_on_the_right() {
    // the cover on the left half of the outer sheet, page 2 behind it
    assert_eq!(imposed(8, true), vec![[1, 8], [7, 2], [3, 6], [5, 4]]);
}

// ---------------------------------------------------------------- large print

/// WCAG 2 relative luminance of an sRGB colour given as 0..1 components.
fn luminance(c: [f32; 3]) -> f32 {
    let lin = |s: f32| {
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn contrast(a: [f32; 3], b: [f32; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(c: [f32; 3]) -> String {
    format!(
        "#{:02x}{:02x}{:02x}",
        (c[0] * 255.0).round() as u8,
        (c[1] * 255.0).round() as u8,
        (c[2] * 255.0).round() as u8
    )
}

/// Every text colour on every background it is drawn on, with the
/// smallest text size seen: text shown with `TJ` and furniture drawn as
/// glyph forms, against the last filled rectangle under it (or the white
/// page).
fn text_on_backgrounds(pdf: &Document) -> (BTreeMap<(String, String), f32>, f32) {
    let mut pairs = BTreeMap::new();
    let mut smallest = f32::MAX;
    for &p in &page_ids(pdf) {
        let page = pdf.get_dictionary(p).expect("page");
        let res = dict(pdf, page.get(b"Resources").expect("resources"));
        let xobjects = get(pdf, res, "XObject").map(|o| dict(pdf, o));
        let mut fills: Vec<([f32; 4], [f32; 3])> = Vec::new();
        let mut colour = [0.0f32; 3];
        let mut stack = Vec::new();
        let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut size = 0.0;
        let mut pending_rect = None;
        let mut record = |x: f32, y: f32, fg: [f32; 3], fills: &[([f32; 4], [f32; 3])]| {
            let bg = fills
                .iter()
                .rev()
                .find(|(r, _)| x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3])
                .map_or([1.0, 1.0, 1.0], |(_, c)| *c);
            let ratio = contrast(fg, bg);
            let e = pairs.entry((hex(fg), hex(bg))).or_insert(ratio);
            *e = e.min(ratio);
        };
        for op in page_ops(pdf, p) {
            let v = operands(&op);
            match op.operator.as_str() {
                "q" => stack.push((colour, ctm)),
                "Q" => (colour, ctm) = stack.pop().expect("balanced q/Q"),
                "rg" => colour = [v[0], v[1], v[2]],
                "k" | "g" => panic!("large print is RGB"),
                "cm" => ctm = [v[0], v[1], v[2], v[3], v[4], v[5]],
                "re" => pending_rect = Some([v[0], v[1], v[0] + v[2], v[1] + v[3]]),
                "f" | "f*" => {
                    if let Some(r) = pending_rect.take() {
                        fills.push((r, colour));
                    }
                }
                "Tf" => {
                    size = v[0];
                    smallest = smallest.min(size);
                }
                "Tm" => {
                    // a point inside the first glyph: just right of the origin, above the baseline
                    record(v[4] + 0.5, v[5] + size * 0.3, colour, &fills);
                }
                "Do" => {
                    let name = op.operands[0].as_name().expect("name");
                    let Some(xo) = xobjects else { continue };
                    let Some(obj) = xo.get(name).ok().map(|o| dict(pdf, o)) else {
                        continue;
                    };
                    if obj.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Form"[..]) {
                        // a furniture glyph: scale is size / units per em (1000)
                        smallest = smallest.min(ctm[0] * 1000.0);
                        record(ctm[4] + 0.5, ctm[5] + ctm[0] * 300.0, colour, &fills);
                    }
                }
                _ => {}
            }
        }
    }
    (pairs, smallest)
}

#[test]
fn large_print_text_has_aa_contrast_on_every_background() {
    let (pairs, smallest) = text_on_backgrounds(&large_print().pdf);
    for ((fg, bg), ratio) in &pairs {
        eprintln!("{fg} on {bg}: {ratio:.2}");
    }
    let failing: Vec<_> = pairs.iter().filter(|(_, r)| **r < 4.5).collect();
    assert!(failing.is_empty(), "below WCAG AA (4.5:1): {failing:?}");
    // the pairs the edition is known to use were all seen
    let white = "#ffffff".to_string();
    assert!(
        pairs.keys().any(|(fg, bg)| *fg == white && *bg != white),
        "white cover title"
    );
    assert!(
        pairs.keys().any(|(_, bg)| bg == "#fbe3e6"),
        "text in a tinted box"
    );
    assert!(pairs.len() >= 6, "{pairs:?}");
    assert!(smallest >= 13.99, "text of {smallest} pt in large print");
}

// ---------------------------------------------------------------- handouts

/// The reference numbers cited in `text` (groups such as `[1–3, 5]`).
fn cited_numbers(text: &str) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        rest = &rest[i + 1..];
        let Some(j) = rest.find(']') else { break };
        let group = &rest[..j];
        if group
            .chars()
            .all(|c| c.is_ascii_digit() || ", –-\n".contains(c))
        {
            for item in group.split(',') {
                let mut ends = item.split(['–', '-']).map(|s| s.trim().parse::<u32>());
                match (ends.next(), ends.next()) {
                    (Some(Ok(a)), Some(Ok(b))) => out.extend(a..=b),
                    (Some(Ok(a)), None) => {
                        out.insert(a);
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn handout_has_the_disclaimer_and_only_the_references_it_cites() {
    let doc = model();
    let section = doc
        .sections
        .iter()
        .find(|s| s.number == 4)
        .expect("section 4");
    // what the section and the disclaimer cite, walked in the model
    let alone = brochure::model::Document {
        front: doc
            .front
            .iter()
            .filter(|b| b.id == "front-disclaimer")
            .cloned()
            .collect(),
        sections: vec![section.clone()],
        ..doc.clone()
    };
    let expected: BTreeSet<u32> = alone
        .citations()
        .iter()
        .flat_map(|c| c.numbers.iter().copied())
        .collect();
    assert!(expected.len() > 10, "section 4 cites {expected:?}");
    let built = handout_4();
    // the reference list: one entry per cited number, nothing else
    let pdf = &built.pdf;
    let catalog = pdf.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let Some(text) = pdftotext(&built.bytes, &[]) else {
        return;
    };
    let disclaimer = doc
        .front
        .iter()
        .find(|b| b.id == "front-disclaimer")
        .expect("disclaimer");
    assert!(
        letters(&text).contains(&letters(&disclaimer.plain_text())),
        "the handout carries the whole disclaimer"
    );
    let (body, list) = text
        .rsplit_once(&doc.language.references)
        .expect("a reference list");
    let missing = &doc.language.reference_missing;
    let listed: BTreeSet<u32> = list
        .split(missing.as_str())
        .filter_map(|chunk| chunk.split_whitespace().last()?.parse().ok())
        .collect();
    assert_eq!(
        listed, expected,
        "the reference list holds exactly the cited entries"
    );
    // citations keep their numbers from the full guide
    assert_eq!(cited_numbers(body), expected);
    // and the handout is the section, not the guide
    assert!(letters(&text).contains(&letters(&section.title)));
    for other in doc.sections.iter().filter(|s| s.number != 4) {
        assert!(!letters(body).contains(&letters(&format!("{}{}", other.number, other.title))));
    }
}

#[test]
fn handout_of_a_heading_holds_its_subsection() {
    let bytes = build(None, &["s4-yoga"]).expect("builds");
    let Some(text) = pdftotext(&bytes, &[]) else {
        return;
    };
    let t = letters(&text);
    assert!(t.contains("yoga") && t.contains("disclaimer"));
    assert!(
        !t.contains("pilates"),
        "the previous subsection is not in it"
    );
    assert!(
        !text.contains("Inhoud"),
        "a handout has no table of contents"
    );
}

#[test]
fn unknown_handout_ids_are_reported_with_near_matches() {
    let err = build(None, &["yoga", "4"]).expect_err("`yoga` is not an id");
    assert!(err.contains("`yoga` is not a section number"), "{err}");
    assert!(err.contains("s4-yoga"), "near matches listed: {err}");
    let err = build(None, &["99"]).expect_err("there is no section 99");
    assert!(err.contains("`99`"), "{err}");
}

#[test]
fn unknown_editions_are_reported() {
    let err = build(Some("prnt"), &[]).expect_err("no such edition");
    assert!(err.contains("unknown edition `prnt`"), "{err}");
    assert!(err.contains("screen, print, booklet, large-print"), "{err}");
    assert!(err.contains("did you mean `print`?"), "{err}");
}

#[test]
fn default_file_names_carry_the_edition() {
    assert_eq!(
        brochure::output_name("gids", "nl", "screen", None),
        "gids-nl.pdf"
    );
    assert_eq!(
        brochure::output_name("gids", "nl", "print", None),
        "gids-nl-print.pdf"
    );
}

#[test]
fn editions_pass_qpdf_check() {
    for built in [print(), booklet(), large_print(), handout_4()] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("e.pdf");
        std::fs::write(&path, &built.bytes).expect("written");
        match Command::new("qpdf").arg("--check").arg(&path).output() {
            Ok(out) => assert!(
                out.status.success(),
                "qpdf --check fails:\n{}",
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(_) => {
                eprintln!("qpdf not found: check skipped");
                return;
            }
        }
    }
}
