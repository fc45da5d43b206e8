//! Shaping: turns pieces of paragraph text into glyphs with rustybuzz.
//!
//! The paragraph builder shapes each word segment (a maximal piece of one
//! word in one run and one bidi level) exactly once; spaces are not shaped but
//! become glue with the font's space glyph. Glyphs are stored in *logical*
//! order (right-to-left segments are reversed after shaping) so that a break
//! position in the text maps to one index in the glyph list; lines are put in
//! visual order when they are built.
//!
//! Every glyph remembers the paragraph-text range of its cluster (on the
//! cluster's first glyph only), which becomes [`PositionedGlyph::text`], and
//! whether rustybuzz marked its cluster unsafe to break before (kerning or a
//! contextual substitution across the boundary), in which case the paragraph
//! builder reshapes the two sides of a break separately.
//!
//! Shape plans are expensive to build (~3 µs) and are cached per
//! (font, direction, script, language) in a [`PlanCache`]; shaping itself
//! costs ~2.5 µs per word with Noto Sans, so shaped words are memoised in a
//! [`WordCache`] (design units, word-relative clusters), which cuts the time
//! of a whole guide to about a third. Both caches belong to the
//! [`Typesetter`](super::Typesetter) (nothing global) and only memoise
//! functions of the font and the word, so layout stays a pure function of
//! its input.
//!
//! rustybuzz can panic on damaged layout tables (an `unwrap` in its GSUB
//! code on a font whose other tables parse; found by fuzzing). Shaping is
//! deep inside paragraph building, which returns no errors, so a panic
//! there is caught at the call into rustybuzz and carried on, by
//! `resume_unwind` (which prints nothing), as a [`ShapingFailed`] naming the
//! font and the word; [`Typesetter::catch_shaping`] turns it into an error.
//!
//! [`PositionedGlyph::text`]: super::PositionedGlyph::text
//! [`Typesetter::catch_shaping`]: super::Typesetter::catch_shaping

use std::ops::Range;
use std::sync::{Arc, RwLock};

use rustybuzz::{Direction, Language, ShapePlan, UnicodeBuffer};

use super::fonts::ParsedFace;

/// The payload a shaping panic is carried on with: the font (index in the
/// [`FontBook`](super::FontBook)) and the word that could not be shaped.
#[derive(Debug)]
pub(crate) struct ShapingFailed {
    /// Index of the font in the book.
    pub(crate) font: usize,
    /// The word being shaped.
    pub(crate) word: String,
}

/// The soft hyphen, never shaped.
pub(crate) const SHY: char = '\u{AD}';

/// Whether `c` is an explicit bidi formatting character (LRM, RLM, the
/// embeddings, overrides and isolates): it steers UAX #9 and is not shaped.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Where a glyph's source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GlyphText {
    /// The paragraph-text bytes `start..end` (soft hyphens are skipped).
    Range(u32, u32),
    /// An added hyphen (extracted as a soft hyphen, U+00AD).
    Hyphen,
    /// A space standing for other white space (`" "`).
    Space,
    /// A further glyph of a cluster: no text.
    None,
}

/// One shaped glyph, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    /// Glyph id.
    pub id: u16,
    /// Advance in points.
    pub advance: f32,
    /// Horizontal offset in points.
    pub x_offset: f32,
    /// Vertical offset in points (up is positive).
    pub y_offset: f32,
    /// Paragraph byte offset of the cluster.
    pub cluster: u32,
    /// Paragraph byte offset where the cluster's text ends.
    pub end: u32,
    /// The source text this glyph stands for.
    pub text: GlyphText,
    /// Breaking before this glyph's cluster needs reshaping.
    pub unsafe_to_break: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct PlanKey {
    font: usize,
    rtl: bool,
    script: Option<rustybuzz::Script>,
    lang: String,
}

/// Shape plans built so far, per font, direction, script and language.
#[derive(Default)]
pub(crate) struct PlanCache {
    plans: RwLock<Vec<(PlanKey, Arc<ShapePlan>)>>,
}

impl std::fmt::Debug for PlanCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanCache").finish_non_exhaustive()
    }
}

