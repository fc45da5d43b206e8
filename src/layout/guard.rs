//! The reading-order guard: a flow is placed so that every page extracts
//! in reading order (see [`super::extract`]).
//!
//! Whether a page extracts in order is a function of its text boxes alone,
//! so the answers are kept in a [`GuardMemo`] by the exact bytes of the
//! boxes: a trial placement that leaves a page as it was, and in a
//! rebuild by `brochure watch` (which keeps the memo) every page the edit
//! did not touch, is not checked again.

use super::flow::{self, Elem, ElemKind};
use super::*;
use crate::memo::{CacheStats, Memo};
use crate::text::FontBook;

/// Most pages whose answer a [`GuardMemo`] keeps.
const MAX_PAGES: usize = 100_000;

/// The reading-order guard's answers, by the text boxes of a page and the
/// document's direction; owned by the caller (a watcher keeps one between
/// builds) and passed to [`lay_out_with`].
#[derive(Debug)]
pub struct GuardMemo(Memo<bool>);

impl Default for GuardMemo {
    fn default() -> GuardMemo {
        GuardMemo(Memo::new(MAX_PAGES))
    }
}

impl GuardMemo {
    /// Ends a build: drops the pages it did not check, then starts counting
    /// the next build's hits and misses.
    pub fn sweep(&self) {
        self.0.sweep();
    }

    /// Pages found and pages checked since the last [`sweep`](Self::sweep).
    pub fn stats(&self) -> CacheStats {
        self.0.stats()
    }

