//! Glyph outlines for text that is drawn as paths instead of shown as text:
//! page furniture ([`Role::Artifact`], see the module docs of [`super`]).
//!
//! Every glyph such text uses is outlined once, with ttf-parser, into a form
//! XObject in font units (TrueType's quadratic segments become cubic
//! Béziers, the only curves a PDF path has); `content.rs` draws it with a
//! scale-and-translate matrix wherever the glyph appears. The form paints
//! with the fill colour in force where it is drawn.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};
use rustybuzz::ttf_parser::{self, GlyphId, OutlineBuilder};

use super::error::PdfError;
use super::object::font_entry;
use crate::layout::{Item, LaidOut, Role};
use crate::text::{FontBook, FontId};

/// Whether text of this role is drawn as glyph outlines (not extractable)
/// rather than shown as text. The font table and the page content both ask
/// this, so a font is embedded exactly when some text shows it.
pub(crate) fn outlined(role: Role) -> bool {
    role == Role::Artifact
}

/// A point of a contour in font units; `control` marks the two control
/// points of a cubic Bézier, which precede its end point.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OutlinePoint {
    x: f32,
    y: f32,
    control: bool,
}

/// A closed contour: a start point, then line end points and Bézier
/// triples. The closing segment back to the start is implied.
type Contour = Vec<OutlinePoint>;

/// The glyph forms of one face.
pub(crate) struct FaceOutlines {
    /// Design units per em.
    pub units_per_em: f32,
    /// The form of each glyph used; glyphs without an outline (spaces) are
    /// absent.
    glyphs: BTreeMap<u16, (XObjectId, XObject)>,
}

impl FaceOutlines {
    /// The form XObject that draws `gid` in font units (none for an empty
    /// glyph).
    pub fn form(&self, gid: u16) -> Option<&XObjectId> {
        self.glyphs.get(&gid).map(|(id, _)| id)
    }
}

/// Outlines of every glyph drawn as a path, by layout font id.
pub(crate) struct OutlineTable {
    faces: BTreeMap<FontId, FaceOutlines>,
}

impl OutlineTable {
    /// Outlines the glyphs of every outlined text item of the document.
    pub fn build(doc: &LaidOut, book: &FontBook) -> Result<Self, PdfError> {
        let mut used: BTreeMap<FontId, Vec<u16>> = BTreeMap::new();
        for page in &doc.pages {
            for item in &page.items {
                if let Item::Text { run, role, .. } = item
                    && outlined(*role)
                    && !run.glyphs.is_empty()
                {
                    used.entry(run.font)
                        .or_default()
                        .extend(run.glyphs.iter().map(|g| g.id));
                }
            }
        }

        let mut faces = BTreeMap::new();
        for (id, mut gids) in used {
            let font = book
                .fonts
                .get(usize::from(id.0))
                .ok_or(PdfError::MissingFont { font: id.0 })?;
            let bad = || PdfError::BadFont {
                path: font.path.clone(),
            };
            let face = ttf_parser::Face::parse(&font.data, 0).map_err(|_| bad())?;
            let upm = f32::from(face.units_per_em());
            if upm <= 0.0 {
                return Err(bad());
            }
            gids.sort_unstable();
            gids.dedup();
            let mut glyphs = BTreeMap::new();
            for gid in gids {
                let mut pen = Pen::default();
                if face.outline_glyph(GlyphId(gid), &mut pen).is_some() {
                    pen.close();
                    if let Some(form) = glyph_form(&pen.contours) {
                        let res = XObjectId(format!("Gl{}.{gid}", id.0));
                        glyphs.insert(gid, (res, form));
                    }
                }
            }
            faces.insert(
                id,
                FaceOutlines {
                    units_per_em: upm,
                    glyphs,
                },
            );
        }
        Ok(OutlineTable { faces })
    }

