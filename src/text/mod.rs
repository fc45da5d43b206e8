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
//!
//! The pipeline, one module each:
//! `fonts` (loading, parsed faces) → `shape` (rustybuzz, once per word
//! segment) → `hyphenate` (hypher patterns, or a shipped TeX pattern set
//! matched by `tex_patterns`, + exceptions + policy) →
//! `paragraph` (boxes, glue, penalties, discretionaries) → [`breaks`]
//! (Knuth–Plass total fit, aware of `protrusion`) → `lines` (positioned
//! glyphs, justification, bidi reordering). Only [`breaks`] is public, so
//! that its algorithm can be tested and benchmarked on its own.
//!
//! Passes: justified text is first broken without pattern hyphenation,
//! accepting any line whose word spaces stay within twice their natural
//! width, then with hyphenation under the same bound, then in a final pass
//! that accepts any ratio (badness uncapped so that loose lines still
//! compete, each loose line charged extra) and never fails. Every pass,
//! the final one included, allows at most two consecutive lines ending in a
//! hyphen. The hyphen penalty is high: a hyphen costs about as much as a line
//! whose spaces are doubled, so hyphens are used where they avoid loose lines,
//! not merely to even out the spacing. Justified lines may also be
//! letter-spaced by up to +0.02 em / −0.022 em between the glyphs of a word (font
//! expansion, as with microtype, but expressed as glyph positions so that
//! the PDF needs no scaled fonts and text extraction is unaffected); letters
//! take a small share of the adjustment and reach the full amount only on
//! lines at the loose limit. A paragraph's last line shorter than an eighth
//! of the measure costs extra demerits.
//! Ragged text (Start, End, Center) uses the same algorithm with rigid
//! interword spaces and a 2 em stretch at every line end (like ragged2e),
//! no letter-spacing, and pattern hyphenation only in its final pass.
//!
//! Output conventions: a line's glyphs are positioned flush with the line's
//! own left edge: glyph `x` includes the first-line indent (for LTR), the
//! shaped x offset and protrusion (a protruding glyph may start at `x < 0` or
//! end beyond the width), but no alignment offset. [`Line::width`] is the
//! width the line occupies without protrusion, including the first-line
//! indent; the layout stage aligns lines with it (End: `x + measure - width`,
//! Center: `x + (measure - width) / 2`; for an RTL paragraph Start and
//! Justify lines are flush right). A justified line's width equals the
//! measure. A line is overfull iff its width exceeds the measure, which only
//! happens when a single unbreakable piece is wider than the measure; its
//! [`Line::ratio`] is then below -1.
//!
//! Right-to-left: runs are shaped right-to-left where the UAX #9 levels
//! (from `unicode-bidi`, base direction from the style) are odd and each line
//! is reordered at word granularity (rule L2). Protrusion for RTL uses the same
//! character tables; Arabic-specific justification (kashida) is not done.

use std::sync::Arc;

pub mod breaks;
mod cache;
mod fonts;
mod hyphenate;
mod lines;
mod paragraph;
mod protrusion;
mod shape;
mod tex_patterns;

pub use crate::memo::CacheStats;
/// Writing direction of a paragraph: the model's, as the text stage comes
/// after the model.
pub use crate::model::Direction;
pub use cache::ParagraphCache;
pub use fonts::TextError;

pub(crate) use crate::memo::FxHashMap;

