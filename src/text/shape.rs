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
//! (font, direction, script, language) in a [`PlanCache`] owned by the
//! [`Typesetter`](super::Typesetter). The cache only memoises a function of
//! the font, so layout stays a pure function of its input.
//!
//! [`PositionedGlyph::text`]: super::PositionedGlyph::text

use std::ops::Range;
use std::sync::{Arc, RwLock};

use rustybuzz::{Direction, Language, ShapePlan, UnicodeBuffer};

use super::fonts::ParsedFace;

/// The soft hyphen, never shaped.
pub(crate) const SHY: char = '\u{AD}';

/// Where a glyph's source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GlyphText {
    /// The paragraph-text bytes `start..end` (soft hyphens are skipped).
    Range(u32, u32),
    /// An added hyphen (`"-"`).
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

/// Per-call shaping state: faces, plans and a reusable buffer.
pub(crate) struct Shaper<'a> {
    faces: &'a [ParsedFace],
    plans: &'a PlanCache,
    lang: &'a str,
    buffer: Option<UnicodeBuffer>,
}

impl<'a> Shaper<'a> {
    /// A shaper for one paragraph in language `lang`.
    pub(crate) fn new(faces: &'a [ParsedFace], plans: &'a PlanCache, lang: &'a str) -> Shaper<'a> {
        Shaper {
            faces,
            plans,
            lang,
            buffer: Some(UnicodeBuffer::new()),
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
        let mut buffer = self.buffer.take().unwrap_or_default();
        for (i, c) in piece.char_indices() {
            if c != SHY {
                buffer.add(c, (range.start + i) as u32);
            }
        }
        if buffer.is_empty() {
            self.buffer = Some(buffer);
            return start..start;
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
        let shaped = rustybuzz::shape_with_plan(face, &plan, buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let n = infos.len();
        out.reserve(n);
        for k in 0..n {
            let j = if rtl { n - 1 - k } else { k };
            let (info, pos) = (&infos[j], &positions[j]);
            out.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                y_offset: pos.y_offset as f32 * scale,
                cluster: info.cluster,
                end: info.cluster,
                text: GlyphText::None,
                unsafe_to_break: info.unsafe_to_break(),
            });
        }
        self.buffer = Some(shaped.clear());
        // Cluster texts: clusters are non-decreasing in logical order.
        let added = &mut out[start..];
        let mut k = 0;
        while k < added.len() {
            let cluster = added[k].cluster;
            let mut next = k + 1;
            while next < added.len() && added[next].cluster == cluster {
                next += 1;
            }
            let end = if next < added.len() {
                added[next].cluster.max(cluster)
            } else {
                range.end as u32
            };
            added[k].text = GlyphText::Range(cluster, end);
            for g in &mut added[k..next] {
                g.end = end;
            }
            k = next;
        }
        start..out.len()
    }

    /// The nominal glyph for one character (space, hyphen): id and advance in
    /// points. Falls back to `fallback` when the font lacks the character.
    pub(crate) fn simple_glyph(
        &self,
        font: usize,
        size: f32,
        c: char,
        fallback: char,
    ) -> (u16, f32) {
        let Some(parsed) = self.faces.get(font) else {
            return (0, 0.0);
        };
        let face = parsed.face();
        let scale = size / face.units_per_em().max(1) as f32;
        let id = face
            .glyph_index(c)
            .or_else(|| face.glyph_index(fallback))
            .unwrap_or_default();
        let advance = face.glyph_hor_advance(id).unwrap_or(0);
        (id.0, f32::from(advance) * scale)
    }
}
