//! Margin protrusion and letter-spacing gaps: what every item of a built
//! paragraph may hang into the margins and how much it may be spaced.

use std::ops::Range;

use super::Paragraph;
use crate::text::breaks::{INFINITE_PENALTY, ItemKind};
use crate::text::protrusion;
use crate::text::shape::{Glyph, GlyphText, SHY};

impl Paragraph {
    /// The source character a glyph ends with (`last`) or starts with, soft
    /// hyphens aside (for protrusion).
    fn edge_char(&self, g: &Glyph, last: bool) -> Option<char> {
        match g.text {
            GlyphText::Hyphen => Some('-'),
            _ => {
                let text = self.text.get(g.cluster as usize..g.end as usize)?;
                let mut chars = text.chars().filter(|&c| c != SHY);
                if last {
                    chars.next_back()
                } else {
                    chars.next()
                }
            }
        }
    }

    /// What a glyph ending a line may hang into the margin.
    fn glyph_end_protrusion(&self, g: &Glyph) -> f32 {
        self.edge_char(g, true)
            .map_or(0.0, |c| protrusion::end_factor(c) * g.advance.max(0.0))
    }

    /// What a glyph starting a line may hang into the margin.
    fn glyph_start_protrusion(&self, g: &Glyph) -> f32 {
        self.edge_char(g, false)
            .map_or(0.0, |c| protrusion::start_factor(c) * g.advance.max(0.0))
    }

    /// Fills in every break's protrusion amounts.
    pub(super) fn compute_protrusion(&mut self) {
        let first_box = self
            .items
            .iter()
            .position(|it| it.kind == ItemKind::Box)
            .map(|i| self.content[i].glyphs.clone());
        self.first_protrude = first_box
            .and_then(|r| self.glyphs.get(r.start).copied())
            .map_or(0.0, |g| self.glyph_start_protrusion(&g));
        for i in 0..self.items.len() {
            let kind = self.items[i].kind;
            if kind == ItemKind::Box {
                continue;
            }
            let c = &self.content[i];
            // Last glyph of a line ending here.
            let last = if kind == ItemKind::Penalty && !c.pre.is_empty() {
                Some(c.pre.end - 1)
            } else if i > 0 && self.items[i - 1].kind == ItemKind::Box {
                let r = &self.content[i - 1].glyphs;
                (!r.is_empty()).then(|| r.end - 1)
            } else {
                None
            };
            // First glyph of a line starting after here.
            let first = if kind == ItemKind::Penalty && !c.post.is_empty() {
                Some(c.post.start)
            } else {
                let s = crate::text::breaks::line_start(&self.items, i);
                (s < self.items.len() && self.items[s].kind == ItemKind::Box)
                    .then(|| self.content[s].glyphs.start)
                    .filter(|&g| g < self.content[s].glyphs.end)
            };
            let end = last.map_or(0.0, |g| self.glyph_end_protrusion(&self.glyphs[g]));
            let start = first.map_or(0.0, |g| self.glyph_start_protrusion(&self.glyphs[g]));
            self.items[i].protrude_end = end;
            self.items[i].protrude_start = start;
        }
    }

    /// Whether the material after item `i` continues the same word when the
    /// paragraph is not broken there.
    fn word_continues(&self, i: usize) -> bool {
        self.items.get(i + 1).is_some_and(|next| match next.kind {
            ItemKind::Box => true,
            ItemKind::Glue => false,
            ItemKind::Penalty => next.penalty.abs() < INFINITE_PENALTY,
        })
    }

    /// Letter-spacing gaps in `glyphs`, each counted as its run's font size
    /// (so that a spacing in ems times the sum is the added width): one after
    /// every glyph that is followed by a glyph of the same word with an
    /// advance (not a mark); after the last glyph only if the word continues.
    fn gaps(&self, glyphs: &Range<usize>, run: usize, continues: bool) -> f32 {
        let gs = &self.glyphs[glyphs.clone()];
        let n = (0..gs.len())
            .filter(|&k| gs.get(k + 1).map_or(continues, |g| g.advance > 0.0))
            .count();
        n as f32 * self.runs.get(run).map_or(0.0, |r| r.size)
    }

    /// Fills in every item's letter-spacing gaps (see [`Item::expand`]).
    pub(crate) fn compute_expansion(&mut self) {
        for i in 0..self.items.len() {
            let it = self.items[i];
            match it.kind {
                ItemKind::Glue => {}
                ItemKind::Box => {
                    let continues = self.word_continues(i);
                    let c = &self.content[i];
                    self.items[i].expand = self.gaps(&c.glyphs, c.run, continues);
                }
                ItemKind::Penalty => {
                    if it.penalty.abs() >= INFINITE_PENALTY {
                        continue;
                    }
                    let continues = self.word_continues(i);
                    let c = &self.content[i];
                    let expand = self.gaps(&c.glyphs, c.run, continues);
                    let post_expand = self.gaps(&c.post, c.run, continues);
                    let pre_expand = if c.pre.is_empty() {
                        // The glyph before the break now ends the line: no gap
                        // after it.
                        i.checked_sub(1)
                            .map(|j| (&self.items[j], &self.content[j]))
                            .filter(|(prev, pc)| {
                                prev.kind != ItemKind::Glue && !pc.glyphs.is_empty()
                            })
                            .map_or(0.0, |(_, pc)| {
                                -self.runs.get(pc.run).map_or(0.0, |r| r.size)
                            })
                    } else {
                        self.gaps(&c.pre, c.run, false)
                    };
                    let item = &mut self.items[i];
                    item.expand = expand;
                    item.pre_expand = pre_expand;
                    item.post_expand = post_expand;
                }
            }
        }
    }
}
