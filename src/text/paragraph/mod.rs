//! Paragraph building: styled runs → shaped glyphs → boxes, glue, penalties.
//!
//! The runs' texts are joined into one paragraph string (tabs and newlines
//! count as spaces). The string is cut into *words* (maximal stretches
//! without spaces) and *spaces*:
//!
//! * a stretch of spaces becomes one glue item carrying the space glyph of its
//!   font (so that text extraction sees word boundaries); a non-breaking space
//!   (U+00A0, U+202F, U+2007) becomes glue preceded by an infinite penalty;
//!   U+2028, U+2029 and U+0085 become forced breaks;
//! * a word is split into segments of one run and one bidi level, each shaped
//!   once (see [`super::shape`]), and cut into boxes at its break
//!   opportunities, with a penalty at each cut.
//!
//! Break opportunities inside a word come from UAX #14 (`unicode-linebreak`,
//! run over the whole paragraph so context across runs counts), restricted and
//! extended by the rules of this brochure: soft hyphens (a word with soft
//! hyphens uses only those), hard hyphens (a break after the hyphen, no added
//! hyphen, both parts at least two characters), URLs and e-mail addresses
//! (breaks after `/`, `.`, `-` only, never hyphenated; breaks between any two
//! alphanumerics as a last resort), and pattern hyphenation for plain words
//! and for each part of a hyphenated compound (see [`super::hyphenate`]).
//!
//! For justified text every item also records its letter-spacing gaps (see
//! [`Item::expand`](super::breaks::Item::expand)): one between every two
//! glyphs of a word, none next to a space, none after the last glyph of a
//! line; scripts whose letters join are left out.
//!
//! When rustybuzz reports that a cut is unsafe (a ligature or kerning pair
//! spans it), the cut becomes a discretionary: the glyphs shaped as a whole
//! are the no-break material, and the two sides are reshaped separately as
//! pre-break (plus hyphen) and post-break material. So `officieel` keeps its
//! `ffi` ligature unless it is broken as `of-ficieel`.

mod adjust;
mod builder;
mod cuts;

use std::ops::Range;

use unicode_linebreak::BreakOpportunity;

use super::breaks::Item;
use super::shape::{Glyph, Shaper};
use super::{Direction, FontId, ParagraphStyle, RunKind, TextRun, Typesetter};
use builder::Builder;

/// Stretchability of interword glue in justified text, as a fraction of the
/// space (TeX's fonts: 1/2; a little more here because Noto Sans has a
/// narrow space, 0.26 em).
pub(crate) const SPACE_STRETCH: f32 = 0.6;
/// Shrinkability of interword glue in justified text (TeX's fonts: 1/3).
pub(super) const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Penalty for breaking after a hard hyphen (TeX's `\exhyphenpenalty`).
pub(super) const EX_HYPHEN_PENALTY: f32 = 50.0;
/// Penalty for other breaks inside a word (after `/`, dashes).
pub(super) const WORD_BREAK_PENALTY: f32 = 50.0;
/// Penalty for an emergency break inside a URL.
pub(super) const EMERGENCY_PENALTY: f32 = 5000.0;

/// One input run, resolved.
#[derive(Debug, Clone)]
pub(crate) struct RunInfo {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Font index (valid in the typesetter's book).
    pub font: usize,
    /// Font size in points.
    pub size: f32,
    /// Caller's tag.
    pub tag: u32,
    /// Breaking behaviour.
    pub kind: RunKind,
}

/// What an item stands for in glyphs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    /// Box glyphs, a glue's space glyph, or a penalty's no-break glyphs.
    pub glyphs: Range<usize>,
    /// Penalty: glyphs ending the line if broken here.
    pub pre: Range<usize>,
    /// Penalty: glyphs starting the next line if broken here.
    pub post: Range<usize>,
    /// Index of the run.
    pub run: usize,
    /// Bidi embedding level.
    pub level: u8,
    /// Penalty: `pre` ends in an added hyphen.
    pub hyphen: bool,
}

/// A paragraph ready for breaking.
#[derive(Debug, Default)]
pub(crate) struct Paragraph {
    /// The joined text.
    pub text: String,
    /// The runs.
    pub runs: Vec<RunInfo>,
    /// All glyphs; [`Content`] ranges index this.
    pub glyphs: Vec<Glyph>,
    /// The items for the line breaker.
    pub items: Vec<Item>,
    /// What each item is made of (parallel to `items`).
    pub content: Vec<Content>,
    /// Whether any level is odd (lines need reordering).
    pub has_rtl: bool,
    /// Protrusion allowed at the very start of the paragraph.
    pub first_protrude: f32,
    /// Whether the items carry expandable widths (letter-spacing allowed).
    pub expandable: bool,
    /// The space glyph of each font the runs use (layout font index, glyph
    /// id), for the space that ends a line at a word boundary.
    pub spaces: Vec<(usize, u16)>,
}

/// Options of one build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuildOptions {
    /// Interword glue may stretch and shrink (justified setting).
    pub justify: bool,
    /// Add pattern hyphenation points.
    pub hyphenate: bool,
    /// Compute protrusion amounts.
    pub protrusion: bool,
    /// Penalty of soft-hyphen and pattern hyphenation breaks.
    pub hyphen_penalty: f32,
    /// Compute expandable widths for letter-spacing (only done for scripts
    /// that tolerate it).
    pub expansion: bool,
}