/// Who asks for a paragraph through the engine's memos
/// ([`Typesetter::layout_paragraph_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asker {
    /// The layout that makes the pages: its asking counts in the memo's
    /// statistics, and it uses the memo of shaped paragraphs.
    Layout,
    /// A thread setting paragraphs ahead of the layout: the lines go into
    /// the paragraph memo without counting as a use (so the statistics do
    /// not depend on how far it got), and the few places of the memo of
    /// shaped paragraphs stay the layout's.
    Ahead,
}

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
    /// For each face, the faces tried in order for characters it lacks
    /// (font fallback per script: Latin → Arabic → Devanagari, say).
    pub fallbacks: Vec<Vec<FontId>>,
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
    /// Text that must stay on one line, such as a citation `[25, 29]` or
    /// `[55–57]`: neither hyphenated nor broken at its spaces or dashes, nor
    /// between adjacent `NoBreak` runs (lines may break before and after).
    NoBreak,
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
    /// Right-to-left clusters hold their text in visual order (reversed), as
    /// text extractors reorder a right-to-left line character by character.
    /// Held inline (a cluster's text is a few bytes): a `String` made a heap
    /// allocation for every glyph of the document.
    pub text: smol_str::SmolStr,
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
    /// Shared: the layout places them on pages without copying their
    /// glyphs.
    pub runs: Vec<Arc<GlyphRun>>,
    /// Width the line occupies, in points (excluding protrusion, including
    /// the first-line indent); equals the measure for justified lines.
    pub width: f32,
    /// Largest ascent of the line's fonts, in points.
    pub ascent: f32,
    /// Largest descent of the line's fonts, in points (positive).
    pub descent: f32,
    /// Knuth–Plass adjustment ratio of the interword spaces: 0 natural, >0
    /// stretched, <0 shrunk; clamped to ±10 (10: a justified line with
    /// nothing to stretch, below -1: overfull). Ragged lines report 0.
    pub ratio: f32,
    /// Actual interword space relative to the natural space: 1 natural,
    /// above 1 stretched, below 1 shrunk. 1 for lines without interword
    /// glue and for lines set at natural width (ragged lines, last lines that
    /// need not shrink).
    pub space_factor: f32,
    /// Whether the line ends in an added hyphen.
    pub hyphenated: bool,
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParagraphLayout {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

/// The text engine: fonts, shape plans and hyphenation, built once and then
/// used read-only for every paragraph.
#[derive(Debug)]
pub struct Typesetter {
    fonts: FontBook,
    faces: Vec<fonts::ParsedFace>,
    plans: shape::PlanCache,
    words: shape::WordCache,
    hyphenation: hyphenate::Hyphenation,
    paragraphs: ParagraphCache,
    built: cache::BuiltCache,
    /// [`Typesetter::font_for`] of the characters [`font_memo_slot`] has a
    /// place for, per font: 0 not yet looked up, 1 no font, 2 + the font's
    /// index.
    font_memo: Box<[std::sync::atomic::AtomicU16]>,
}

/// The characters whose font [`Typesetter::font_for`] remembers, as
/// ranges of code points: Latin, Arabic to Devanagari, general
/// punctuation. A cmap lookup costs hundreds of instructions, and every
/// character of a paragraph needs one.
const FONT_MEMO_RANGES: [std::ops::Range<u32>; 3] = [0..0x300, 0x600..0x980, 0x2000..0x2070];
/// Places per font in the memo of [`Typesetter::font_for`].
const FONT_MEMO_CHARS: usize = 0x300 + 0x380 + 0x70;

/// Where the memo of [`Typesetter::font_for`] keeps `c` (within a font's
/// places), if it does.
fn font_memo_slot(c: char) -> Option<usize> {
    let c = c as u32;
    let mut base = 0;
    for r in FONT_MEMO_RANGES {
        if r.contains(&c) {
            return Some(base + (c - r.start) as usize);
        }
        base += (r.end - r.start) as usize;
    }
    None
}

/// Stretch (in ems of the paragraph's first run) given to every ragged line
/// end, like ragged2e's `\RaggedRightRightskip`.
const RAGGED_STRETCH_EM: f32 = 2.0;
/// Badness limit of the final pass.
const FINAL_BADNESS_LIMIT: f32 = 1.0e7;
/// Penalty for a hyphenated line in justified text (TeX's `\hyphenpenalty`).
/// High: its demerits (250 000) equal those of a line whose spaces are
/// stretched to about twice their width, so hyphens are taken where they
/// avoid loose lines (or a run of nearly loose ones), which keeps them under
/// a sixth of the lines of narrow Dutch columns.
const JUSTIFIED_HYPHEN_PENALTY: f32 = 500.0;
/// Penalty for a hyphenated line in ragged text: ragged lines need not be
/// filled, so hyphens are used only where they clearly even out the edge.
const RAGGED_HYPHEN_PENALTY: f32 = 200.0;
/// The widest word space of a justified line, relative to the natural space
/// (lines holding an unbreakable piece such as a URL aside).
const MAX_SPACE_FACTOR: f32 = 1.6;
/// The adjustment ratio of interword glue at [`MAX_SPACE_FACTOR`].
const LOOSE_RATIO: f32 = (MAX_SPACE_FACTOR - 1.0) / paragraph::SPACE_STRETCH;
/// Largest acceptable adjustment ratio of the first (no hyphenation) pass:
/// any line that is not loose.
const FIRST_PASS_TOLERANCE: f32 = LOOSE_RATIO;
/// Largest acceptable adjustment ratio of the second (hyphenation) pass; its
/// lines are also bounded by [`MAX_SPACE_FACTOR`].
const SECOND_PASS_TOLERANCE: f32 = 2.5;
/// TeX's `\emergencystretch` for the final pass, in ems. Not needed: the
/// final pass lifts the badness limit instead, and charges every loose line
/// [`LOOSE_DEMERITS`], so that it first minimises their number.
const EMERGENCY_STRETCH_EM: f32 = 0.0;
/// Demerits of a loose line in the final pass (on top of its badness).
const LOOSE_DEMERITS: f32 = 1.0e6;
/// Most consecutive lines ending in a hyphen (added or not), in every pass.
const MAX_HYPHEN_RUN: u8 = 2;
/// Letter-spacing a justified line may add between the glyphs of a word, in
/// ems (about 2 % of an average glyph's width, like microtype's font
/// expansion).
const EXPAND_STRETCH_EM: f32 = 0.03;
/// Letter-spacing a justified line may take away, in ems.
const EXPAND_SHRINK_EM: f32 = 0.022;
/// Glue ratio at which a stretched line uses all its letter-spacing: the
/// loose limit, so that letters are spaced visibly only on lines that need
/// it.
const EXPAND_FULL_RATIO: f32 = LOOSE_RATIO;
/// A last line shorter than this share of the measure is charged
/// [`SHORT_LAST_DEMERITS`].
const SHORT_LAST_SHARE: f32 = 0.12;
/// Demerits of a too short last line.
const SHORT_LAST_DEMERITS: f32 = 1.0e5;

/// Words of at least this many characters may also be broken between any
/// two characters, without a hyphen, in the final pass of line breaking: a
/// word wider than its column is broken by force, never set off the page.
pub const LONG_WORD_CHARS: usize = 30;

impl Typesetter {
    /// The words of `text` that only a forced break can divide: at least
    /// [`LONG_WORD_CHARS`] characters, not a URL or e-mail address, without
    /// a hyphen, soft hyphen or slash, and without a hyphenation point in
    /// `lang`. Each is returned once per occurrence, in order.
    pub fn unbreakable_words<'t>(&self, text: &'t str, lang: &str) -> Vec<&'t str> {
        let rules = self.hyphenation.rules(lang);
        let (mut scratch, mut points) = (String::new(), Vec::new());
        text.split_whitespace()
            .filter(|w| w.chars().nth(LONG_WORD_CHARS - 1).is_some())
            .filter(|w| !w.contains(['-', '\u{2010}', '\u{AD}', '/', '@']) && !w.contains("www."))
            .filter(|w| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                points.clear();
                if hyphenate::is_hyphenatable(core) {
                    rules.points(core, &mut scratch, &mut points);
                }
                points.is_empty()
            })
            .collect()
    }

    /// Builds the engine from loaded fonts and per-language hyphenation
    /// exceptions (`("nl", ["ziek-te-mo-di-fi-ce-ren-de", ...])`).
    pub fn new(
        fonts: FontBook,
        exceptions: &[(String, Vec<String>)],
    ) -> Result<Typesetter, TextError> {
        let faces = fonts
            .fonts
            .iter()
            .map(fonts::ParsedFace::parse)
            .collect::<Result<Vec<_>, _>>()?;
        let font_memo = (0..fonts.fonts.len() * FONT_MEMO_CHARS)
            .map(|_| std::sync::atomic::AtomicU16::new(0))
            .collect();
        Ok(Typesetter {
            fonts,
            faces,
            plans: shape::PlanCache::default(),
            words: shape::WordCache::default(),
            hyphenation: hyphenate::Hyphenation::new(exceptions)?,
            paragraphs: ParagraphCache::default(),
            built: cache::BuiltCache::default(),
            font_memo,
        })
    }

    /// The same engine with `rule` deciding where the words of `lang` (a
    /// BCP 47 code) get their pattern hyphenation points: another pattern
    /// set (British English) or none (exceptions and soft hyphens only).
    pub fn with_hyphenation(
        mut self,
        lang: &str,
        rule: crate::model::HyphenationRule,
    ) -> Typesetter {
        self.hyphenation.set_rule(lang, rule);
        self
    }

    /// Runs `f`, a stage that shapes text with this engine, and turns a
    /// failure of the shaper on a damaged font into an error naming the font
    /// file and the word; any other panic goes on unwinding.
    pub fn catch_shaping<R>(&self, f: impl FnOnce() -> R) -> Result<R, TextError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
            match payload.downcast::<shape::ShapingFailed>() {
                Ok(failed) => {
                    let path = u16::try_from(failed.font)
                        .ok()
                        .and_then(|i| self.fonts.try_get(FontId(i)))
                        .map_or("a font", |f| f.path.as_str());
                    let word: String = failed.word.chars().take(40).collect();
                    TextError::new(format!(
                        "{path} is not a usable font file: the shaper failed on `{word}` (damaged layout tables)"
                    ))
                }
                Err(other) => std::panic::resume_unwind(other),
            }
        })
    }

    /// The fonts.
    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// Breaks a paragraph into lines of the given width (points). A pure
    /// function of its arguments: the same input gives the same output.
    /// Sets the paragraph anew every time; the layout uses
    /// [`layout_paragraph_cached`](Self::layout_paragraph_cached).
    pub fn layout_paragraph(
        &self,
        runs: &[TextRun],
        style: &ParagraphStyle,
        width: f32,
    ) -> ParagraphLayout {
        let width = clamp_width(width);
        let options = build_options(style);
        let para = paragraph::build(self, runs, style, options);
        self.break_paragraph(&para, style, width)
    }

    /// [`layout_paragraph`](Self::layout_paragraph) through the engine's
    /// memos (see [`ParagraphCache`]): a paragraph set before at the same
    /// style and width is handed out again, and one set before at another
    /// width is only broken again, not shaped. The same lines as
    /// `layout_paragraph`, shared.
    pub fn layout_paragraph_cached(
        &self,
        runs: &[TextRun],
        style: &ParagraphStyle,
        width: f32,
    ) -> Arc<ParagraphLayout> {
        self.layout_paragraph_for(Asker::Layout, runs, style, width)
    }

    /// [`layout_paragraph_cached`](Self::layout_paragraph_cached) as
    /// `asker` asks for it (see [`Asker`]).
    pub fn layout_paragraph_for(
        &self,
        asker: Asker,
        runs: &[TextRun],
        style: &ParagraphStyle,
        width: f32,
    ) -> Arc<ParagraphLayout> {
        let width = clamp_width(width);
        let options = build_options(style);
        let built_key = cache::built_key(runs, style, options);
        let key = cache::layout_key(&built_key, style, width);
        let kept = match asker {
            Asker::Layout => self.paragraphs.get(&key),
            Asker::Ahead => self.paragraphs.peek(&key),
        };
        if let Some(kept) = kept {
            return kept;
        }
        let shaped = match asker {
            Asker::Layout => self.built.get(&built_key),
            Asker::Ahead => None,
        };
        let para = match shaped {
            Some(p) => p,
            None => {
                let p = Arc::new(paragraph::build(self, runs, style, options));
                if asker == Asker::Layout {
                    self.built.put(built_key.into_boxed_slice(), Arc::clone(&p));
                }
                p
            }
        };
        let layout = Arc::new(self.break_paragraph(&para, style, width));
        self.paragraphs.put(key, Arc::clone(&layout));
        layout
    }

    /// The paragraph memo of the engine (its use since the last sweep).
    pub fn paragraph_cache(&self) -> &ParagraphCache {
        &self.paragraphs
    }

    /// Breaks a shaped paragraph into lines of `width` (already clamped).
    fn break_paragraph(
        &self,
        para: &paragraph::Paragraph,
        style: &ParagraphStyle,
        width: f32,
    ) -> ParagraphLayout {
        let justify = style.align == Align::Justify;
        if para.items.len() <= 1 && para.glyphs.is_empty() {
            return ParagraphLayout::default();
        }
        let em = para.runs.first().map_or(10.0, |r| r.size);
        let indent = style.first_indent.clamp(0.0, width);
        let (expand_stretch, expand_shrink) = if justify && para.expandable {
            (EXPAND_STRETCH_EM, EXPAND_SHRINK_EM)
        } else {
            (0.0, 0.0)
        };
        let base = breaks::Params {
            first_width: width - indent,
            width,
            first_protrude_start: para.first_protrude,
            max_consecutive_flagged: MAX_HYPHEN_RUN,
            short_last_width: SHORT_LAST_SHARE * width,
            short_last_demerits: SHORT_LAST_DEMERITS,
            expand_stretch,
            expand_shrink,
            expand_full: EXPAND_FULL_RATIO,
            ..breaks::Params::default()
        };
        let passes = passes(justify, style.hyphenate, em, base);
        let chosen = choose_breaks(&para.items, &passes, base);
        let measure = lines::Measure {
            width,
            style,
            expand_stretch,
            expand_shrink,
            expand_full: EXPAND_FULL_RATIO,
        };
        ParagraphLayout {
            lines: lines::build_lines(para, &chosen, &measure, &self.fonts),
        }
    }

    /// The characters of `text` that neither `font` nor any of its fallbacks
    /// has a glyph for (white space and invisible format characters aside),
    /// each once, in order of appearance. A build checks every block with it
    /// so that no text is ever set as empty boxes.
    pub fn uncovered(&self, text: &str, font: FontId) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || paragraph::is_invisible(c) || out.contains(&c) {
                continue;
            }
            if self.font_for(font, c).is_none() {
                out.push(c);
            }
        }
        out
    }

    /// Whether every character of `chars` (white space and control
    /// characters aside) has a glyph in one of `faces`, fallbacks not
    /// counted: whether a family alone can set a document.
    pub fn faces_cover(&self, faces: &[FontId], chars: &[char]) -> bool {
        chars
            .iter()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .all(|&c| {
                faces.iter().any(|f| {
                    self.faces
                        .get(usize::from(f.0))
                        .is_some_and(|p| p.face().glyph_index(c).is_some())
                })
            })
    }

    /// The first of `font` and its fallbacks that has a glyph for `c`.
    pub(crate) fn font_for(&self, font: FontId, c: char) -> Option<FontId> {
        use std::sync::atomic::Ordering;
        let memo = font_memo_slot(c)
            .and_then(|k| {
                self.font_memo
                    .get(usize::from(font.0) * FONT_MEMO_CHARS + k)
            })
            .filter(|_| usize::from(font.0) < self.fonts.fonts.len());
        let Some(memo) = memo else {
            return self.look_up_font(font, c);
        };
        match memo.load(Ordering::Relaxed) {
            0 => {
                let found = self.look_up_font(font, c);
                let code = match found {
                    None => Some(1),
                    Some(f) => f.0.checked_add(2),
                };
                if let Some(code) = code {
                    memo.store(code, Ordering::Relaxed);
                }
                found
            }
            1 => None,
            f => Some(FontId(f - 2)),
        }
    }

    /// [`font_for`](Self::font_for) without the memo.
    fn look_up_font(&self, font: FontId, c: char) -> Option<FontId> {
        let has = |f: FontId| {
            self.faces
                .get(usize::from(f.0))
                .is_some_and(|p| p.face().glyph_index(c).is_some())
        };
        if has(font) {
            return Some(font);
        }
        self.fonts
            .fallbacks
            .get(usize::from(font.0))?
            .iter()
            .copied()
            .find(|&f| has(f))
    }

    /// Natural width in points of single-line text (no breaking), for
    /// furniture and the table of contents.
    pub fn measure(&self, runs: &[TextRun]) -> f32 {
        let style = ParagraphStyle {
            align: Align::Start,
            direction: Direction::Ltr,
            lang: String::new(),
            hyphenate: false,
            protrusion: false,
            first_indent: 0.0,
        };
        let options = paragraph::BuildOptions {
            justify: false,
            hyphenate: false,
            protrusion: false,
            hyphen_penalty: 0.0,
            expansion: false,
        };
        let para = paragraph::build(self, runs, &style, options);
        para.items
            .iter()
            .filter(|it| {
                it.kind != breaks::ItemKind::Penalty || it.penalty < breaks::INFINITE_PENALTY
            })
            .map(|it| it.width)
            .sum()
    }
}