    /// [`extract::order_is_kept`], through the memo.
    fn order_is_kept(&self, boxes: &[extract::TextBox], direction: model::Direction) -> bool {
        let mut key = Vec::with_capacity(1 + boxes.len() * 25);
        key.push(u8::from(direction == model::Direction::Rtl));
        for b in boxes {
            for v in [b.x0, b.x1, b.base, b.size, b.ascent, b.descent] {
                key.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            key.push(u8::from(b.artifact));
        }
        if let Some(kept) = self.0.get(&key) {
            return kept;
        }
        let kept = extract::order_is_kept(boxes, direction);
        self.0.put(key.into_boxed_slice(), kept);
        kept
    }
}

impl Layouter<'_> {
    /// Places a flow so that every page extracts in reading order (see
    /// [`extract`]): where a page would not, one grid step of space (else
    /// two) is added above a block on that page, trying blocks in order
    /// until it does.
    pub(super) fn guarded_placement(
        &self,
        elems: &[Elem],
        first: usize,
        top: f32,
        section: &Option<Part>,
    ) -> Vec<flow::Placement> {
        let mut extra = vec![0.0; elems.len()];
        let mut placed = flow::Flow {
            elems,
            extra: &extra,
            frame: &self.frame,
            first_top: top,
            balance: true,
        }
        .go_on(flow::Placed::default(), None);
        let mut checked = 0;
        // candidates: elements that start a text block
        let starts: Vec<usize> = (0..elems.len())
            .filter(|&i| {
                !elems[i].discardable
                    && (elems[i].kind == ElemKind::Block
                        || i == 0
                        || elems[i - 1].kind != ElemKind::Line)
            })
            .collect();
        let mut budget = 400;
        loop {
            let placements = &placed.placements;
            let Some(bad) = (checked..=placements.last().map_or(0, |p| p.page))
                .find(|&p| !self.page_extracts_in_order(elems, placements, p, first, section))
            else {
                return placed.placements;
            };
            let starts_on = |page: usize| -> Vec<usize> {
                placements
                    .iter()
                    .filter(|p| p.page == page && starts.contains(&p.elem))
                    .map(|p| p.elem)
                    .skip(1)
                    .collect()
            };
            // blocks of the page, then of the page before (moving what
            // reaches the page)
            let mut on_page = starts_on(bad);
            if bad > 0 {
                on_page.extend(starts_on(bad - 1));
            }
            let before = bad.saturating_sub(1);
            let mut fixed = false;
            // one grid step above one block, else two
            'mend: for steps in [1.0, 2.0] {
                for &e in &on_page {
                    if budget == 0 {
                        break 'mend;
                    }
                    budget -= 1;
                    extra[e] += steps * self.frame.grid;
                    // the pages before `before` cannot change: the trial
                    // starts there, and goes past `bad` only if those pages
                    // now read in order
                    let trial = flow::Flow {
                        elems,
                        extra: &extra,
                        frame: &self.frame,
                        first_top: top,
                        balance: true,
                    };
                    let part = trial.go_on(placed.up_to(before), Some(bad));
                    if (before..=bad).all(|p| {
                        self.page_extracts_in_order(elems, &part.placements, p, first, section)
                    }) {
                        let whole = trial.go_on(part, None);
                        let pages = |p: &[flow::Placement]| p.last().map_or(0, |l| l.page);
                        // a mend must not cost a page
                        if pages(&whole.placements) <= pages(&placed.placements) {
                            placed = whole;
                            fixed = true;
                            break 'mend;
                        }
                    }
                    extra[e] -= steps * self.frame.grid;
                }
            }
            if self.debug_order {
                eprintln!(
                    "page {} (flow page {bad}): fixed {fixed}, candidates {}",
                    first + bad + 1,
                    on_page.len()
                );
            }
            // a page that cannot be mended is left as it is; the next ones are still checked
            checked = bad + 1;
        }
    }

    /// Whether page `page` of a flow (with its opener and furniture) extracts in order.
    pub(super) fn page_extracts_in_order(
        &self,
        elems: &[Elem],
        placements: &[flow::Placement],
        page: usize,
        first: usize,
        section: &Option<Part>,
    ) -> bool {
        let mut boxes = Vec::new();
        let abs = first + page;
        if let Some(p) = self.pages.get(abs) {
            text_boxes(&p.items, self.ts.fonts(), &mut boxes);
        }
        // the boxes where `place::offset` would move the items, without
        // copying the items (and their glyphs) to get there
        for pl in placements.iter().filter(|p| p.page == page) {
            let x0 = self.frame.column_x(pl.column);
            text_boxes_moved(
                &elems[pl.elem].items,
                self.ts.fonts(),
                (x0, pl.y),
                &mut boxes,
            );
        }
        let mut furniture = Vec::new();
        self.furniture_for(abs, section, &mut furniture);
        text_boxes(&furniture, self.ts.fonts(), &mut boxes);
        self.guard_memo
            .order_is_kept(&boxes, self.doc.language.direction)
    }
}

/// The text boxes of items, in order, for the reading-order guard; their
/// height comes from the ascent and descent of each run's font, as the PDF's
/// font descriptor gives them to extractors.
pub(super) fn text_boxes(items: &[Item], fonts: &FontBook, out: &mut Vec<extract::TextBox>) {
    text_boxes_moved(items, fonts, (0.0, 0.0), out);
}

/// The text boxes of items moved by (`dx`, `dy`) as [`super::place::offset`]
/// moves them, in order, without copying the items (and their glyphs).
fn text_boxes_moved(
    items: &[Item],
    fonts: &FontBook,
    (dx, dy): (f32, f32),
    out: &mut Vec<extract::TextBox>,
) {
    for item in items {
        if let Item::Text {
            x, y, run, role, ..
        } = item
        {
            let (Some(a), Some(b)) = (run.glyphs.first(), run.glyphs.last()) else {
                continue;
            };
            // the same sums as `offset` then the boxes, so the same floats
            let (x, y) = (x + dx, y + dy);
            let font = fonts.get(run.font);
            out.push(extract::TextBox {
                x0: x + a.x,
                x1: x + b.x + b.advance,
                base: y,
                size: run.size,
                ascent: font.ascent(1.0),
                descent: font.descent(1.0),
                // furniture, photo captions and pull quotes float: their
                // place in the order does not matter
                artifact: matches!(role, Role::Artifact | Role::Caption | Role::Statement),
            });
        }
    }
}
