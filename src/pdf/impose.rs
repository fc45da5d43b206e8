//! Imposition: the pages of a finished document put two-up on landscape
//! sheets in saddle-stitch order (the `booklet` edition).
//!
//! Each page becomes a form XObject (its content, its trim box as the
//! bounding box, its own resources dictionary, which refers to the shared
//! fonts, glyph forms and images, so nothing is copied) and each side of a
//! sheet draws two of them, abutting at the fold, centred vertically.
//! Which page goes where is [`sheet_order`]: the stack, printed duplex with
//! a short-edge flip and folded, reads in page order; a count that is not a
//! multiple of 4 is padded with blank pages at the end. A right-to-left
//! booklet is bound on the right: its halves swap, so that the cover lies
//! on the left half of the outer sheet.
//!
//! A sheet is a print artefact: the imposed file has no outline, no page
//! labels, no link annotations and no structure tree (those belong to the
//! pages, not the sheets), and asks the print dialog for duplex printing
//! flipped on the short edge, at actual size.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::error::PdfError;
use super::object::{name, real, round, ser};
use crate::layout::geometry::sheet_order;

/// A page's box `key` as `[llx lly urx ury]`.
fn page_box(lo: &lopdf::Document, page: ObjectId, key: &[u8]) -> Result<[f32; 4], PdfError> {
    let dict = lo.get_dictionary(page).map_err(ser)?;
    let arr = dict.get(key).and_then(Object::as_array).map_err(ser)?;
    let v: Vec<f32> = arr.iter().filter_map(|o| o.as_float().ok()).collect();
    match v[..] {
        [a, b, c, d] => Ok([a.min(c), b.min(d), a.max(c), b.max(d)]),
        _ => Err(ser("a page box is not four numbers")),
    }
}

/// Replaces the pages of `lo` (ids `pages`, in order) by landscape sheets of
/// `sheet` (width, height in points) carrying them two-up in saddle-stitch
/// order. Returns the number of sheet sides written.
pub(crate) fn impose(
    lo: &mut lopdf::Document,
    pages: &[ObjectId],
    sheet: (f32, f32),
    rtl: bool,
) -> Result<usize, PdfError> {
    let forms = page_forms(lo, pages, sheet)?;
    let root = lo
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(ser)?;
    let mut kids = Vec::new();
    for (front, back) in sheet_order(pages.len()) {
        for side in [front, back] {
            let (left, right) = if rtl {
                (side.right, side.left)
            } else {
                (side.left, side.right)
            };
            let page = sheet_side(lo, &forms, [left, right], sheet, root);
            kids.push(Object::Reference(lo.add_object(page)));
        }
    }
    let sides = kids.len();
    let tree = lo.get_dictionary_mut(root).map_err(ser)?;
    tree.set("Kids", Object::Array(kids));
    tree.set("Count", Object::Integer(sides as i64));
    tree.remove(b"MediaBox");
    set_sheet_catalog(lo)?;
    Ok(sides)
}

/// Every page as a form XObject, cut at its trim box; returns each form
/// with its trim box.
fn page_forms(
    lo: &mut lopdf::Document,
    pages: &[ObjectId],
    (sw, sh): (f32, f32),
) -> Result<Vec<(ObjectId, [f32; 4])>, PdfError> {
    let mut forms = Vec::with_capacity(pages.len());
    for &page in pages {
        let trim = page_box(lo, page, b"TrimBox")?;
        let (tw, th) = (trim[2] - trim[0], trim[3] - trim[1]);
        if tw * 2.0 > sw + 0.5 || th > sh + 0.5 {
            return Err(ser(format!(
                "two pages of {:.0} × {:.0} mm do not fit side by side on a sheet of {:.0} × {:.0} mm",
                tw / crate::layout::geometry::MM,
                th / crate::layout::geometry::MM,
                sw / crate::layout::geometry::MM,
                sh / crate::layout::geometry::MM
            )));
        }
        let resources = lo
            .get_dictionary(page)
            .and_then(|d| d.get(b"Resources"))
            .map_err(ser)?
            .clone();
        let content = lo.get_page_content(page);
        let dict = Dictionary::from_iter([
            ("Type", name("XObject")),
            ("Subtype", name("Form")),
            (
                "BBox",
                Object::Array(trim.iter().map(|v| real(*v)).collect()),
            ),
            ("Resources", resources),
        ]);
        let id = lo.add_object(Stream::new(dict, content));
        forms.push((id, trim));
    }
    Ok(forms)
}

/// One side of a sheet: the page dictionary that draws the forms of the
/// pages `[left, right]` (either may be blank), abutting at the fold and
/// centred vertically; its content stream is added to `lo`.
fn sheet_side(
    lo: &mut lopdf::Document,
    forms: &[(ObjectId, [f32; 4])],
    halves: [Option<usize>; 2],
    (sw, sh): (f32, f32),
    root: ObjectId,
) -> Dictionary {
    let mut ops = String::new();
    let mut xobjects = Dictionary::new();
    for (slot, page) in [(0, halves[0]), (1, halves[1])] {
        let Some(p) = page else { continue };
        let (id, trim) = forms[p];
        let (tw, th) = (trim[2] - trim[0], trim[3] - trim[1]);
        // the left page ends at the fold, the right one starts there
        let x = if slot == 0 { sw / 2.0 - tw } else { sw / 2.0 };
        let y = (sh - th) / 2.0;
        let res = format!("Pg{}", p + 1);
        ops.push_str(&format!(
            "q 1 0 0 1 {} {} cm /{res} Do Q\n",
            round(x - trim[0]) + 0.0,
            round(y - trim[1]) + 0.0
        ));
        xobjects.set(res, Object::Reference(id));
    }
    let content = lo.add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
    let media = Object::Array(vec![real(0.0), real(0.0), real(sw), real(sh)]);
    Dictionary::from_iter([
        ("Type", name("Page")),
        ("Parent", Object::Reference(root)),
        ("MediaBox", media.clone()),
        ("CropBox", media.clone()),
        ("BleedBox", media.clone()),
        ("TrimBox", media),
        (
            "Resources",
            Object::Dictionary(Dictionary::from_iter([(
                "XObject",
                Object::Dictionary(xobjects),
            )])),
        ),
        ("Contents", Object::Reference(content)),
    ])
}

/// The catalog of an imposed file: no outline, structure tree or page
/// labels; duplex printing flipped on the short edge, at actual size.
fn set_sheet_catalog(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    let catalog = lo.catalog_mut().map_err(ser)?;
    for key in [&b"Outlines"[..], b"StructTreeRoot", b"PageLabels"] {
        catalog.remove(key);
    }
    catalog.set("PageMode", name("UseNone"));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(false))]),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter([
            ("DisplayDocTitle", Object::Boolean(true)),
            ("Duplex", name("DuplexFlipShortEdge")),
            ("PrintScaling", name("None")),
        ]),
    );
    Ok(())
}
