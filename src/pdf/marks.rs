//! Printer's marks in the slug of a print edition's pages: crop marks at the
//! four corners, a registration target in the middle of each side, and a
//! row of CMYK control patches under the page.
//!
//! Where the marks go is page geometry ([`crate::layout::geometry`]); this
//! module draws them. Crop marks and targets are stroked in the
//! registration colour, `[/Separation /All /DeviceCMYK …]`, which prints on
//! every plate, 0.25 pt wide. Everything is marked as a `/Page` artifact and
//! drawn after the page content, wrapped so that nothing the page left in
//! the graphics state can affect it.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::coords::UserSpace;
use super::error::PdfError;
use super::object::{round, ser};
use crate::layout::PageGeometry;
use crate::layout::geometry::{MM, TARGET_RADIUS, crop_marks, registration_marks};

/// The resource name of the registration colour space.
const REGISTRATION: &str = "Registration";

/// The registration colour space: a separation called `All`, whose tint
/// 1 puts full ink on every plate.
pub(crate) fn registration_space(lo: &mut lopdf::Document) -> ObjectId {
    let reals = |v: [f32; 4]| Object::Array(v.iter().map(|x| Object::Real(*x)).collect());
    let tint = Dictionary::from_iter([
        ("FunctionType", Object::Integer(2)),
        (
            "Domain",
            Object::Array(vec![Object::Real(0.0), Object::Real(1.0)]),
        ),
        ("C0", reals([0.0; 4])),
        ("C1", reals([1.0; 4])),
        ("N", Object::Integer(1)),
    ]);
    lo.add_object(Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(b"All".to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Dictionary(tint),
    ]))
}

/// The content that draws the marks of a page with geometry `g`.
fn marks_content(g: &PageGeometry) -> String {
    let frame = UserSpace::new(g);
    let mut s = String::new();
    let n = |v: f32| {
        let v = round(v) + 0.0;
        format!("{v}")
    };
    s.push_str("/Artifact <</Type /Page>> BDC\nq\n");
    s.push_str(&format!(
        "/{REGISTRATION} CS 1 SCN\n0.25 w 0 J 0 j [] 0 d\n"
    ));
    for m in crop_marks(g) {
        s.push_str(&format!(
            "{} {} m {} {} l S\n",
            n(frame.x(m.x0)),
            n(frame.y(m.y0)),
            n(frame.x(m.x1)),
            n(frame.y(m.y1))
        ));
    }
    for (x, y) in registration_marks(g) {
        let (cx, cy) = (frame.x(x), frame.y(y));
        for r in [TARGET_RADIUS, TARGET_RADIUS * 0.5] {
            s.push_str(&circle(cx, cy, r, &n));
        }
        let arm = TARGET_RADIUS * 1.5;
        s.push_str(&format!(
            "{} {} m {} {} l S\n{} {} m {} {} l S\n",
            n(cx - arm),
            n(cy),
            n(cx + arm),
            n(cy),
            n(cx),
            n(cy - arm),
            n(cx),
            n(cy + arm)
        ));
    }
    // control patches under the page, right of the centre target:
    // C, M, Y, K at 100 %, then at 50 %, then C+M+Y
    let patch = 4.0 * MM;
    let top = g.trim_height + g.bleed + (g.slug - patch) / 2.0;
    let mut x = g.trim_width / 2.0 + TARGET_RADIUS * 1.5 + 4.0 * MM;
    let inks: [[f32; 4]; 9] = [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [0.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
        [0.5, 0.0, 0.0, 0.0],
        [0.0, 0.5, 0.0, 0.0],
        [0.0, 0.0, 0.5, 0.0],
        [0.0, 0.0, 0.0, 0.5],
        [1.0, 1.0, 1.0, 0.0],
    ];
    if x + patch * inks.len() as f32 <= g.trim_width + g.bleed {
        for [c, m, y, k] in inks {
            s.push_str(&format!(
                "{c} {m} {y} {k} k {} {} {} {} re f\n",
                n(frame.x(x)),
                n(frame.y(top + patch)),
                n(patch),
                n(patch)
            ));
            x += patch;
        }
    }
    s.push_str("Q\nEMC\n");
    s
}

/// A circle as four Bézier arcs, stroked.
fn circle(cx: f32, cy: f32, r: f32, n: &dyn Fn(f32) -> String) -> String {
    let k = 0.552_284_8 * r;
    format!(
        "{} {} m {} {} {} {} {} {} c {} {} {} {} {} {} c {} {} {} {} {} {} c {} {} {} {} {} {} c S\n",
        n(cx + r),
        n(cy),
        n(cx + r),
        n(cy + k),
        n(cx + k),
        n(cy + r),
        n(cx),
        n(cy + r),
        n(cx - k),
        n(cy + r),
        n(cx - r),
        n(cy + k),
        n(cx - r),
        n(cy),
        n(cx - r),
        n(cy - k),
        n(cx - k),
        n(cy - r),
        n(cx),
        n(cy - r),
        n(cx + k),
        n(cy - r),
        n(cx + r),
        n(cy - k),
        n(cx + r),
        n(cy)
    )
}

/// Draws the marks on a page: wraps its content in `q … Q`, appends the
/// marks, and adds the registration colour space to its resources.
pub(crate) fn draw(
    lo: &mut lopdf::Document,
    page: ObjectId,
    g: &PageGeometry,
    registration: ObjectId,
) -> Result<(), PdfError> {
    if g.slug <= 0.0 {
        return Ok(());
    }
    let content = lo.get_page_content(page);
    let mut wrapped = b"q\n".to_vec();
    wrapped.extend_from_slice(&content);
    wrapped.extend_from_slice(b"\nQ\n");
    wrapped.extend_from_slice(marks_content(g).as_bytes());
    let stream = lo.add_object(Stream::new(Dictionary::new(), wrapped));
    let dict = lo.get_dictionary(page).map_err(ser)?;
    let resources = dict.get(b"Resources").map_err(ser)?.clone();
    let spaces = Dictionary::from_iter([(REGISTRATION, Object::Reference(registration))]);
    match resources {
        Object::Reference(id) => {
            let r = lo.get_dictionary_mut(id).map_err(ser)?;
            r.set("ColorSpace", spaces);
        }
        Object::Dictionary(mut r) => {
            r.set("ColorSpace", spaces);
            lo.get_dictionary_mut(page)
                .map_err(ser)?
                .set("Resources", r);
        }
        _ => return Err(ser("a page without resources")),
    }
    lo.get_dictionary_mut(page)
        .map_err(ser)?
        .set("Contents", Object::Reference(stream));
    Ok(())
}