    /// The glyph forms of a face.
    pub fn get(&self, id: FontId) -> Result<&FaceOutlines, PdfError> {
        font_entry(&self.faces, id)
    }

    /// Adds the glyph forms to printpdf's (document-wide) XObject resources.
    pub fn register(&self, pdf: &mut printpdf::PdfDocument) {
        for face in self.faces.values() {
            for (id, form) in face.glyphs.values() {
                pdf.resources.xobjects.map.insert(id.clone(), form.clone());
            }
        }
    }
}

/// A number of a glyph path: font units to a tenth (a thousandth of a point
/// at 10 pt), `-0` written as `0`.
fn num(out: &mut String, v: f32) {
    use std::fmt::Write;
    let v = (v * 10.0).round() / 10.0 + 0.0;
    let _ = write!(out, "{v} ");
}

/// A form XObject that fills the contours (non-zero winding, like the glyph
/// itself), in font units; `None` when there is nothing to fill.
fn glyph_form(contours: &[Contour]) -> Option<XObject> {
    let mut ops = String::new();
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for contour in contours {
        let Some((first, rest)) = contour.split_first() else {
            continue;
        };
        num(&mut ops, first.x);
        num(&mut ops, first.y);
        ops.push_str("m\n");
        let mut i = 0;
        while i < rest.len() {
            let p = rest[i];
            if p.control && i + 2 < rest.len() {
                for q in &rest[i..i + 3] {
                    num(&mut ops, q.x);
                    num(&mut ops, q.y);
                }
                ops.push_str("c\n");
                i += 3;
            } else {
                num(&mut ops, p.x);
                num(&mut ops, p.y);
                ops.push_str("l\n");
                i += 1;
            }
        }
        ops.push_str("h\n");
        // Control points included: the curves lie inside their hull.
        for p in contour {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
    }
    if ops.is_empty() {
        return None;
    }
    ops.push_str("f\n");
    let int = |v: f32| DictItem::Int(v as i64);
    let dict = BTreeMap::from([
        ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_string(), DictItem::Name(b"Form".to_vec())),
        (
            "BBox".to_string(),
            DictItem::Array(vec![
                int(x0.floor() - 1.0),
                int(y0.floor() - 1.0),
                int(x1.ceil() + 1.0),
                int(y1.ceil() + 1.0),
            ]),
        ),
    ]);
    Some(XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: ops.into_bytes(),
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }))
}

/// Collects a glyph's contours from ttf-parser.
#[derive(Default)]
struct Pen {
    contours: Vec<Contour>,
    current: Contour,
}

impl Pen {
    fn last(&self) -> (f32, f32) {
        self.current
            .last()
            .map(|p| (p.x, p.y))
            .unwrap_or((0.0, 0.0))
    }

    fn point(&mut self, x: f32, y: f32, control: bool) {
        self.current.push(OutlinePoint { x, y, control });
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.point(x, y, false);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.point(x, y, false);
    }

    fn quad_to(&mut self, qx: f32, qy: f32, x: f32, y: f32) {
        // The cubic with the same curve: each control point two thirds of
        // the way from an end point to the quadratic control point.
        let (x0, y0) = self.last();
        self.point(x0 + 2.0 / 3.0 * (qx - x0), y0 + 2.0 / 3.0 * (qy - y0), true);
        self.point(x + 2.0 / 3.0 * (qx - x), y + 2.0 / 3.0 * (qy - y), true);
        self.point(x, y, false);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.point(x1, y1, true);
        self.point(x2, y2, true);
        self.point(x, y, false);
    }

    fn close(&mut self) {
        let mut contour = std::mem::take(&mut self.current);
        // A closing line back to the start is implied by the fill.
        if let [first, .., before, last] = contour.as_slice()
            && !before.control
            && !last.control
            && (last.x, last.y) == (first.x, first.y)
        {
            contour.pop();
        }
        if contour.len() > 1 {
            self.contours.push(contour);
        }
    }
}
