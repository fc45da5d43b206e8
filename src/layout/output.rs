//! The layout stage's output: pages of positioned items, ready for a writer.
//!
//! Coordinates are PostScript points with the origin at the top-left corner
//! of the trimmed page and y growing downwards; the PDF writer converts them.
//! Every text item keeps the block it came from and its structural role, so
//! that the writer can build a tagged structure tree.

use crate::model::Rgb;
use crate::model::edition::Cmyk;
use crate::text::GlyphRun;

/// A rectangle in page coordinates (top-left origin, points).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// The boxes of one page, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// Width of the trimmed page.
    pub trim_width: f32,
    /// Height of the trimmed page.
    pub trim_height: f32,
    /// Bleed added on every side (0 for screen editions).
    pub bleed: f32,
    /// Space for printer's marks outside the bleed (0 for screen editions).
    pub slug: f32,
}

impl PageGeometry {
    /// MediaBox width: trim plus bleed and slug on both sides.
    pub fn media_width(&self) -> f32 {
        self.trim_width + 2.0 * (self.bleed + self.slug)
    }
    /// MediaBox height: trim plus bleed and slug on both sides.
    pub fn media_height(&self) -> f32 {
        self.trim_height + 2.0 * (self.bleed + self.slug)
    }
}

/// Structural role of a piece of content, for tagging and reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Page furniture (running header/footer, page numbers, decoration).
    Artifact,
    /// The document title on the cover.
    Title,
    /// A section title (H1).
    H1,
    /// A level-2 heading.
    H2,
    /// A level-3 heading.
    H3,
    /// Body paragraph.
    P,
    /// A lead paragraph.
    Lead,
    /// A highlighted box's paragraph.
    BoxText,
    /// A pull-out statement.
    Statement,
    /// A list item's bullet.
    ListLabel,
    /// A list item's body.
    ListBody,
    /// A photo caption.
    Caption,
    /// A figure (image).
    Figure,
    /// An entry of the table of contents.
    TocEntry,
    /// An entry of the reference list.
    Reference,
}

/// An image used by the document, stored once and drawn by index.
#[derive(Debug, Clone)]
pub struct ImageResource {
    /// The encoded file bytes.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Encoding.
    pub format: crate::model::ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An external URL.
    Uri(std::sync::Arc<str>),
    /// A place in this document: page index and y (top-left coordinates).
    Internal {
        /// Zero-based page index.
        page: usize,
        /// Vertical position on that page.
        y: f32,
        /// What the link does, said aloud (the annotation's `/Contents`):
        /// "Inleiding, Pagina 4" for a contents entry (the language's page
        /// label), "Referenties: 12" for a citation (its references label).
        description: String,
    },
    /// The entry numbered so in the reference list: a citation's link until
    /// the layout resolves it to its destination (a finished layout has none).
    Reference(u32),
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line's glyph run, with its baseline origin.
    Text {
        /// x of the line start.
        x: f32,
        /// y of the baseline.
        y: f32,
        /// The glyphs (x positions relative to `x`), shared with the text
        /// engine's typeset line.
        run: std::sync::Arc<GlyphRun>,
        /// Width of the line box that starts at `x` (all runs of a line share
        /// `x` and this width), so that right-to-left pages can mirror lines
        /// as a whole without reordering their glyphs.
        line_width: f32,
        /// Fill colour.
        color: Rgb,
        /// Structural role.
        role: Role,
        /// Index into [`LaidOut::blocks`] of the source block, if any.
        block: Option<u32>,
        /// BCP 47 language of a phrase in another language than its
        /// block's (`{en}[…]` in the source), for a `/Lang` span.
        lang: Option<String>,
    },
    /// A filled rectangle (tints, colour fields, rules).
    Fill {
        /// Area.
        rect: Rect,
        /// Fill colour.
        color: Rgb,
        /// Whether it may extend into the bleed (full-bleed backgrounds).
        bleeds: bool,
    },
    /// An image scaled into a rectangle.
    Image {
        /// Area.
        rect: Rect,
        /// Index into [`LaidOut::images`].
        image: usize,
        /// Alternative text.
        alt: String,
        /// Index into [`LaidOut::blocks`] of the photo block.
        block: Option<u32>,
    },
    /// A clickable area.
    Link {
        /// Area.
        rect: Rect,
        /// Target.
        target: LinkTarget,
    },
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page boxes.
    pub geometry: PageGeometry,
    /// Items in reading order (furniture last).
    pub items: Vec<Item>,
    /// Printed page label, if the page shows a number.
    pub label: Option<String>,
}

/// A bookmark in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Text shown in the viewer's bookmarks.
    pub title: String,
    /// Zero-based page index.
    pub page: usize,
    /// Vertical position on that page.
    pub y: f32,
    /// Nested entries.
    pub children: Vec<OutlineEntry>,
}

/// How the block id of a photo's caption ends: the photo's block id and
/// this, so that the structure can group the two.
pub(crate) const CAPTION_SUFFIX: &str = "-caption";

/// Source block a piece of layout came from: id and role, for tagging.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockInfo {
    /// The block's stable id.
    pub id: String,
    /// The block's structural role.
    pub role: Role,
    /// BCP 47 language of a block set apart in a draft, for the structure
    /// element's `/Lang`: an untranslated block (the source language) or
    /// the notice beside an untranslated section (the document's).
    pub lang: Option<String>,
}

/// Document information for the PDF's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// Title shown by viewers.
    pub title: String,
    /// Author (the publisher).
    pub author: String,
    /// Subject line.
    pub subject: String,
    /// BCP 47 language tag (`nl-NL`).
    pub lang: String,
    /// Whether the document reads right to left (viewers show spreads
    /// mirrored: `/ViewerPreferences /Direction /R2L`).
    pub rtl: bool,
    /// Creation moment (UTC).
    pub created: crate::model::date::DateTime,
}

/// The laid-out brochure: what the layout hands the PDF writer.
#[derive(Debug, Clone)]
pub struct LaidOut {
    /// Metadata.
    pub info: DocInfo,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Images referenced by [`Item::Image`].
    pub images: Vec<ImageResource>,
    /// Source blocks referenced by items.
    pub blocks: Vec<BlockInfo>,
    /// Line-breaking quality of every body paragraph.
    pub report: Vec<ParagraphReport>,
    /// For an edition printed in CMYK, the CMYK of each colour the styles
    /// give one ([`super::style::Styles::cmyk`]); none for RGB editions.
    pub cmyk: Option<Vec<(Rgb, Cmyk)>>,
}

/// Line-breaking quality of one typeset paragraph, for `build --report`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParagraphReport {
    /// Id of the source block (or a furniture name).
    pub block: String,
    /// Whether the paragraph is justified.
    pub justified: bool,
    /// Measure in points.
    pub width: f32,
    /// Its lines, top to bottom.
    pub lines: Vec<LineReport>,
}

/// Quality of one line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineReport {
    /// Knuth–Plass adjustment ratio (0 natural, 1 fully stretched, −1 fully shrunk).
    pub ratio: f32,
    /// Actual interword space over the natural space (1 for lines set at
    /// natural width).
    pub space: f32,
    /// Whether the line ends in an added hyphen.
    pub hyphen: bool,
    /// Number of glyphs.
    pub glyphs: usize,
    /// Whether the line holds (part of) a URL.
    pub url: bool,
    /// Whether this is the paragraph's last line (not justified).
    pub last: bool,
}
