//! Page geometry: trim size, margins, columns and the baseline grid, in one
//! place. Editions that add bleed, slug or imposition change this module only:
//! [`Frame::for_edition`] gives an edition's frame, [`PageGeometry::bleed_rect`]
//! extends a full-bleed background into the bleed, [`crop_marks`] and
//! [`registration_marks`] place the printer's marks in the slug, and
//! [`sheet_order`] and [`SheetSide`] say where the pages of a saddle-stitched
//! booklet go.

use crate::model::edition::{self, Edition};
use crate::model::{PageSize, Settings};

use super::output::{PageGeometry, Rect};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// The widest single column of an edition with its own body size, in ems
/// of that size: about 60 characters of Noto Sans, none over 65, as
/// large-print guidelines ask.
const MAX_MEASURE_EM: f32 = 27.0;

/// The text frame of a body page and its grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Page boxes.
    pub page: PageGeometry,
    /// Left edge of the text frame.
    pub left: f32,
    /// Top edge of the text frame (first line's top).
    pub top: f32,
    /// Width of the text frame.
    pub width: f32,
    /// Bottom edge of the text frame.
    pub bottom: f32,
    /// Number of columns.
    pub columns: usize,
    /// Space between columns.
    pub gutter: f32,
    /// Baseline grid step (body leading).
    pub grid: f32,
}

impl Frame {
    /// The frame for a brochure's settings (screen edition: no bleed).
    pub fn new(settings: &Settings) -> Frame {
        let (w, h) = trim_size(settings.page_size);
        let small = settings.page_size == PageSize::A5;
        let (side, top, bottom) = if small {
            (14.0 * MM, 16.0 * MM, 18.0 * MM)
        } else {
            (18.0 * MM, 22.0 * MM, 22.0 * MM)
        };
        let columns = if small {
            1
        } else {
            settings.columns.max(1) as usize
        };
        Frame {
            page: PageGeometry {
                trim_width: w,
                trim_height: h,
                bleed: 0.0,
                slug: 0.0,
            },
            left: side,
            top,
            width: w - 2.0 * side,
            bottom: h - bottom,
            columns,
            gutter: 7.0 * MM,
            grid: 15.0,
        }
    }

    /// The frame of an edition: its trim size and columns, its bleed, a slug
    /// for the printer's marks when it has them, and its leading as the grid.
    pub fn for_edition(settings: &Settings, e: &Edition) -> Frame {
        let mut s = settings.clone();
        if let Some(size) = e.page_size {
            s.page_size = size;
        }
        if let Some(c) = e.columns {
            s.columns = c;
        }
        let mut f = Frame::new(&s);
        if let Some(leading) = e.leading {
            f.grid = leading;
        }
        // an edition with its own (large) body size keeps a readable
        // measure in one column: at most MAX_MEASURE_EM ems, centred
        if let Some(body) = e.body_size
            && f.columns == 1
            && f.width > MAX_MEASURE_EM * body
        {
            f.left += (f.width - MAX_MEASURE_EM * body) / 2.0;
            f.width = MAX_MEASURE_EM * body;
        }
        f.page.bleed = e.bleed.max(0.0) * MM;
        if e.marks {
            f.page.slug = SLUG;
        }
        f
    }

    /// Width of one column.
    pub fn column_width(&self) -> f32 {
        (self.width - self.gutter * (self.columns as f32 - 1.0)) / self.columns as f32
    }

    /// Left edge of column `i`.
    pub fn column_x(&self, i: usize) -> f32 {
        self.left + i as f32 * (self.column_width() + self.gutter)
    }

    /// Width of a photo whose height is `aspect` times its width: the
    /// column's width, but in a single column no more than makes it 40 % of
    /// the frame's height, so that a photo cannot take over a page.
    pub fn photo_width(&self, aspect: f32) -> f32 {
        let w = self.column_width();
        if self.columns > 1 || aspect <= 0.0 {
            return w;
        }
        w.min(self.height() * 0.4 / aspect)
    }

    /// Height of the text frame.
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }

    /// Rounds a height up to whole grid steps.
    pub fn snap(&self, h: f32) -> f32 {
        (h / self.grid - 1e-3).ceil().max(0.0) * self.grid
    }
}

/// Trim size of a page size, in points (width, height).
pub fn trim_size(size: PageSize) -> (f32, f32) {
    match size {
        PageSize::A4 => (210.0 * MM, 297.0 * MM),
        PageSize::A5 => (148.0 * MM, 210.0 * MM),
        PageSize::Letter => (612.0, 792.0),
    }
}