/// A usable measure: not NaN, not negative, not absurdly wide.
fn clamp_width(width: f32) -> f32 {
    if width.is_nan() {
        0.0
    } else {
        width.clamp(0.0, 1.0e6)
    }
}

/// How a paragraph of `style` is shaped and cut into items.
fn build_options(style: &ParagraphStyle) -> paragraph::BuildOptions {
    let justify = style.align == Align::Justify;
    paragraph::BuildOptions {
        justify,
        hyphenate: style.hyphenate,
        protrusion: style.protrusion,
        hyphen_penalty: if justify {
            JUSTIFIED_HYPHEN_PENALTY
        } else {
            RAGGED_HYPHEN_PENALTY
        },
        expansion: justify,
    }
}

/// The breaking passes of a paragraph: for justified text a first pass
/// without hyphenation, a second with it and a final pass that always
/// yields breaks; for ragged text a normal and a final pass.
fn passes(justify: bool, hyphenate: bool, em: f32, base: breaks::Params) -> Vec<breaks::Params> {
    let hyphen_level = if hyphenate {
        breaks::BreakLevel::Hyphenation
    } else {
        breaks::BreakLevel::Normal
    };
    if justify {
        vec![
            breaks::Params {
                tolerance: FIRST_PASS_TOLERANCE,
                loose_ratio: LOOSE_RATIO,
                ..base
            },
            breaks::Params {
                tolerance: SECOND_PASS_TOLERANCE,
                level: hyphen_level,
                loose_ratio: LOOSE_RATIO,
                ..base
            },
            breaks::Params {
                tolerance: f32::INFINITY,
                level: breaks::BreakLevel::Emergency,
                emergency_stretch: EMERGENCY_STRETCH_EM * em,
                final_pass: true,
                badness_limit: FINAL_BADNESS_LIMIT,
                loose_ratio: LOOSE_RATIO,
                loose_demerits: LOOSE_DEMERITS,
                ..base
            },
        ]
    } else {
        let ragged = breaks::Params {
            line_end_stretch: RAGGED_STRETCH_EM * em,
            fitness_classes: false,
            ..base
        };
        vec![
            breaks::Params {
                tolerance: 2.0,
                ..ragged
            },
            breaks::Params {
                tolerance: f32::INFINITY,
                level: breaks::BreakLevel::Emergency,
                final_pass: true,
                badness_limit: FINAL_BADNESS_LIMIT,
                ..ragged
            },
        ]
    }
}

/// The breaks of the first pass that finds any; failing all, the final pass
/// without the limit on consecutive hyphens, and failing that, first fit.
fn choose_breaks(
    items: &[breaks::Item],
    passes: &[breaks::Params],
    base: breaks::Params,
) -> Vec<breaks::Break> {
    let last_pass = passes.len() - 1;
    passes
        .iter()
        .find_map(|params| breaks::knuth_plass(items, params))
        .or_else(|| {
            // Only a piece wider than the measure with nothing but
            // flagged breaks around it gets here.
            breaks::knuth_plass(
                items,
                &breaks::Params {
                    max_consecutive_flagged: u8::MAX,
                    ..passes[last_pass]
                },
            )
        })
        .unwrap_or_else(|| {
            breaks::greedy(
                items,
                &breaks::Params {
                    level: breaks::BreakLevel::Emergency,
                    ..base
                },
            )
        })
}

impl Line {
    /// Number of glyphs on the line.
    pub fn glyph_count(&self) -> usize {
        self.runs.iter().map(|r| r.glyphs.len()).sum()
    }

    /// The line's text as extracted from its glyphs (for tests and reports).
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.text.as_str())
            .collect()
    }
}
