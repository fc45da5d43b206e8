//! The builder: a paragraph's text walked as words and spaces, each turned
//! into boxes, glue and penalties with the glyphs they stand for.

use std::ops::Range;

use super::{
    BuildOptions, Content, Paragraph, RunInfo, SPACE_SHRINK, SPACE_STRETCH, is_breaking_space,
    is_fixed_space, is_forced_break,
};
use crate::text::breaks::{BreakLevel, INFINITE_PENALTY, Item, ItemKind};
use crate::text::hyphenate::LangRules;
use crate::text::shape::{Glyph, GlyphText, SHY, Shaper};

/// Per-build state.
pub(super) struct Builder<'a> {
    pub(super) p: Paragraph,
    pub(super) shaper: Shaper<'a>,
    pub(super) rules: LangRules<'a>,
    pub(super) options: BuildOptions,
    pub(super) levels: Option<Vec<u8>>,
    /// UAX #14 allowed break positions (sorted).
    pub(super) opportunities: Vec<usize>,
    pub(super) scratch: String,
    pub(super) points: Vec<usize>,
    /// Reused per word.
    pub(super) cut_buf: Vec<Cut>,
    /// Reused per word: (text, run, level, glyphs) of each segment.
    pub(super) segment_buf: Vec<Segment>,
}

/// A piece of a word in one run and one bidi level: its text range, run,
/// level and glyphs.
pub(super) type Segment = (Range<usize>, usize, u8, Range<usize>);

