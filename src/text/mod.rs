//! Text: fonts, shaping, hyphenation and line breaking.
//!
//! This stage turns one paragraph (a list of styled [`TextRun`]s) into lines of
//! positioned glyphs. [`Typesetter::layout_paragraph`] is a pure function of
//! (runs, style, width) so that the layout stage can cache its results per
//! paragraph. Fonts and hyphenation patterns are loaded once, in
//! [`Typesetter::new`], and shared read-only afterwards.
//!
//! Conventions inside run text: U+00A0 is a non-breaking space, U+00AD a soft
//! hyphen (a permitted break that shows a hyphen), U+2028 a forced line break.

use std::sync::Arc;

/// Index of a font face in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// One loaded font face: its bytes and the metrics layout needs.
#[derive(Debug)]
pub struct Font {
    /// Path the face was read from (for messages).
    pub path: String,
    /// The font file's bytes, shared.
    pub data: Arc<Vec<u8>>,
    /// Design units per em.
    pub units_per_em: u16,
    /// Typographic ascender in design units.
    pub ascender: i16,
    /// Typographic descender in design units (negative).
    pub descender: i16,
    /// Cap height in design units.
    pub cap_height: i16,
    /// x-height in design units.
    pub x_height: i16,
}

/// All font faces of a build, loaded once.
#[derive(Debug, Default)]
pub struct FontBook {
    /// The faces; a [`FontId`] indexes this.
    pub fonts: Vec<Font>,
}

/// How the lines of a paragraph are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// Justified (both edges straight), last line ragged.
    Justify,
    /// Flush with the start edge, ragged end.
    Start,
    /// Flush with the end edge.
    End,
    /// Centred.
    Center,
}

/// Writing direction of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// Paragraph-level settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// Alignment of the lines.
    pub align: Align,
    /// Base direction.
    pub direction: Direction,
    /// BCP 47 language code, selects hyphenation patterns (`nl`).
    pub lang: String,
    /// Whether words may be hyphenated by the patterns.
    pub hyphenate: bool,
    /// Whether punctuation at line ends hangs into the margin.
    pub protrusion: bool,
    /// Indent of the first line in points.
    pub first_indent: f32,
}

/// What kind of text a run holds; changes how it may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunKind {
    /// Ordinary prose.
    Prose,
    /// A URL or e-mail address: never hyphenated, breaks after `/`, `.`, `-`
    /// without an added hyphen.
    Url,
    /// Text that must not be hyphenated (headings, names).
    NoHyphen,
}

/// A piece of a paragraph in one font and size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The text (see the module docs for special characters).
    pub text: String,
    /// Font face.
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    /// How the run breaks.
    pub kind: RunKind,
    /// Opaque caller data carried to the output runs (colour, link, role).
    pub tag: u32,
}

/// A shaped glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionedGlyph {
    /// Glyph id in the run's font.
    pub id: u16,
    /// Pen position of the glyph relative to the line start, in points.
    pub x: f32,
    /// Vertical offset from the baseline in points (up is positive).
    pub y_offset: f32,
    /// Advance width in points as shaped (before justification).
    pub advance: f32,
    /// The source text this glyph stands for: the whole cluster on its first
    /// glyph (`"fi"` for a ligature), empty on further glyphs of the cluster.
    pub text: String,
}

/// Consecutive glyphs of one line that share a font, size and tag.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Font face.
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    /// The tag of the [`TextRun`] these glyphs came from.
    pub tag: u32,
    /// The glyphs, in visual order.
    pub glyphs: Vec<PositionedGlyph>,
}

/// One typeset line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Runs in visual order; glyph x positions are final (justified).
    pub runs: Vec<GlyphRun>,
    /// Width the line occupies, in points (excluding protrusion).
    pub width: f32,
    /// Largest ascent of the line's fonts, in points.
    pub ascent: f32,
    /// Largest descent of the line's fonts, in points (positive).
    pub descent: f32,
    /// Knuth–Plass adjustment ratio: 0 natural, >0 stretched, <0 shrunk.
    pub ratio: f32,
    /// Whether the line ends in an added hyphen.
    pub hyphenated: bool,
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParagraphLayout {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}