impl PlanCache {
    fn get(
        &self,
        face: &rustybuzz::Face<'_>,
        font: usize,
        rtl: bool,
        script: Option<rustybuzz::Script>,
        lang: &str,
    ) -> Arc<ShapePlan> {
        let matches =
            |k: &PlanKey| k.font == font && k.rtl == rtl && k.script == script && k.lang == lang;
        {
            let plans = self.plans.read().unwrap_or_else(|e| e.into_inner());
            if let Some((_, p)) = plans.iter().find(|(k, _)| matches(k)) {
                return Arc::clone(p);
            }
        }
        let language: Option<Language> = lang.parse().ok();
        let dir = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let plan = Arc::new(ShapePlan::new(face, dir, script, language.as_ref(), &[]));
        let mut plans = self.plans.write().unwrap_or_else(|e| e.into_inner());
        if let Some((_, p)) = plans.iter().find(|(k, _)| matches(k)) {
            return Arc::clone(p);
        }
        plans.push((
            PlanKey {
                font,
                rtl,
                script,
                lang: lang.to_string(),
            },
            Arc::clone(&plan),
        ));
        plan
    }
}

/// Most words kept in a [`WordCache`]; beyond this, words are shaped anew.
const MAX_CACHED_WORDS: usize = 100_000;

/// A shaped glyph in design units, relative to the start of its word.
#[derive(Debug, Clone, Copy, PartialEq)]
struct UnitGlyph {
    id: u16,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
    cluster: u32,
    end: u32,
    first: bool,
    unsafe_to_break: bool,
}

/// Shaped words, per font, direction, language and exact text.
///
/// A word is always shaped in isolation (no context), so its glyphs depend on
/// nothing else and a cached result is identical to shaping it again; the
/// cache only saves time (most words of a guide occur many times).
#[derive(Default)]
pub(crate) struct WordCache {
    words: RwLock<super::FxHashMap<String, Arc<[UnitGlyph]>>>,
}

impl std::fmt::Debug for WordCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordCache").finish_non_exhaustive()
    }
}

/// Per-call shaping state: faces, plans, the word cache and a reusable buffer.
pub(crate) struct Shaper<'a> {
    faces: &'a [ParsedFace],
    plans: &'a PlanCache,
    cache: &'a WordCache,
    lang: &'a str,
    buffer: Option<UnicodeBuffer>,
    key: String,
    units: Vec<UnitGlyph>,
    /// Nominal glyphs looked up so far: (font, char, glyph, advance).
    simple: Vec<(usize, char, u16, u16)>,
}