/// Spaces a line may break at.
pub(super) fn is_breaking_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{B}'
            | '\u{C}'
            | '\u{1680}'
            | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}'
    )
}

/// Spaces no line breaks at (no-break, narrow no-break, figure space).
pub(super) fn is_fixed_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// Characters that show nothing and belong to their neighbours: soft
/// hyphen, joiners, bidi controls, variation selectors.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// Characters that force a line break.
pub(super) fn is_forced_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// Whether a character is strongly right to left.
fn is_rtl_char(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
    (c as u32) >= 0x590 && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI)
}

impl Paragraph {
    /// Index of the run containing byte `pos` (the last run for the end).
    pub(crate) fn run_at(&self, pos: usize) -> usize {
        let i = self.runs.partition_point(|r| r.range.end <= pos);
        i.min(self.runs.len().saturating_sub(1))
    }

    /// Whether the byte at `pos` belongs to a [`RunKind::NoBreak`] run.
    pub(super) fn no_break_at(&self, pos: usize) -> bool {
        pos < self.text.len() && self.runs[self.run_at(pos)].kind == RunKind::NoBreak
    }

    /// Whether the text from byte `start` to `end` has [`RunKind::NoBreak`]
    /// text on both sides (in one run or in adjacent ones, as a citation
    /// made of several linked runs), so that no line may break there.
    pub(super) fn inside_no_break(&self, start: usize, end: usize) -> bool {
        start > 0 && self.no_break_at(start - 1) && self.no_break_at(end)
    }

    /// Advance width of the glyphs `r`.
    pub(super) fn width(&self, r: &Range<usize>) -> f32 {
        self.glyphs[r.clone()].iter().map(|g| g.advance).sum()
    }

    /// Appends an item with what it stands for.
    pub(super) fn push(&mut self, item: Item, content: Content) {
        self.items.push(item);
        self.content.push(content);
    }
}

