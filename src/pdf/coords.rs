//! Coordinates: the layout's top-left, trim-relative positions turned into
//! PDF user space.

use super::object::round;
use crate::layout::{PageGeometry, Rect};

/// Converts the layout's top-left, trim-relative coordinates to PDF user
/// space (bottom-left origin of the media box).
#[derive(Clone, Copy)]
pub(crate) struct UserSpace {
    offset: f32,
    media_height: f32,
}

impl UserSpace {
    /// The user space of a page with this geometry.
    pub fn new(g: &PageGeometry) -> Self {
        UserSpace {
            offset: g.bleed + g.slug,
            media_height: g.media_height(),
        }
    }

    /// PDF x of a layout x.
    pub fn x(&self, x: f32) -> f32 {
        x + self.offset
    }

    /// PDF y of a layout y.
    pub fn y(&self, y: f32) -> f32 {
        self.media_height - (y + self.offset)
    }

    /// A layout rectangle as `[llx lly urx ury]`.
    pub fn rect(&self, r: &Rect) -> [f32; 4] {
        let (x0, x1) = (self.x(r.x), self.x(r.x + r.w));
        let (y0, y1) = (self.y(r.y + r.h), self.y(r.y));
        [
            round(x0.min(x1)),
            round(y0.min(y1)),
            round(x0.max(x1)),
            round(y0.max(y1)),
        ]
    }
}