impl Builder<'_> {
    /// Bidi embedding level of the byte at `pos`.
    fn level_at(&self, pos: usize) -> u8 {
        self.levels
            .as_ref()
            .and_then(|l| l.get(pos).copied())
            .unwrap_or(0)
    }

    /// Walks the text as words and spaces, then ends the paragraph.
    pub(super) fn run(&mut self) {
        for k in 0..self.p.runs.len() {
            let RunInfo { font, size, .. } = self.p.runs[k];
            if !self.p.spaces.iter().any(|&(f, _)| f == font) {
                let (id, _) = self.shaper.simple_glyph(font, size, ' ', ' ');
                self.p.spaces.push((font, id));
            }
        }
        let len = self.p.text.len();
        let mut i = 0;
        while i < len {
            let c = self.p.text[i..].chars().next().unwrap_or(' ');
            let spacey = |c: char| is_breaking_space(c) || is_fixed_space(c) || is_forced_break(c);
            let start = i;
            if spacey(c) {
                let mut breaking = false;
                while let Some(c) = self.p.text[i..].chars().next().filter(|&c| spacey(c)) {
                    if is_forced_break(c) {
                        self.forced_break(i);
                        breaking = false;
                    } else if is_breaking_space(c) {
                        breaking = true;
                    }
                    i += c.len_utf8();
                }
                // Glue after the last forced break of the stretch, if any.
                let glue_from = self.p.text[start..i]
                    .rfind(is_forced_break)
                    .map_or(start, |k| {
                        start
                            + k
                            + self.p.text[start + k..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8)
                    });
                if glue_from < i {
                    self.space(
                        glue_from..i,
                        breaking || self.p.text[glue_from..i].chars().any(is_breaking_space),
                    );
                }
            } else {
                while let Some(c) = self.p.text[i..].chars().next().filter(|&c| !spacey(c)) {
                    i += c.len_utf8();
                }
                self.word(start..i);
            }
        }
        self.drop_trailing_glue();
        let run = self.p.runs.len().saturating_sub(1);
        self.p.push(
            Item::forced(),
            Content {
                run,
                ..Content::default()
            },
        );
    }

    /// Drops glue (and its no-break penalty) at the end of a line.
    fn drop_trailing_glue(&mut self) {
        if self
            .p
            .items
            .last()
            .is_some_and(|it| it.kind == ItemKind::Glue)
        {
            self.p.items.pop();
            self.p.content.pop();
            if self
                .p
                .items
                .last()
                .is_some_and(|it| it.kind == ItemKind::Penalty && it.penalty >= INFINITE_PENALTY)
            {
                self.p.items.pop();
                self.p.content.pop();
            }
        }
    }

    /// Pushes a forced break at byte `pos`.
    fn forced_break(&mut self, pos: usize) {
        self.drop_trailing_glue();
        let run = self.p.run_at(pos);
        let level = self.level_at(pos);
        self.p.push(
            Item::forced(),
            Content {
                run,
                level,
                ..Content::default()
            },
        );
    }

    /// Pushes the glue of the spaces `range` (and an infinite penalty when
    /// no line may break there).
    fn space(&mut self, range: Range<usize>, breaking: bool) {
        // Spaces at the start of the paragraph or of a forced line vanish.
        match self.p.items.last() {
            None => return,
            Some(it) if it.kind == ItemKind::Penalty && it.penalty <= -INFINITE_PENALTY => return,
            Some(it) if it.kind == ItemKind::Glue => return,
            _ => {}
        }
        let run_index = self.p.run_at(range.start);
        let run = self.p.runs[run_index].clone();
        let breaking = breaking && !self.p.inside_no_break(range.start, range.end);
        let first = self.p.text[range.clone()].chars().next().unwrap_or(' ');
        let shown = if is_fixed_space(first) { first } else { ' ' };
        let (id, advance) = self.shaper.simple_glyph(run.font, run.size, shown, ' ');
        let level = self.level_at(range.start);
        let g = self.p.glyphs.len();
        let end = range.start + first.len_utf8();
        self.p.glyphs.push(Glyph {
            id,
            advance,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: range.start as u32,
            end: end as u32,
            text: if shown == ' ' && first != ' ' {
                // A tab, newline or other space: extracted as a plain space.
                GlyphText::Space
            } else {
                GlyphText::Range(range.start as u32, end as u32)
            },
            unsafe_to_break: false,
        });
        if !breaking {
            self.p.push(
                Item::penalty(INFINITE_PENALTY, 0.0, false),
                Content {
                    run: run_index,
                    level,
                    ..Content::default()
                },
            );
        }
        let (stretch, shrink) = if self.options.justify {
            (advance * SPACE_STRETCH, advance * SPACE_SHRINK)
        } else {
            (0.0, 0.0)
        };
        self.p.push(
            Item::glue(advance, stretch, shrink),
            Content {
                glyphs: g..g + 1,
                run: run_index,
                level,
                ..Content::default()
            },
        );
    }

    /// Turns the word `range` into boxes and the penalties of its cuts.
    fn word(&mut self, range: Range<usize>) {
        let mut cuts = std::mem::take(&mut self.cut_buf);
        cuts.clear();
        self.cuts(range.clone(), &mut cuts);
        let p = &self.p;
        cuts.retain(|c| !p.inside_no_break(c.pos, c.pos));
        let mut segments = std::mem::take(&mut self.segment_buf);
        segments.clear();
        self.shape_segments(range, &mut segments);
        let mut ci = 0;
        for (seg_index, segment) in segments.iter().enumerate() {
            let (text_range, level) = (&segment.0, segment.2);
            // A cut at the segment boundary is always safe.
            while ci < cuts.len() && cuts[ci].pos <= text_range.start {
                if cuts[ci].pos == text_range.start && seg_index > 0 {
                    let prev_run = segments[seg_index - 1].1;
                    self.simple_cut(cuts[ci], prev_run, level);
                }
                ci += 1;
            }
            ci = self.segment_items(segment, &cuts, ci);
        }
        self.cut_buf = cuts;
        self.segment_buf = segments;
    }

    /// Cuts the word `range` into segments of one run and one bidi level,
    /// shaped once each, into `segments`.
    fn shape_segments(&mut self, range: Range<usize>, segments: &mut Vec<Segment>) {
        let mut s = range.start;
        while s < range.end {
            let run = self.p.run_at(s);
            let level = self.level_at(s);
            let mut e = self.p.runs[run].range.end.min(range.end);
            if self.levels.is_some() {
                let mut k = s;
                while k < e {
                    if self.level_at(k) != level {
                        break;
                    }
                    k += self.p.text[k..].chars().next().map_or(1, char::len_utf8);
                }
                e = k;
            }
            if e <= s {
                e = s + self.p.text[s..].chars().next().map_or(1, char::len_utf8);
            }
            let RunInfo { font, size, .. } = self.p.runs[run];
            let glyphs = self.shaper.shape(
                &self.p.text,
                s..e,
                font,
                size,
                level % 2 == 1,
                &mut self.p.glyphs,
            );
            segments.push((s..e, run, level, glyphs));
            s = e;
        }
    }

    /// Pushes the boxes and penalties of one segment, taking the cuts from
    /// `cuts[ci..]` that lie inside it; returns the index of the first cut
    /// after it.
    fn segment_items(&mut self, segment: &Segment, cuts: &[Cut], mut ci: usize) -> usize {
        let (text_range, run, level, glyphs) = segment;
        let (run, level) = (*run, *level);
        let mut cursor = glyphs.start;
        let mut last_end = text_range.start;
        while ci < cuts.len() && cuts[ci].pos < text_range.end {
            let cut = cuts[ci];
            ci += 1;
            let b = cut.pos;
            if b < last_end {
                continue;
            }
            let g = (cursor..glyphs.end)
                .find(|&g| self.p.glyphs[g].cluster as usize >= b)
                .unwrap_or(glyphs.end);
            if g == cursor {
                // Nothing of this segment before the cut (or the cut is
                // inside material already consumed): ignore it.
                continue;
            }
            let before = self.p.glyphs[g - 1];
            let mid = before.end as usize > b;
            let unsafe_here = g < glyphs.end
                && self.p.glyphs[g].cluster as usize == b
                && self.p.glyphs[g].unsafe_to_break;
            if !mid && !unsafe_here {
                self.push_box(cursor..g, run, level);
                self.simple_cut(cut, run, level);
                cursor = g;
                continue;
            }
            if let Some((ge, ce)) = self.discretionary(cut, cursor..glyphs.end, g, mid, run, level)
            {
                cursor = ge;
                last_end = ce;
            }
        }
        self.push_box(cursor..glyphs.end, run, level);
        ci
    }

    /// A cut that shaping does not allow as is (inside a cluster, or where
    /// a ligature or kerning spans it) at glyph `g` of the unconsumed glyphs
    /// `rest`: the glyphs before it become a box and the cut a
    /// discretionary whose two sides are reshaped separately. Returns the
    /// glyph and the text position after the discretionary, or `None` when
    /// the cut is ignored.
    fn discretionary(
        &mut self,
        cut: Cut,
        rest: Range<usize>,
        g: usize,
        mid: bool,
        run: usize,
        level: u8,
    ) -> Option<(usize, usize)> {
        let (cursor, end) = (rest.start, rest.end);
        let b = cut.pos;
        let before = self.p.glyphs[g - 1];
        let mut gs = g - 1;
        while gs > cursor && self.p.glyphs[gs - 1].cluster == before.cluster {
            gs -= 1;
        }
        if gs < cursor || self.p.glyphs[gs].cluster != before.cluster {
            return None;
        }
        let (ge, ce) = if mid {
            (g, before.end as usize)
        } else {
            let at = self.p.glyphs[g];
            let mut ge = g;
            while ge < end && self.p.glyphs[ge].cluster == at.cluster {
                ge += 1;
            }
            (ge, at.end as usize)
        };
        let cs = before.cluster as usize;
        self.push_box(cursor..gs, run, level);
        let RunInfo { font, size, .. } = self.p.runs[run];
        let rtl = level % 2 == 1;
        let pre = self
            .shaper
            .shape(&self.p.text, cs..b, font, size, rtl, &mut self.p.glyphs);
        let pre = if cut.hyphen {
            self.push_hyphen(run);
            pre.start..self.p.glyphs.len()
        } else {
            pre
        };
        let post = self
            .shaper
            .shape(&self.p.text, b..ce, font, size, rtl, &mut self.p.glyphs);
        let nobreak = gs..ge;
        let item = Item {
            width: self.p.width(&nobreak),
            pre_width: self.p.width(&pre),
            post_width: self.p.width(&post),
            level: cut.level,
            ..Item::penalty(cut.penalty, 0.0, cut.flagged)
        };
        self.p.push(
            item,
            Content {
                glyphs: nobreak,
                pre,
                post,
                run,
                level,
                hyphen: cut.hyphen,
            },
        );
        Some((ge, ce))
    }

    /// Pushes a box of the glyphs `glyphs` (none if empty).
    fn push_box(&mut self, glyphs: Range<usize>, run: usize, level: u8) {
        if glyphs.is_empty() {
            return;
        }
        let width = self.p.width(&glyphs);
        self.p.push(
            Item::boxed(width),
            Content {
                glyphs,
                run,
                level,
                ..Content::default()
            },
        );
    }

    /// Appends the hyphen glyph of a run's font.
    fn push_hyphen(&mut self, run: usize) {
        let RunInfo { font, size, .. } = self.p.runs[run];
        // The font's own soft-hyphen glyph (or U+2010) where it has one, so
        // that the glyph maps to U+00AD alone and needs no /ActualText.
        let (id, advance) = match self.shaper.simple_glyph(font, size, SHY, '\u{2010}') {
            (0, _) => self.shaper.simple_glyph(font, size, '-', '-'),
            found => found,
        };
        self.p.glyphs.push(Glyph {
            id,
            advance,
            x_offset: 0.0,
            y_offset: 0.0,
            cluster: 0,
            end: 0,
            text: GlyphText::Hyphen,
            unsafe_to_break: false,
        });
    }

    /// Pushes the penalty of a cut that needs no reshaping (plus its
    /// added hyphen).
    fn simple_cut(&mut self, cut: Cut, run: usize, level: u8) {
        let pre = if cut.hyphen {
            let start = self.p.glyphs.len();
            self.push_hyphen(run);
            start..self.p.glyphs.len()
        } else {
            0..0
        };
        let item = Item {
            pre_width: self.p.width(&pre),
            level: cut.level,
            ..Item::penalty(cut.penalty, 0.0, cut.flagged)
        };
        self.p.push(
            item,
            Content {
                pre,
                run,
                level,
                hyphen: cut.hyphen,
                ..Content::default()
            },
        );
    }
}

/// A break opportunity inside a word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cut {
    pub(super) pos: usize,
    pub(super) penalty: f32,
    pub(super) hyphen: bool,
    pub(super) flagged: bool,
    pub(super) level: BreakLevel,
}

impl Cut {
    /// A cut at byte `pos`.
    pub(super) fn new(
        pos: usize,
        penalty: f32,
        hyphen: bool,
        flagged: bool,
        level: BreakLevel,
    ) -> Cut {
        Cut {
            pos,
            penalty,
            hyphen,
            flagged,
            level,
        }
    }
}
