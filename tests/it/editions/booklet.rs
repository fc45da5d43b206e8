//! The `booklet` edition: A5 pages two up on A4 landscape, and the sheet
//! order of hand-built documents of 8, 10 and 28 pages (left and right bound).

use std::collections::BTreeSet;
use std::path::PathBuf;

use brochure::layout::{DocInfo, Item, LaidOut, Page, PageGeometry, Rect};
use brochure::model::Rgb;
use brochure::text::FontBook;
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use super::{A4_H, A4_W, MM, booklet, dict, num, operands, page_box, page_ids, page_ops};
use crate::common::root;

const A5_W: f32 = 419.53;
const A5_H: f32 = 595.28;

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

/// The brochure as a booklet leaves at most one page blank (the colophon
/// takes the inside back cover when two would be) and ends with its back
/// cover: the outer sheet's left half shows the publisher.
#[test]
fn booklet_has_at_most_one_blank_page_and_a_back_cover() {
    let pdf = &booklet().pdf;
    let sides = sides(pdf);
    let paints = |form: ObjectId| {
        let stream = pdf
            .get_object(form)
            .and_then(Object::as_stream)
            .expect("a form");
        let bytes = stream
            .decompressed_content()
            .unwrap_or(stream.content.clone());
        let ops = Content::decode(&bytes).expect("content").operations;
        ops.iter()
            .any(|o| matches!(o.operator.as_str(), "Tj" | "TJ" | "re" | "Do" | "f"))
    };
    let halves: Vec<ObjectId> = sides.iter().flatten().flatten().copied().collect();
    let blank = halves.iter().filter(|&&f| !paints(f)).count()
        + sides.iter().flatten().filter(|h| h.is_none()).count();
    assert!(blank <= 1, "{blank} blank pages");
    let back = sides[0][0].expect("the back cover on the outer sheet's left half");
    assert!(paints(back), "the back cover is not blank");
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