/// Width of the slug: the margin outside the bleed that holds the printer's marks.
pub const SLUG: f32 = 12.0 * MM;
/// Crop marks start this far outside the trim: beyond a bleed of up to 3 mm,
/// with a millimetre to spare, so that no mark can show on a trimmed page.
pub const MARK_OFFSET: f32 = 4.0 * MM;
/// Length of a crop mark.
pub const MARK_LENGTH: f32 = 6.0 * MM;
/// Radius of a registration target's circle.
pub const TARGET_RADIUS: f32 = 2.5 * MM;

impl PageGeometry {
    /// A full-bleed background extended into the bleed: every edge of
    /// `r` that reaches the trim edge goes on to the edge of the bleed.
    pub fn bleed_rect(&self, r: &Rect) -> Rect {
        let b = self.bleed;
        if b <= 0.0 {
            return *r;
        }
        let eps = 0.01;
        let (mut x0, mut y0, mut x1, mut y1) = (r.x, r.y, r.x + r.w, r.y + r.h);
        if x0 <= eps {
            x0 = x0.min(-b);
        }
        if y0 <= eps {
            y0 = y0.min(-b);
        }
        if x1 >= self.trim_width - eps {
            x1 = x1.max(self.trim_width + b);
        }
        if y1 >= self.trim_height - eps {
            y1 = y1.max(self.trim_height + b);
        }
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }
}

/// A straight line segment, in trim coordinates (top-left origin, points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start x.
    pub x0: f32,
    /// Start y.
    pub y0: f32,
    /// End x.
    pub x1: f32,
    /// End y.
    pub y1: f32,
}

/// The eight crop marks of a page: at each corner one horizontal and one
/// vertical line on the prolonged trim edges, from [`MARK_OFFSET`] outside
/// the trim outwards, so they lie outside the bleed. None without a slug.
pub fn crop_marks(g: &PageGeometry) -> Vec<Segment> {
    if g.slug <= 0.0 {
        return Vec::new();
    }
    let (w, h) = (g.trim_width, g.trim_height);
    let near = MARK_OFFSET.max(g.bleed + MM);
    let far = (near + MARK_LENGTH).min(g.bleed + g.slug);
    let mut out = Vec::new();
    for (x, sx) in [(0.0, -1.0), (w, 1.0)] {
        for (y, sy) in [(0.0, -1.0), (h, 1.0)] {
            // horizontal mark on the line y, outside the page in x
            out.push(Segment {
                x0: x + sx * near,
                y0: y,
                x1: x + sx * far,
                y1: y,
            });
            // vertical mark on the line x, outside the page in y
            out.push(Segment {
                x0: x,
                y0: y + sy * near,
                x1: x,
                y1: y + sy * far,
            });
        }
    }
    out
}

/// Centres of the four registration targets: one in the middle of each
/// side, halfway between the bleed and the media edge. None without a slug.
pub fn registration_marks(g: &PageGeometry) -> Vec<(f32, f32)> {
    if g.slug <= 0.0 {
        return Vec::new();
    }
    let (w, h) = (g.trim_width, g.trim_height);
    let d = g.bleed + g.slug / 2.0;
    vec![
        (w / 2.0, -d),
        (w + d, h / 2.0),
        (w / 2.0, h + d),
        (-d, h / 2.0),
    ]
}

/// Size of an imposition sheet in landscape, in points (width, height).
pub fn sheet_size(sheet: edition::Sheet) -> (f32, f32) {
    match sheet {
        edition::Sheet::A3 => (420.0 * MM, 297.0 * MM),
        edition::Sheet::A4 => (297.0 * MM, 210.0 * MM),
        edition::Sheet::Letter => (792.0, 612.0),
        edition::Sheet::Tabloid => (1224.0, 792.0),
    }
}

/// One side of a printed sheet: the pages on its left and right half
/// (zero-based page indices; `None` for a blank added as padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSide {
    /// The page on the left half.
    pub left: Option<usize>,
    /// The page on the right half.
    pub right: Option<usize>,
}

