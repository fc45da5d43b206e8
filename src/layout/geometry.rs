//! Page geometry: trim size, margins, columns and the baseline grid, in one
//! place. Editions that add bleed, slug or imposition change this module only.

use crate::model::{PageSize, Settings};

use super::output::PageGeometry;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

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
        let (w, h) = match settings.page_size {
            PageSize::A4 => (210.0 * MM, 297.0 * MM),
            PageSize::A5 => (148.0 * MM, 210.0 * MM),
            PageSize::Letter => (612.0, 792.0),
        };
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
            grid: 14.0,
        }
    }

    /// Width of one column.
    pub fn column_width(&self) -> f32 {
        (self.width - self.gutter * (self.columns as f32 - 1.0)) / self.columns as f32
    }

    /// Left edge of column `i`.
    pub fn column_x(&self, i: usize) -> f32 {
        self.left + i as f32 * (self.column_width() + self.gutter)
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