/// Builds the items of a paragraph.
pub(crate) fn build(
    ts: &Typesetter,
    runs: &[TextRun],
    style: &ParagraphStyle,
    options: BuildOptions,
) -> Paragraph {
    let mut p = Paragraph::default();
    if ts.fonts.is_empty() {
        return p;
    }
    let total: usize = runs.iter().map(|r| r.text.len()).sum();
    p.text.reserve(total);
    for r in runs {
        let start = p.text.len();
        p.text.push_str(&r.text);
        resolve_run(ts, r, start, &mut p.runs);
    }
    if p.text.is_empty() {
        return p;
    }
    // At most about one glyph and one item per byte of Latin text (words
    // with many hyphenation points).
    if p.text.len() > 64 {
        p.glyphs.reserve(p.text.len());
        p.items.reserve(p.text.len());
        p.content.reserve(p.text.len());
    }
    let levels = bidi_levels(&p.text, style.direction);
    p.has_rtl = levels
        .as_ref()
        .is_some_and(|l| l.iter().any(|&x| x % 2 == 1));
    let opportunities = unicode_linebreak::linebreaks(&p.text)
        .filter(|&(_, o)| o == BreakOpportunity::Allowed)
        .map(|(pos, _)| pos)
        .collect();
    let mut b = Builder {
        p,
        shaper: Shaper::new(&ts.faces, &ts.plans, &ts.words, &style.lang),
        rules: ts.hyphenation.rules(&style.lang),
        options,
        levels,
        opportunities,
        scratch: String::new(),
        points: Vec::new(),
        cut_buf: Vec::new(),
        segment_buf: Vec::new(),
    };
    b.run();
    let mut p = b.p;
    if options.protrusion {
        p.compute_protrusion();
    }
    if options.expansion && !p.has_rtl && p.text.chars().all(spaceable) {
        p.expandable = true;
        p.compute_expansion();
    }
    p
}

/// Resolves one input run whose text starts at byte `start` of the
/// paragraph into `out`: a valid font and a usable size, split where font
/// fallback gives characters to another face.
fn resolve_run(ts: &Typesetter, r: &TextRun, start: usize, out: &mut Vec<RunInfo>) {
    let font = usize::from(r.font.0);
    let font = if font < ts.fonts.len() { font } else { 0 };
    let size = if r.size.is_finite() {
        r.size.clamp(0.0, 10_000.0)
    } else {
        0.0
    };
    // Font fallback: split the run where another face must set the
    // characters (a script the run's face lacks). White space, marks and
    // other characters of no particular script stay with the face before them.
    let primary = FontId(font as u16);
    let mut piece_start = start;
    let mut piece_font = font;
    for (i, c) in r.text.char_indices() {
        let at = start + i;
        let current = FontId(piece_font as u16);
        let keep = c.is_whitespace()
            || is_invisible(c)
            || (piece_font != font
                && !c.is_alphabetic()
                && ts.font_for(current, c) == Some(current));
        let want = if keep {
            piece_font
        } else {
            ts.font_for(primary, c).map_or(font, |f| usize::from(f.0))
        };
        if want != piece_font {
            if at > piece_start {
                out.push(RunInfo {
                    range: piece_start..at,
                    font: piece_font,
                    size,
                    tag: r.tag,
                    kind: r.kind,
                });
            }
            piece_start = at;
            piece_font = want;
        }
    }
    out.push(RunInfo {
        range: piece_start..start + r.text.len(),
        font: piece_font,
        size,
        tag: r.tag,
        kind: r.kind,
    });
}

/// Bidi embedding levels per byte, when the paragraph is right to left or
/// has right-to-left characters; `None` for plain left-to-right text.
fn bidi_levels(text: &str, direction: Direction) -> Option<Vec<u8>> {
    let rtl_base = direction == Direction::Rtl;
    if rtl_base || text.chars().any(is_rtl_char) {
        let base = if rtl_base {
            unicode_bidi::Level::rtl()
        } else {
            unicode_bidi::Level::ltr()
        };
        let info = unicode_bidi::ParagraphBidiInfo::new(text, Some(base));
        Some(info.levels.iter().map(|l| l.number()).collect::<Vec<u8>>())
    } else {
        None
    }
}

/// Whether letter-spacing may separate this character from its neighbours:
/// not in the scripts from Hebrew to Mongolian (joining scripts, Indic
/// scripts whose letters hang from a common line, …) and their relatives.
fn spaceable(c: char) -> bool {
    !matches!(
        c as u32,
        0x0590..=0x1DFF | 0xA800..=0xABFF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x11FFF
    )
}