/// The saddle-stitch order of `pages` pages: for every sheet its front and
/// its back, in printing order. The count is padded with blank pages at the
/// end to a multiple of 4. Sheet `s` of `n` (padded) pages carries pages
/// `n−1−2s` and `2s` on its front and `2s+1` and `n−2−2s` on its back, so
/// that the stack, folded in the middle, reads 1, 2, … n. The back is meant
/// for duplex printing with a short-edge flip, which turns a landscape sheet
/// over its left–right axis: both sides come out the same way up, and the
/// back's left half lies behind the front's right half.
pub fn sheet_order(pages: usize) -> Vec<(SheetSide, SheetSide)> {
    let n = pages.div_ceil(4) * 4;
    let page = |i: usize| (i < pages).then_some(i);
    (0..n / 4)
        .map(|s| {
            (
                SheetSide {
                    left: page(n - 1 - 2 * s),
                    right: page(2 * s),
                },
                SheetSide {
                    left: page(2 * s + 1),
                    right: page(n - 2 - 2 * s),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One-based page numbers of a side, 0 for a blank.
    fn numbers(s: &SheetSide) -> [usize; 2] {
        [s.left.map_or(0, |p| p + 1), s.right.map_or(0, |p| p + 1)]
    }

    /// Every page exactly once, and folding the stack gives reading order:
    /// walking the sheets' right halves front then back, and back up the left
    /// halves, reads 1..n.
    fn check_reading_order(pages: usize) {
        let order = sheet_order(pages);
        let n = pages.div_ceil(4) * 4;
        assert_eq!(order.len(), n / 4);
        let mut read = Vec::new();
        for (front, back) in &order {
            read.push(front.right);
            read.push(back.left);
        }
        for (front, back) in order.iter().rev() {
            read.push(back.right);
            read.push(front.left);
        }
        let expected: Vec<Option<usize>> = (0..n).map(|i| (i < pages).then_some(i)).collect();
        assert_eq!(read, expected, "{pages} pages");
    }

    /// The page numbers (1-based, 0 for a blank) on every side of every
    /// sheet of an `n`-page booklet, fronts before backs.
    fn sides(pages: usize) -> Vec<[usize; 2]> {
        sheet_order(pages)
            .iter()
            .flat_map(|(f, b)| [numbers(f), numbers(b)])
            .collect()
    }

    #[test]
    fn eight_pages() {
        assert_eq!(sides(8), vec![[8, 1], [2, 7], [6, 3], [4, 5]]);
        check_reading_order(8);
    }

    #[test]
    fn ten_pages_are_padded_to_twelve() {
        // pages 11 and 12 are blanks
        assert_eq!(
            sides(10),
            vec![[0, 1], [2, 0], [10, 3], [4, 9], [8, 5], [6, 7]]
        );
        check_reading_order(10);
    }

    #[test]
    fn twenty_eight_pages() {
        let o = sheet_order(28);
        assert_eq!(o.len(), 7);
        assert_eq!(numbers(&o[0].0), [28, 1]);
        assert_eq!(numbers(&o[0].1), [2, 27]);
        assert_eq!(numbers(&o[6].0), [16, 13]);
        assert_eq!(numbers(&o[6].1), [14, 15]);
        // the pages on the two sides of one sheet add up to n + 1
        for (f, b) in &o {
            assert_eq!(numbers(f).iter().sum::<usize>(), 29);
            assert_eq!(numbers(b).iter().sum::<usize>(), 29);
        }
        check_reading_order(28);
    }

    #[test]
    fn small_counts() {
        assert!(sheet_order(0).is_empty());
        check_reading_order(1);
        check_reading_order(3);
        check_reading_order(5);
    }

    #[test]
    fn marks_lie_outside_the_bleed() {
        let g = PageGeometry {
            trim_width: 100.0,
            trim_height: 200.0,
            bleed: 3.0 * MM,
            slug: SLUG,
        };
        let outside = |x: f32, y: f32| {
            x < -g.bleed || y < -g.bleed || x > 100.0 + g.bleed || y > 200.0 + g.bleed
        };
        let within_media = |x: f32, y: f32| {
            let m = g.bleed + g.slug;
            x >= -m && y >= -m && x <= 100.0 + m && y <= 200.0 + m
        };
        for s in crop_marks(&g) {
            assert!(outside(s.x0, s.y0) && outside(s.x1, s.y1), "{s:?}");
            assert!(
                within_media(s.x0, s.y0) && within_media(s.x1, s.y1),
                "{s:?}"
            );
        }
        for (x, y) in registration_marks(&g) {
            for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
                let (px, py) = (x + dx * TARGET_RADIUS * 1.5, y + dy * TARGET_RADIUS * 1.5);
                assert!(outside(px, py) && within_media(px, py), "({px}, {py})");
            }
        }
    }

    #[test]
    fn bleed_rect_moves_only_trim_edges() {
        let g = PageGeometry {
            trim_width: 100.0,
            trim_height: 200.0,
            bleed: 5.0,
            slug: 0.0,
        };
        let r = g.bleed_rect(&Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 120.0,
        });
        assert_eq!(
            r,
            Rect {
                x: -5.0,
                y: -5.0,
                w: 110.0,
                h: 125.0
            }
        );
    }
}