impl<'a> Shaper<'a> {
    /// A shaper for one paragraph in language `lang`.
    pub(crate) fn new(
        faces: &'a [ParsedFace],
        plans: &'a PlanCache,
        cache: &'a WordCache,
        lang: &'a str,
    ) -> Shaper<'a> {
        Shaper {
            faces,
            plans,
            cache,
            lang,
            buffer: Some(UnicodeBuffer::new()),
            key: String::new(),
            units: Vec::new(),
            simple: Vec::new(),
        }
    }

    /// Shapes `text[range]` in font `font` at `size`, appending glyphs in
    /// logical order to `out`. Soft hyphens are skipped. Returns the range of
    /// `out` that was added.
    pub(crate) fn shape(
        &mut self,
        text: &str,
        range: Range<usize>,
        font: usize,
        size: f32,
        rtl: bool,
        out: &mut Vec<Glyph>,
    ) -> Range<usize> {
        let start = out.len();
        let Some(parsed) = self.faces.get(font) else {
            return start..start;
        };
        let Some(piece) = text.get(range.clone()) else {
            return start..start;
        };
        let face = parsed.face();
        let scale = size / face.units_per_em().max(1) as f32;
        self.key.clear();
        self.key
            .push(char::from_u32(self.lang.len().min(0xD000) as u32).unwrap_or('\u{0}'));
        self.key.push_str(self.lang);
        self.key.push(if rtl { '\u{1}' } else { '\u{2}' });
        self.key
            .push(char::from_u32(0x100 + font as u32).unwrap_or('\u{0}'));
        self.key.push_str(piece);
        let cached = {
            let words = self.cache.words.read().unwrap_or_else(|e| e.into_inner());
            words.get(self.key.as_str()).cloned()
        };
        let units: &[UnitGlyph] = match &cached {
            Some(units) => units,
            None => {
                self.shape_units(face, font, piece, rtl);
                let mut words = self.cache.words.write().unwrap_or_else(|e| e.into_inner());
                if words.len() < MAX_CACHED_WORDS {
                    words.insert(self.key.clone(), Arc::from(self.units.as_slice()));
                }
                &self.units
            }
        };
        let base = range.start as u32;
        out.reserve(units.len());
        out.extend(units.iter().map(|u| Glyph {
            id: u.id,
            advance: u.advance as f32 * scale,
            x_offset: u.x_offset as f32 * scale,
            y_offset: u.y_offset as f32 * scale,
            cluster: base + u.cluster,
            end: base + u.end,
            text: if u.first {
                GlyphText::Range(base + u.cluster, base + u.end)
            } else {
                GlyphText::None
            },
            unsafe_to_break: u.unsafe_to_break,
        }));
        start..out.len()
    }

    /// Shapes one word into `self.units` (logical order, word-relative
    /// clusters, design units).
    fn shape_units(&mut self, face: &rustybuzz::Face<'_>, font: usize, piece: &str, rtl: bool) {
        self.units.clear();
        let mut buffer = self.buffer.take().unwrap_or_default();
        for (i, c) in piece.char_indices() {
            // soft hyphens and bidi controls show nothing and extract as nothing
            if c != SHY && !is_bidi_control(c) {
                buffer.add(c, i as u32);
            }
        }
        if buffer.is_empty() {
            self.buffer = Some(buffer);
            return;
        }
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let plan = self.plans.get(
            face,
            font,
            rtl,
            Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN),
            self.lang,
        );
        let shaped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rustybuzz::shape_with_plan(face, &plan, buffer)
        }))
        .unwrap_or_else(|_| {
            std::panic::resume_unwind(Box::new(ShapingFailed {
                font,
                word: piece.to_string(),
            }))
        });
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let n = infos.len();
        for k in 0..n {
            let j = if rtl { n - 1 - k } else { k };
            let (info, pos) = (&infos[j], &positions[j]);
            self.units.push(UnitGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster,
                end: info.cluster,
                first: false,
                unsafe_to_break: info.unsafe_to_break(),
            });
        }
        self.buffer = Some(shaped.clear());
        // Cluster extents: clusters are non-decreasing in logical order.
        let units = &mut self.units;
        let mut k = 0;
        while k < units.len() {
            let cluster = units[k].cluster;
            let mut next = k + 1;
            while next < units.len() && units[next].cluster == cluster {
                next += 1;
            }
            let end = if next < units.len() {
                units[next].cluster.max(cluster)
            } else {
                piece.len() as u32
            };
            units[k].first = true;
            for u in &mut units[k..next] {
                u.end = end;
            }
            k = next;
        }
    }

    /// The nominal glyph for one character (space, hyphen): id and advance in
    /// points. Uses `substitute` when the font lacks the character.
    pub(crate) fn simple_glyph(
        &mut self,
        font: usize,
        size: f32,
        c: char,
        substitute: char,
    ) -> (u16, f32) {
        let Some(parsed) = self.faces.get(font) else {
            return (0, 0.0);
        };
        let face = parsed.face();
        let scale = size / face.units_per_em().max(1) as f32;
        let (id, advance) = match self.simple.iter().find(|s| s.0 == font && s.1 == c) {
            Some(&(_, _, id, advance)) => (id, advance),
            None => {
                let id = face
                    .glyph_index(c)
                    .or_else(|| face.glyph_index(substitute))
                    .unwrap_or_default();
                let advance = face.glyph_hor_advance(id).unwrap_or(0);
                self.simple.push((font, c, id.0, advance));
                (id.0, advance)
            }
        };
        (id, f32::from(advance) * scale)
    }
}
